/**
 * CreateNetworkAclEntry (aws-semantics.md §3.11, facts 22–23): entries are immutable and identified by (rule number,
 * direction); creating one that exists is `NetworkAclEntryAlreadyExists` (use ReplaceNetworkAclEntry to change it).
 * Validation in entry-spec.ts; the per-direction, per-family quota counts the `*` entry.
 */
import type { CreateNetworkAclEntryRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { entryFromRequest, requireRoomFor, sortEntries } from './entry-spec.ts';
import { requireNetworkAcl } from './lookup.ts';
import type { NetworkAclRecord } from './records.ts';

export async function createNetworkAclEntry(input: CreateNetworkAclEntryRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  const entry = entryFromRequest(input);
  await ctx.write((tx) => {
    const acl = requireNetworkAcl(tx, input.NetworkAclId);
    if (acl.entries.some((e) => e.ruleNumber === entry.ruleNumber && e.egress === entry.egress)) {
      throw ec2Error('NetworkAclEntryAlreadyExists', entry.ruleNumber);
    }
    const entries = sortEntries([...acl.entries, entry]);
    requireRoomFor(entries, entry, ctx.quotas.networkAclEntriesPerAcl);
    tx.put<NetworkAclRecord>({ ...acl, entries });
  });
  return {};
}
