/**
 * CreateLaunchTemplateVersion (M): version latest+1 of a template named by id or name. With `SourceVersion` the new
 * version "inherits the launch parameters from the source version" and the given ones "overwrite any corresponding
 * launch parameters" (top-level members replace; CLI-EX shows the source's InstanceType and NetworkInterfaces kept next
 * to a new ImageId); without it, only the given data. The default version does not move. ClientToken is idempotent.
 */
import type { CreateLaunchTemplateVersionRequest, CreateLaunchTemplateVersionResult, RequestLaunchTemplateData } from '../../api/ec2/types.ts';
import { earlierResultOf } from '../client-token.ts';
import type { RequestContext } from '../context.ts';
import { requestFingerprint } from '../request-fingerprint.ts';
import { requireTemplate, requireVersion } from './lookup.ts';
import { versionRecordId, type LaunchTemplateRecord, type LaunchTemplateVersionRecord } from './records.ts';
import { versionToWire } from './to-wire.ts';

export async function createLaunchTemplateVersion(input: CreateLaunchTemplateVersionRequest, ctx: RequestContext): Promise<CreateLaunchTemplateVersionResult> {
  const fingerprint = requestFingerprint(input);
  const { template, version } = await ctx.write((tx) => {
    const earlier = earlierResultOf<LaunchTemplateVersionRecord>(tx, 'launch-template-version', input.ClientToken, (v) => v.requestFingerprint === fingerprint);
    if (earlier) return { template: tx.getOf<LaunchTemplateRecord>('launch-template', earlier.parentId)!, version: earlier };
    const t = requireTemplate(tx, input);
    const source = input.SourceVersion !== undefined ? requireVersion(tx, t, input.SourceVersion) : undefined;
    const data: RequestLaunchTemplateData = source ? { ...source.data, ...input.LaunchTemplateData } : input.LaunchTemplateData;
    const n = t.latestVersion + 1;
    const v = tx.put<LaunchTemplateVersionRecord>({
      kind: 'launch-template-version',
      id: versionRecordId(t.id, n),
      parentId: t.id,
      versionNumber: n,
      ...(input.VersionDescription !== undefined ? { description: input.VersionDescription } : {}),
      data,
      createTime: ctx.now.toISOString(),
      createdBy: t.createdBy,
      ...(input.ClientToken ? { clientToken: input.ClientToken, requestFingerprint: fingerprint } : {}),
    });
    return { template: tx.put<LaunchTemplateRecord>({ ...t, latestVersion: n }), version: v };
  });
  return { LaunchTemplateVersion: versionToWire(template, version) };
}
