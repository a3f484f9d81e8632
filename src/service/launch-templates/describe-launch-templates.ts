/**
 * DescribeLaunchTemplates (M): by ids (InvalidLaunchTemplateId.NotFound) and/or names
 * (InvalidLaunchTemplateName.NotFoundException), filters create-time, launch-template-name and tags, paginated.
 */
import type { DescribeLaunchTemplatesRequest, DescribeLaunchTemplatesResult } from '../../api/ec2/types.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import { requireTemplateById, requireTemplateByName } from './lookup.ts';
import type { LaunchTemplateRecord } from './records.ts';
import { templateToWire } from './to-wire.ts';

export function describeLaunchTemplates(input: DescribeLaunchTemplatesRequest, ctx: RequestContext): DescribeLaunchTemplatesResult {
  let templates: LaunchTemplateRecord[];
  if ((input.LaunchTemplateIds?.length ?? 0) > 0 || (input.LaunchTemplateNames?.length ?? 0) > 0) {
    const picked = new Map<string, LaunchTemplateRecord>();
    for (const id of input.LaunchTemplateIds ?? []) picked.set(id, requireTemplateById(ctx.view, id));
    for (const name of input.LaunchTemplateNames ?? []) {
      const t = requireTemplateByName(ctx.view, name);
      picked.set(t.id, t);
    }
    templates = [...picked.values()];
  } else {
    templates = ctx.view.list<LaunchTemplateRecord>('launch-template');
  }
  const filtered = applyFilters(templates, input.Filters, {
    'create-time': (t) => t.createTime,
    'launch-template-name': (t) => t.name,
  });
  const page = paginate(filtered, (t) => t.id, input.MaxResults, input.NextToken);
  return { LaunchTemplates: page.items.map(templateToWire), NextToken: page.nextToken };
}
