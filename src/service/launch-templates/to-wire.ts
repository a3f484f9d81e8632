/** Launch template records as EC2's `LaunchTemplate` and `LaunchTemplateVersion` shapes (CLI-EX outputs). */
import type { LaunchTemplate, LaunchTemplateVersion, ResponseLaunchTemplateData } from '../../api/ec2/types.ts';
import { wireTags } from '../tags/tag-rules.ts';
import type { LaunchTemplateRecord, LaunchTemplateVersionRecord } from './records.ts';

export function templateToWire(t: LaunchTemplateRecord): LaunchTemplate {
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    CreateTime: new Date(t.createTime),
    CreatedBy: t.createdBy,
    DefaultVersionNumber: t.defaultVersion,
    LatestVersionNumber: t.latestVersion,
    Tags: wireTags(t.tags),
  };
}

/**
 * The stored request data answered as `ResponseLaunchTemplateData`: the two shapes share their member names, and the
 * encoder writes only members of the response shape.
 */
export function versionToWire(t: LaunchTemplateRecord, v: LaunchTemplateVersionRecord): LaunchTemplateVersion {
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    VersionNumber: v.versionNumber,
    ...(v.description !== undefined ? { VersionDescription: v.description } : {}),
    CreateTime: new Date(v.createTime),
    CreatedBy: v.createdBy,
    DefaultVersion: v.versionNumber === t.defaultVersion,
    LaunchTemplateData: v.data as ResponseLaunchTemplateData,
  };
}
