/**
 * CreateRouteTable: a table in a VPC with only the `local` route for the VPC's block (origin CreateRouteTable, CLI-EX),
 * associated with nothing; subnets keep using the main table until AssociateRouteTable. `ClientToken` makes retries
 * idempotent.
 */
import type { CreateRouteTableRequest, CreateRouteTableResult } from '../../api/ec2/types.ts';
import { earlierResultOf } from '../client-token.ts';
import type { RequestContext } from '../context.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import type { RouteTableRecord } from '../vpcs/records.ts';
import { requireVpc } from '../vpcs/lookup.ts';
import { routeTableToWire } from './to-wire.ts';

export async function createRouteTable(input: CreateRouteTableRequest, ctx: RequestContext): Promise<CreateRouteTableResult> {
  const tags = tagsFromSpecifications(input.TagSpecifications, 'route-table', ctx.quotas.tagsPerResource);
  const table = await ctx.write((tx) => {
    const vpc = requireVpc(tx, input.VpcId);
    const earlier = earlierResultOf<RouteTableRecord>(tx, 'route-table', input.ClientToken, (t) => t.parentId === vpc.id);
    if (earlier) return earlier;
    return tx.put<RouteTableRecord>({
      kind: 'route-table',
      id: ctx.newId('rtb'),
      parentId: vpc.id,
      routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', origin: 'CreateRouteTable' }],
      associations: [],
      ...(tags ? { tags } : {}),
      ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
    });
  });
  return { RouteTable: routeTableToWire(ctx.view, table, ctx.accountId), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
}
