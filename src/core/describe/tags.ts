/** `Tags` (or `TagSet` on network interfaces) as `[{ "Key": …, "Value": … }]`; untagged resources omit the key. */
import type { Tag } from '../model/tag.ts';
import type { DescribeItem } from './describe-item.ts';

export function readTags(item: DescribeItem, key: 'Tags' | 'TagSet' = 'Tags'): Tag[] | undefined {
  if (!item.has(key)) return undefined;
  return item.list(key).map((t) => ({ key: t.requiredString('Key'), value: t.optionalString('Value') ?? '' }));
}

/** The `Name` tag, which the console shows as a resource's name. */
export function nameTag(tags: readonly Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.key === 'Name')?.value;
}
