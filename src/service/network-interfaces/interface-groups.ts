/**
 * The security groups of an interface (aws-semantics.md §3.15–§3.16, §4.18): given by id, each existing, all in the
 * interface's VPC ("Security group sg-… and subnet subnet-… belong to different networks", observed as
 * InvalidParameter on RunInstances; used for every interface call), at most the per-interface quota. With none given,
 * the VPC's default group (documented for RunInstances; UNCONFIRMED for CreateNetworkInterface, same rule taken).
 * Repeated ids count once (UNCONFIRMED).
 */
import { ec2Error, type Ec2Error } from '../../core/errors/ec2-error.ts';
import { DEFAULT_GROUP_NAME } from '../security-groups/default-group.ts';
import { findGroupByName, requireGroupById } from '../security-groups/lookup.ts';
import type { ResourceView } from '../state/resource.ts';
import type { SubnetRecord } from '../vpcs/records.ts';

export interface GroupChoice {
  readonly view: ResourceView;
  readonly subnet: SubnetRecord;
  readonly limit: number;
  /** The error for more groups than `limit`: it differs between operations (§2, §7). */
  readonly tooMany: () => Ec2Error;
}

export function interfaceGroupIds(choice: GroupChoice, ids: readonly string[] | undefined): string[] {
  const wanted = [...new Set(ids ?? [])];
  if (wanted.length === 0) {
    const fallback = findGroupByName(choice.view, choice.subnet.parentId, DEFAULT_GROUP_NAME);
    if (!fallback) throw ec2Error('InvalidGroup.NotFound', DEFAULT_GROUP_NAME);
    return [fallback.id];
  }
  const groups = wanted.map((id) => requireGroupById(choice.view, id));
  for (const g of groups) {
    if (g.parentId !== choice.subnet.parentId) {
      throw ec2Error('InvalidParameter', `Security group ${g.id} and subnet ${choice.subnet.id} belong to different networks.`);
    }
  }
  if (groups.length > choice.limit) throw choice.tooMany();
  return groups.map((g) => g.id);
}

/** The error CreateNetworkInterface gives for too many groups (observed, aws-semantics.md §2). */
export const tooManyForCreate = (accountId: string, limit: number) => (): Ec2Error =>
  ec2Error('InvalidParameterValue', `user ${accountId} exceeded limit ${limit} on the number of interface security group memberships`);
