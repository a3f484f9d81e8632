/**
 * Finding the security group a request names. `GroupName` addresses groups of the default VPC only
 * (aws-semantics.md §3.2–§3.3, fact 7): any other group must be named by id.
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import { groupNameKey } from '../state/unique-keys.ts';
import { defaultVpcOf } from '../vpcs/lookup.ts';
import type { SecurityGroupRecord } from './records.ts';

export function requireGroupById(view: ResourceView, groupId: string): SecurityGroupRecord {
  requireWellFormedId('sg', groupId);
  const group = view.getOf<SecurityGroupRecord>('security-group', groupId);
  if (!group) throw ec2Error('InvalidGroup.NotFound', groupId);
  return group;
}

/**
 * The group named `name` in the VPC. Names are unique per VPC case-insensitively (§3.1), so the case-insensitive
 * look-up is unambiguous: one index look-up (state/unique-keys.ts).
 */
export function findGroupByName(view: ResourceView, vpcId: string, name: string): SecurityGroupRecord | undefined {
  return view.findByKey<SecurityGroupRecord>(groupNameKey(vpcId, name));
}

export function requireGroupByNameInDefaultVpc(view: ResourceView, name: string): SecurityGroupRecord {
  const vpc = defaultVpcOf(view);
  if (!vpc) throw ec2Error('InvalidGroup.NotFound', name);
  const group = findGroupByName(view, vpc.id, name);
  if (!group) throw ec2Error('InvalidGroup.NotFoundInDefaultVpc', name, vpc.id);
  return group;
}

/** `GroupId` or, failing that, `GroupName` in the default VPC. */
export function requireGroup(view: ResourceView, ref: { readonly GroupId?: string; readonly GroupName?: string }): SecurityGroupRecord {
  if (ref.GroupId !== undefined) return requireGroupById(view, ref.GroupId);
  if (ref.GroupName !== undefined) return requireGroupByNameInDefaultVpc(view, ref.GroupName);
  throw ec2Error('MissingParameter', 'GroupId');
}

export function isInDefaultVpc(view: ResourceView, group: SecurityGroupRecord): boolean {
  return defaultVpcOf(view)?.id === group.parentId;
}
