/**
 * DeleteTags (aws-semantics.md §3.9): a key without a value deletes that key whatever its value; a key with a value
 * (even "") deletes it only when the value matches; no tags at all deletes every tag.
 */
import type { DeleteTagsRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import type { RequestContext } from '../context.ts';
import { requireTaggable } from './taggable.ts';

export async function deleteTags(input: DeleteTagsRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    for (const id of input.Resources) {
      const r = requireTaggable(tx, id);
      const remaining =
        input.Tags === undefined || input.Tags.length === 0
          ? []
          : (r.tags ?? []).filter((t) => !input.Tags!.some((d) => d.Key === t.key && (d.Value === undefined || d.Value === t.value)));
      if (remaining.length !== (r.tags ?? []).length) {
        const { tags: _old, ...rest } = r;
        tx.put(remaining.length > 0 ? { ...rest, tags: remaining } : rest);
      }
    }
  });
  return {};
}
