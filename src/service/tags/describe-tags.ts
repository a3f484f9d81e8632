/** DescribeTags (aws-semantics.md §3.9): one item per (resource, tag); filters key, value, resource-id, resource-type. */
import type { DescribeTagsRequest, DescribeTagsResult, ResourceType } from '../../api/ec2/types.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import type { Resource } from '../state/resource.ts';
import { TAGGABLE_KINDS } from './taggable.ts';

interface TagItem extends Resource {
  readonly kind: 'tag';
  readonly resourceId: string;
  readonly resourceType: string;
  readonly key: string;
  readonly value: string;
}

export function describeTags(input: DescribeTagsRequest, ctx: RequestContext): DescribeTagsResult {
  const items: TagItem[] = [];
  for (const kind of TAGGABLE_KINDS) {
    for (const r of ctx.view.list(kind)) {
      for (const t of r.tags ?? []) {
        // `tags` is the resource's tag set, so `tag:KEY` filters select resources, as on every other Describe.
        items.push({ kind: 'tag', id: `${r.id}\u0000${t.key}`, resourceId: r.id, resourceType: r.kind, key: t.key, value: t.value, tags: r.tags });
      }
    }
  }
  const filtered = applyFilters(items, input.Filters, {
    key: (t) => t.key,
    value: (t) => t.value,
    'resource-id': (t) => t.resourceId,
    'resource-type': (t) => t.resourceType,
  });
  const page = paginate(filtered, (t) => t.id, input.MaxResults, input.NextToken);
  return {
    Tags: page.items.map((t) => ({ ResourceId: t.resourceId, ResourceType: t.resourceType as ResourceType, Key: t.key, Value: t.value })),
    NextToken: page.nextToken,
  };
}
