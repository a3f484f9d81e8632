/**
 * CreateNetworkAcl (aws-semantics.md §3.10, §6.7, fact 21): a custom ACL in a VPC, associated with no subnet, with no
 * entries of its own — only the `*` deny entries, so it blocks everything until entries are added. At most
 * `networkAclsPerVpc` ACLs per VPC, the default one included (VPC-Q: 200). `ClientToken` makes retries idempotent.
 */
import type { CreateNetworkAclRequest, CreateNetworkAclResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { earlierResultOf } from '../client-token.ts';
import type { RequestContext } from '../context.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import { requireVpc } from '../vpcs/lookup.ts';
import type { NetworkAclRecord } from './records.ts';
import { networkAclToWire } from './to-wire.ts';

export async function createNetworkAcl(input: CreateNetworkAclRequest, ctx: RequestContext): Promise<CreateNetworkAclResult> {
  const tags = tagsFromSpecifications(input.TagSpecifications, 'network-acl', ctx.quotas.tagsPerResource);
  const acl = await ctx.write((tx) => {
    const vpc = requireVpc(tx, input.VpcId);
    const earlier = earlierResultOf<NetworkAclRecord>(tx, 'network-acl', input.ClientToken, (a) => a.parentId === vpc.id);
    if (earlier) return earlier;
    if (tx.children(vpc.id, 'network-acl').length >= ctx.quotas.networkAclsPerVpc) throw ec2Error('NetworkAclLimitExceeded');
    return tx.put<NetworkAclRecord>({
      kind: 'network-acl',
      id: ctx.newId('acl'),
      parentId: vpc.id,
      isDefault: false,
      entries: [],
      associations: [],
      ...(tags ? { tags } : {}),
      ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
    });
  });
  return { NetworkAcl: networkAclToWire(acl, ctx.accountId), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
}
