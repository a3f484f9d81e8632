/**
 * DescribeLaunchTemplateVersions (M): the versions of one template (by id or name) — all, the listed ones (numbers,
 * `$Latest`, `$Default`), or those between MinVersion and MaxVersion — or, without a template, the `$Latest` and/or
 * `$Default` version of every template (numbers are refused there: "You cannot specify numbers"; code UNCONFIRMED;
 * with no Versions at all every version of every template is listed, UNCONFIRMED). Filters per M on the data Rampart
 * keeps; paginated.
 */
import type { DescribeLaunchTemplateVersionsRequest, DescribeLaunchTemplateVersionsResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import { requireTemplate, requireVersion, versionNumberOf } from './lookup.ts';
import type { LaunchTemplateRecord, LaunchTemplateVersionRecord } from './records.ts';
import { versionToWire } from './to-wire.ts';

function boundOf(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,18}$/.test(text)) throw ec2Error('InvalidParameterValue', `Value (${text}) for parameter ${name} is invalid.`);
  return Number(text);
}

function versionsOfOne(ctx: RequestContext, t: LaunchTemplateRecord, input: DescribeLaunchTemplateVersionsRequest): LaunchTemplateVersionRecord[] {
  if ((input.Versions?.length ?? 0) > 0) {
    const picked = new Map<number, LaunchTemplateVersionRecord>();
    for (const text of input.Versions!) {
      const v = requireVersion(ctx.view, t, text);
      picked.set(v.versionNumber, v);
    }
    return [...picked.values()];
  }
  const min = boundOf(input.MinVersion, 'minVersion');
  const max = boundOf(input.MaxVersion, 'maxVersion');
  return ctx.view
    .children<LaunchTemplateVersionRecord>(t.id, 'launch-template-version')
    .filter((v) => (min === undefined || v.versionNumber >= min) && (max === undefined || v.versionNumber <= max))
    .sort((a, b) => a.versionNumber - b.versionNumber);
}

function versionsOfAll(ctx: RequestContext, input: DescribeLaunchTemplateVersionsRequest): LaunchTemplateVersionRecord[] {
  const wanted = input.Versions ?? [];
  if (wanted.some((v) => v !== '$Latest' && v !== '$Default')) {
    throw ec2Error('InvalidParameterValue', 'Without a launch template, Versions may only be $Latest and $Default.');
  }
  const out: LaunchTemplateVersionRecord[] = [];
  for (const t of ctx.view.list<LaunchTemplateRecord>('launch-template')) {
    const numbers = wanted.length === 0 ? null : new Set(wanted.map((w) => versionNumberOf(t, w)));
    for (const v of ctx.view.children<LaunchTemplateVersionRecord>(t.id, 'launch-template-version').sort((a, b) => a.versionNumber - b.versionNumber)) {
      if (numbers === null || numbers.has(v.versionNumber)) out.push(v);
    }
  }
  return out;
}

export function describeLaunchTemplateVersions(input: DescribeLaunchTemplateVersionsRequest, ctx: RequestContext): DescribeLaunchTemplateVersionsResult {
  if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 200)) {
    // M: "This value can be between 1 and 200" (the shape has no bounds, so the schema does not check it).
    throw ec2Error('InvalidParameterValue', `Value (${input.MaxResults}) for parameter maxResults is invalid. It must be between 1 and 200.`);
  }
  const one = input.LaunchTemplateId !== undefined || input.LaunchTemplateName !== undefined;
  const versions = one ? versionsOfOne(ctx, requireTemplate(ctx.view, input), input) : versionsOfAll(ctx, input);
  const templateOf = (v: LaunchTemplateVersionRecord): LaunchTemplateRecord => ctx.view.getOf<LaunchTemplateRecord>('launch-template', v.parentId)!;
  const filtered = applyFilters(versions, input.Filters, {
    'create-time': (v) => v.createTime,
    'ebs-optimized': (v) => v.data.EbsOptimized,
    'http-endpoint': (v) => v.data.MetadataOptions?.HttpEndpoint,
    // The request data has no IPv4 endpoint switch: it is always enabled.
    'http-protocol-ipv4': () => 'enabled',
    'host-resource-group-arn': (v) => v.data.Placement?.HostResourceGroupArn,
    'http-tokens': (v) => v.data.MetadataOptions?.HttpTokens,
    'iam-instance-profile': (v) => v.data.IamInstanceProfile?.Arn ?? v.data.IamInstanceProfile?.Name,
    'image-id': (v) => v.data.ImageId,
    'instance-type': (v) => v.data.InstanceType,
    'is-default-version': (v) => v.versionNumber === templateOf(v).defaultVersion,
    'kernel-id': (v) => v.data.KernelId,
    'license-configuration-arn': (v) => (v.data.LicenseSpecifications ?? []).map((l) => l.LicenseConfigurationArn),
    'network-card-index': (v) => (v.data.NetworkInterfaces ?? []).map((n) => n.NetworkCardIndex ?? 0),
    'ram-disk-id': (v) => v.data.RamDiskId,
  });
  const page = paginate(filtered, (v) => v.id, input.MaxResults, input.NextToken);
  return { LaunchTemplateVersions: page.items.map((v) => versionToWire(templateOf(v), v)), NextToken: page.nextToken };
}
