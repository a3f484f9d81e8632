/**
 * DescribeManagedPrefixLists (aws-semantics.md §3.19): by id (an unknown id fails the call) and with the filters
 * owner-id, prefix-list-id, prefix-list-name and tags. AWS-managed lists (`com.amazonaws.<region>.s3` …) are not
 * modelled, so `owner-id=AWS` matches nothing.
 */
import type { DescribeManagedPrefixListsRequest, DescribeManagedPrefixListsResult } from '../../api/ec2/types.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import { requirePrefixList } from './lookup.ts';
import type { PrefixListRecord } from './records.ts';
import { prefixListToWire } from './to-wire.ts';

export function describeManagedPrefixLists(input: DescribeManagedPrefixListsRequest, ctx: RequestContext): DescribeManagedPrefixListsResult {
  const lists =
    input.PrefixListIds && input.PrefixListIds.length > 0
      ? [...new Set(input.PrefixListIds)].map((id) => requirePrefixList(ctx.view, id))
      : ctx.view.list<PrefixListRecord>('prefix-list');
  const filtered = applyFilters(lists, input.Filters, {
    'owner-id': () => ctx.accountId,
    'prefix-list-id': (p) => p.id,
    'prefix-list-name': (p) => p.prefixListName,
  });
  const page = paginate(filtered, (p) => p.id, input.MaxResults, input.NextToken);
  return { PrefixLists: page.items.map((p) => prefixListToWire(p, ctx.accountId, ctx.region)), NextToken: page.nextToken };
}
