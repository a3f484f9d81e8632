/**
 * GetManagedPrefixListEntries (aws-semantics.md §3.19): the entries of the current version, or of `TargetVersion`
 * (every version is kept). A version the list never had is refused (code UNCONFIRMED).
 */
import type { GetManagedPrefixListEntriesRequest, GetManagedPrefixListEntriesResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { paginate } from '../describe/paginate.ts';
import { requirePrefixList } from './lookup.ts';
import { entryToWire } from './to-wire.ts';

export function getManagedPrefixListEntries(input: GetManagedPrefixListEntriesRequest, ctx: RequestContext): GetManagedPrefixListEntriesResult {
  const list = requirePrefixList(ctx.view, input.PrefixListId);
  let entries = list.entries;
  if (input.TargetVersion !== undefined && input.TargetVersion !== list.version) {
    const old = list.previousVersions?.find((v) => v.version === input.TargetVersion);
    if (!old) throw ec2Error('InvalidParameterValue', `The prefix list ${list.id} has no version ${input.TargetVersion}.`);
    entries = old.entries;
  }
  const page = paginate(entries, (e) => e.cidr, input.MaxResults, input.NextToken);
  return { Entries: page.items.map(entryToWire), NextToken: page.nextToken };
}
