/**
 * ReplaceNetworkAclEntry (aws-semantics.md §3.11): swaps the entry with the same (rule number, direction) for the one
 * described; a missing one is `InvalidNetworkAclEntry.NotFound` (observed for delete; for replace the natural reading).
 * Moving an entry to the other address family needs room there (quota per family, `*` entry included).
 */
import type { ReplaceNetworkAclEntryRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { entryFamily, entryFromRequest, requireRoomFor, sortEntries } from './entry-spec.ts';
import { requireNetworkAcl } from './lookup.ts';
import type { NetworkAclRecord } from './records.ts';

export async function replaceNetworkAclEntry(input: ReplaceNetworkAclEntryRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  const entry = entryFromRequest(input);
  await ctx.write((tx) => {
    const acl = requireNetworkAcl(tx, input.NetworkAclId);
    const old = acl.entries.find((e) => e.ruleNumber === entry.ruleNumber && e.egress === entry.egress);
    if (!old) throw ec2Error('InvalidNetworkAclEntry.NotFound', entry.egress ? 'egress' : 'ingress', entry.ruleNumber);
    const entries = sortEntries([...acl.entries.filter((e) => e !== old), entry]);
    if (entryFamily(old) !== entryFamily(entry)) requireRoomFor(entries, entry, ctx.quotas.networkAclEntriesPerAcl);
    tx.put<NetworkAclRecord>({ ...acl, entries });
  });
  return {};
}
