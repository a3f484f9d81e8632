/**
 * DeleteNetworkAclEntry (aws-semantics.md §3.11): by (rule number, direction); a missing one is
 * `InvalidNetworkAclEntry.NotFound` ("no ingress entry with number 120", observed). The `*` entries (32767/32768)
 * can't be removed: their numbers are outside 1–32766 and refused as such (code UNCONFIRMED).
 */
import type { DeleteNetworkAclEntryRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { requireRuleNumber } from './entry-spec.ts';
import { requireNetworkAcl } from './lookup.ts';
import type { NetworkAclRecord } from './records.ts';

export async function deleteNetworkAclEntry(input: DeleteNetworkAclEntryRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  const ruleNumber = requireRuleNumber(input.RuleNumber);
  await ctx.write((tx) => {
    const acl = requireNetworkAcl(tx, input.NetworkAclId);
    const entries = acl.entries.filter((e) => !(e.ruleNumber === ruleNumber && e.egress === input.Egress));
    if (entries.length === acl.entries.length) throw ec2Error('InvalidNetworkAclEntry.NotFound', input.Egress ? 'egress' : 'ingress', ruleNumber);
    tx.put<NetworkAclRecord>({ ...acl, entries });
  });
  return {};
}
