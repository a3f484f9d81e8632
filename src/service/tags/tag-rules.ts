/**
 * Tags on resources (aws-semantics.md §3.9): keys 1–127 characters and not `aws:`-prefixed, values ≤256, case-sensitive,
 * at most 50 per resource (configurable quota), a repeated key overwrites. Also `TagSpecification.N` on Create*.
 */
import type { Tag as WireTag, TagSpecification } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Tag } from '../../core/model/tag.ts';

export function validateTag(t: WireTag): Tag {
  const key = t.Key;
  if (key === undefined) throw ec2Error('InvalidParameterValue', 'Tag keys must be specified.');
  if (key.length === 0 || key.length > 127) throw ec2Error('InvalidParameterValue', `Tag key exceeds the maximum length of 127 characters or is empty: '${key}'`);
  if (key.toLowerCase().startsWith('aws:')) throw ec2Error('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
  const value = t.Value ?? '';
  if (value.length > 256) throw ec2Error('InvalidParameterValue', `Tag value exceeds the maximum length of 256 characters: '${value}'`);
  return { key, value };
}

/** Merges `add` into `existing`: same key overwrites. Throws TagLimitExceeded past `limit`. */
export function mergeTags(existing: readonly Tag[] | undefined, add: readonly Tag[], limit: number): Tag[] {
  const out = new Map((existing ?? []).map((t) => [t.key, t.value]));
  for (const t of add) out.set(t.key, t.value);
  if (out.size > limit) throw ec2Error('TagLimitExceeded');
  return [...out].map(([key, value]) => ({ key, value }));
}

/**
 * The tags a Create* request asks for its new resource of `resourceType`. A specification for a type this operation
 * does not create is rejected (wording UNCONFIRMED).
 */
export function tagsFromSpecifications(specs: readonly TagSpecification[] | undefined, resourceType: string, limit: number): Tag[] | undefined {
  if (!specs || specs.length === 0) return undefined;
  const tags: Tag[] = [];
  for (const s of specs) {
    if (s.ResourceType !== resourceType) {
      throw ec2Error('InvalidParameterValue', `'${s.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`);
    }
    for (const t of s.Tags ?? []) tags.push(validateTag(t));
  }
  const merged = mergeTags([], tags, limit);
  return merged.length ? merged : undefined;
}

/** Tags as EC2 answers them: absent on an untagged resource (aws-semantics.md §1.2). */
export function wireTags(tags: readonly Tag[] | undefined): WireTag[] | undefined {
  return tags && tags.length > 0 ? tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined;
}
