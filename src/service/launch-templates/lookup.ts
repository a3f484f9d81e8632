/**
 * Finding the template and the version a request names (aws-semantics.md §3.17): by `LaunchTemplateId` or
 * `LaunchTemplateName` (not both), a version as a number, `$Latest` or `$Default` (absent = the default version).
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import { versionRecordId, type LaunchTemplateRecord, type LaunchTemplateVersionRecord } from './records.ts';

export interface TemplateReference {
  readonly LaunchTemplateId?: string;
  readonly LaunchTemplateName?: string;
}

export function findTemplateByName(view: ResourceView, name: string): LaunchTemplateRecord | undefined {
  return view.list<LaunchTemplateRecord>('launch-template').find((t) => t.name === name);
}

export function requireTemplateById(view: ResourceView, id: string): LaunchTemplateRecord {
  requireWellFormedId('lt', id);
  const t = view.getOf<LaunchTemplateRecord>('launch-template', id);
  if (!t) throw ec2Error('InvalidLaunchTemplateId.NotFound', id);
  return t;
}

export function requireTemplateByName(view: ResourceView, name: string): LaunchTemplateRecord {
  const t = findTemplateByName(view, name);
  if (!t) throw ec2Error('InvalidLaunchTemplateName.NotFoundException', name);
  return t;
}

export function requireTemplate(view: ResourceView, ref: TemplateReference): LaunchTemplateRecord {
  if (ref.LaunchTemplateId !== undefined && ref.LaunchTemplateName !== undefined) {
    // M: "You must specify either the launch template ID or the launch template name, but not both" (code UNCONFIRMED).
    throw ec2Error('InvalidParameterCombination', 'You must specify either the launch template ID or the launch template name, but not both.');
  }
  if (ref.LaunchTemplateId !== undefined) return requireTemplateById(view, ref.LaunchTemplateId);
  if (ref.LaunchTemplateName !== undefined) return requireTemplateByName(view, ref.LaunchTemplateName);
  throw ec2Error('MissingParameter', 'LaunchTemplateId or LaunchTemplateName');
}

/** The version number `text` names: a number, `$Latest` or `$Default`; undefined text = the default version. */
export function versionNumberOf(t: LaunchTemplateRecord, text: string | undefined): number {
  if (text === undefined || text === '$Default') return t.defaultVersion;
  if (text === '$Latest') return t.latestVersion;
  if (!/^\d{1,18}$/.test(text)) throw ec2Error('InvalidParameterValue', `Value (${text}) for parameter version is invalid. Use a version number, $Latest or $Default.`);
  return Number(text);
}

export function requireVersion(view: ResourceView, t: LaunchTemplateRecord, text: string | undefined): LaunchTemplateVersionRecord {
  const n = versionNumberOf(t, text);
  const v = view.getOf<LaunchTemplateVersionRecord>('launch-template-version', versionRecordId(t.id, n));
  if (!v) throw ec2Error('InvalidLaunchTemplateId.VersionNotFound', String(text ?? n), t.id);
  return v;
}
