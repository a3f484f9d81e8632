/** CreateVpc (aws-semantics.md §3.13): an IPv4 /16–/28 block, canonicalised, with its default group, ACL and main table. */
import type { CreateVpcRequest, CreateVpcResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { parseVpcCidrBlock } from '../../core/validate/cidr-block.ts';
import type { RequestContext } from '../context.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import { vpcToWire } from './to-wire.ts';
import { createVpcWithDefaults } from './vpc-lifecycle.ts';

export async function createVpc(input: CreateVpcRequest, ctx: RequestContext): Promise<CreateVpcResult> {
  if (input.AmazonProvidedIpv6CidrBlock || input.Ipv6CidrBlock || input.Ipv6Pool || input.Ipv6IpamPoolId || input.Ipv4IpamPoolId) {
    // Not yet modelled: IPv6 VPC blocks and IPAM pools. Refused openly rather than ignored.
    throw ec2Error('InvalidParameterValue', 'Rampart does not support IPv6 VPC CIDR blocks or IPAM pools yet.');
  }
  if (input.CidrBlock === undefined) throw ec2Error('MissingParameter', 'CidrBlock');
  const cidr = parseVpcCidrBlock(input.CidrBlock);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'vpc', ctx.quotas.tagsPerResource);
  const vpc = await ctx.write((tx) => {
    if (tx.count('vpc') >= ctx.quotas.vpcsPerRegion) throw ec2Error('VpcLimitExceeded');
    return createVpcWithDefaults(tx, ctx, { cidr, isDefault: false, instanceTenancy: input.InstanceTenancy ?? 'default', tags });
  });
  return { Vpc: { ...vpcToWire(vpc, ctx.accountId), State: 'pending' } };
}
