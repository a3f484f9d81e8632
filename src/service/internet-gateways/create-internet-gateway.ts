/** CreateInternetGateway: a detached gateway, with its tags (`TagSpecification.N`, resource type `internet-gateway`). */
import type { CreateInternetGatewayRequest, CreateInternetGatewayResult } from '../../api/ec2/types.ts';
import type { RequestContext } from '../context.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import type { InternetGatewayRecord } from '../vpcs/records.ts';
import { internetGatewayToWire } from './to-wire.ts';

export async function createInternetGateway(input: CreateInternetGatewayRequest, ctx: RequestContext): Promise<CreateInternetGatewayResult> {
  const tags = tagsFromSpecifications(input.TagSpecifications, 'internet-gateway', ctx.quotas.tagsPerResource);
  const gateway = await ctx.write((tx) =>
    tx.put<InternetGatewayRecord>({ kind: 'internet-gateway', id: ctx.newId('igw'), attachedVpcIds: [], ...(tags ? { tags } : {}) }),
  );
  return { InternetGateway: internetGatewayToWire(gateway, ctx.accountId) };
}
