/**
 * CreateManagedPrefixList (aws-semantics.md §3.19): a named list of CIDRs of one address family with a maximum size,
 * at version 1. The answer shows `create-in-progress` (CLI-EX); describes show `create-complete` at once.
 * A retry with the same ClientToken answers the same list (client-token.ts).
 */
import type { CreateManagedPrefixListRequest, CreateManagedPrefixListResult } from '../../api/ec2/types.ts';
import { earlierResultOf } from '../client-token.ts';
import type { RequestContext } from '../context.ts';
import { requestFingerprint } from '../request-fingerprint.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import { requireRoomFor, validateAddressFamily, validateEntries, validateMaxEntries, validatePrefixListName } from './entries.ts';
import type { PrefixListRecord } from './records.ts';
import { prefixListToWire } from './to-wire.ts';

export async function createManagedPrefixList(input: CreateManagedPrefixListRequest, ctx: RequestContext): Promise<CreateManagedPrefixListResult> {
  const name = validatePrefixListName(input.PrefixListName);
  const addressFamily = validateAddressFamily(input.AddressFamily);
  const maxEntries = validateMaxEntries(input.MaxEntries);
  const entries = validateEntries(input.Entries, addressFamily);
  requireRoomFor(entries.length, maxEntries);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'prefix-list', ctx.quotas.tagsPerResource);
  const fingerprint = requestFingerprint(input);
  const list = await ctx.write((tx) => {
    const earlier = earlierResultOf<PrefixListRecord>(tx, 'prefix-list', input.ClientToken, (p) => p.requestFingerprint === fingerprint);
    if (earlier) return earlier;
    return tx.put<PrefixListRecord>({
      kind: 'prefix-list',
      id: ctx.newId('pl'),
      prefixListName: name,
      addressFamily,
      maxEntries,
      version: 1,
      entries,
      ...(tags ? { tags } : {}),
      ...(input.ClientToken ? { clientToken: input.ClientToken, requestFingerprint: fingerprint } : {}),
    });
  });
  return { PrefixList: prefixListToWire(list, ctx.accountId, ctx.region, 'create-in-progress') };
}
