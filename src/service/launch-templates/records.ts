/**
 * How launch templates are kept (aws-semantics.md §3.17): one record per template, and one per version (child of the
 * template) holding the version's data as the request gave it. Templates are immutable; new data is a new version.
 */
import type { RequestLaunchTemplateData } from '../../api/ec2/types.ts';
import type { Resource } from '../state/resource.ts';

export interface LaunchTemplateRecord extends Resource {
  readonly kind: 'launch-template';
  readonly name: string;
  readonly defaultVersion: number;
  readonly latestVersion: number;
  /** ISO 8601. */
  readonly createTime: string;
  readonly createdBy: string;
  readonly clientToken?: string;
  readonly requestFingerprint?: string;
}

export interface LaunchTemplateVersionRecord extends Resource {
  readonly kind: 'launch-template-version';
  /** The template. */
  readonly parentId: string;
  readonly versionNumber: number;
  readonly description?: string;
  readonly data: RequestLaunchTemplateData;
  readonly createTime: string;
  readonly createdBy: string;
  readonly clientToken?: string;
  readonly requestFingerprint?: string;
}

/** A version's record id: the template id and the number, never a wire id. */
export const versionRecordId = (templateId: string, version: number): string => `${templateId}#${version}`;
