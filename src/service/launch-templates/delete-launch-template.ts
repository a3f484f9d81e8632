/** DeleteLaunchTemplate (M): by id or name; "Deleting a launch template deletes all of its versions." */
import type { DeleteLaunchTemplateRequest, DeleteLaunchTemplateResult } from '../../api/ec2/types.ts';
import type { RequestContext } from '../context.ts';
import { requireTemplate } from './lookup.ts';
import { templateToWire } from './to-wire.ts';

export async function deleteLaunchTemplate(input: DeleteLaunchTemplateRequest, ctx: RequestContext): Promise<DeleteLaunchTemplateResult> {
  const template = await ctx.write((tx) => {
    const t = requireTemplate(tx, input);
    for (const v of tx.children(t.id)) tx.delete(v.id);
    tx.delete(t.id);
    return t;
  });
  return { LaunchTemplate: templateToWire(template) };
}
