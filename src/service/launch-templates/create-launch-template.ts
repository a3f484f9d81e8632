/**
 * CreateLaunchTemplate (aws-semantics.md §3.17): a unique valid name, version 1 holding the data (default and latest),
 * tags of type `launch-template`. The data is checked when instances launch from it, as EC2 does for certain; whether
 * EC2 also checks it here is UNCONFIRMED, so Rampart stores it as given. ClientToken makes retries idempotent.
 */
import type { CreateLaunchTemplateRequest, CreateLaunchTemplateResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { earlierResultOf } from '../client-token.ts';
import type { RequestContext } from '../context.ts';
import { requestFingerprint } from '../request-fingerprint.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import { findTemplateByName } from './lookup.ts';
import { versionRecordId, type LaunchTemplateRecord, type LaunchTemplateVersionRecord } from './records.ts';
import { validateTemplateName } from './template-name.ts';
import { templateToWire } from './to-wire.ts';

export const createdBy = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

export async function createLaunchTemplate(input: CreateLaunchTemplateRequest, ctx: RequestContext): Promise<CreateLaunchTemplateResult> {
  const name = validateTemplateName(input.LaunchTemplateName);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'launch-template', ctx.quotas.tagsPerResource);
  const fingerprint = requestFingerprint(input);
  const template = await ctx.write((tx) => {
    const earlier = earlierResultOf<LaunchTemplateRecord>(tx, 'launch-template', input.ClientToken, (t) => t.requestFingerprint === fingerprint);
    if (earlier) return earlier;
    if (findTemplateByName(tx, name)) throw ec2Error('InvalidLaunchTemplateName.AlreadyExistsException', name);
    const now = ctx.now.toISOString();
    const t = tx.put<LaunchTemplateRecord>({
      kind: 'launch-template',
      id: ctx.newId('lt'),
      name,
      defaultVersion: 1,
      latestVersion: 1,
      createTime: now,
      createdBy: createdBy(ctx.accountId),
      ...(tags ? { tags } : {}),
      ...(input.ClientToken ? { clientToken: input.ClientToken, requestFingerprint: fingerprint } : {}),
    });
    tx.put<LaunchTemplateVersionRecord>({
      kind: 'launch-template-version',
      id: versionRecordId(t.id, 1),
      parentId: t.id,
      versionNumber: 1,
      ...(input.VersionDescription !== undefined ? { description: input.VersionDescription } : {}),
      data: input.LaunchTemplateData,
      createTime: now,
      createdBy: t.createdBy,
    });
    return t;
  });
  return { LaunchTemplate: templateToWire(template) };
}
