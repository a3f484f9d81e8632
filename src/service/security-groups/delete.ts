/**
 * DeleteSecurityGroup (aws-semantics.md §3.2, fact 5): a VPC's default group → CannotDelete; a group referenced by a
 * rule of another group in the same VPC, or attached to an interface → DependencyViolation. A group's rules that
 * reference itself do not hold it back (UNCONFIRMED in AWS's docs; the natural reading).
 */
import type { DeleteSecurityGroupRequest, DeleteSecurityGroupResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { RegionTx } from '../state/region-tx.ts';
import { DEFAULT_GROUP_NAME } from './default-group.ts';
import { requireGroup } from './lookup.ts';
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from './records.ts';

/** Resources that hold a group: interfaces (and, through them, instances) list it in `groupIds`. */
interface GroupHolder {
  readonly kind: string;
  readonly id: string;
  readonly groupIds?: readonly string[];
}

function isReferencedElsewhere(tx: RegionTx, group: SecurityGroupRecord): boolean {
  for (const other of tx.children<SecurityGroupRecord>(group.parentId, 'security-group')) {
    if (other.id === group.id) continue;
    for (const rule of tx.children<SecurityGroupRuleRecord>(other.id, 'security-group-rule')) {
      if (rule.peer.kind === 'group' && rule.peer.groupId === group.id) return true;
    }
  }
  return false;
}

function isAttached(tx: RegionTx, group: SecurityGroupRecord): boolean {
  return tx.list<GroupHolder>('network-interface').some((eni) => eni.groupIds?.includes(group.id));
}

export async function deleteSecurityGroup(input: DeleteSecurityGroupRequest, ctx: RequestContext): Promise<DeleteSecurityGroupResult> {
  const group = await ctx.write((tx) => {
    const g = requireGroup(tx, input);
    if (g.groupName === DEFAULT_GROUP_NAME) throw ec2Error('CannotDelete', g.id);
    if (isReferencedElsewhere(tx, g) || isAttached(tx, g)) throw ec2Error('DependencyViolation', `resource ${g.id} has a dependent object`);
    for (const rule of tx.children(g.id)) tx.delete(rule.id);
    tx.delete(g.id);
    return g;
  });
  return { Return: true, GroupId: group.id };
}
