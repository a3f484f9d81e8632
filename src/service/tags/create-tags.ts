/** CreateTags (aws-semantics.md §3.9): add or overwrite tags on up to 1000 resources at once, all or none. */
import type { CreateTagsRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import type { RequestContext } from '../context.ts';
import { mergeTags, validateTag } from './tag-rules.ts';
import { requireTaggable } from './taggable.ts';

export async function createTags(input: CreateTagsRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  const tags = input.Tags.map(validateTag);
  await ctx.write((tx) => {
    for (const id of input.Resources) {
      const r = requireTaggable(tx, id);
      tx.put({ ...r, tags: mergeTags(r.tags, tags, ctx.quotas.tagsPerResource) });
    }
  });
  return {};
}
