/**
 * ReplaceNetworkAclAssociation (aws-semantics.md §3.12, §6.8, fact 21): moves a subnet to another ACL of its VPC.
 * The request names the subnet's *current* `aclassoc-` id (from DescribeNetworkAcls' associationSet); the answer is the
 * new association's id, and the old id stops existing. Every subnet keeps exactly one ACL — there is no disassociate
 * API; going back to the default ACL is another replace. An ACL of another VPC is refused (wording UNCONFIRMED).
 */
import type { ReplaceNetworkAclAssociationRequest, ReplaceNetworkAclAssociationResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { requireAclAssociation, requireNetworkAcl } from './lookup.ts';
import type { NetworkAclRecord } from './records.ts';

export async function replaceNetworkAclAssociation(input: ReplaceNetworkAclAssociationRequest, ctx: RequestContext): Promise<ReplaceNetworkAclAssociationResult> {
  const newAssociationId = await ctx.write((tx) => {
    const target = requireNetworkAcl(tx, input.NetworkAclId);
    const { acl: current, association } = requireAclAssociation(tx, input.AssociationId);
    if (target.parentId !== current.parentId) {
      throw ec2Error('InvalidParameterValue', `Network ACL ${target.id} and subnet ${association.subnetId} belong to different networks.`);
    }
    const id = ctx.newId('aclassoc');
    const remaining = current.associations.filter((a) => a.associationId !== association.associationId);
    if (current.id === target.id) {
      tx.put<NetworkAclRecord>({ ...current, associations: [...remaining, { associationId: id, subnetId: association.subnetId }] });
    } else {
      tx.put<NetworkAclRecord>({ ...current, associations: remaining });
      tx.put<NetworkAclRecord>({ ...target, associations: [...target.associations, { associationId: id, subnetId: association.subnetId }] });
    }
    return id;
  });
  return { NewAssociationId: newAssociationId };
}
