/**
 * DeleteNetworkAcl (aws-semantics.md §3.12, §6.8): not the VPC's default ACL, and not while any subnet is associated
 * with it. Both refusals are documented (M) but their codes are UNCONFIRMED: `InvalidParameterValue` for the default
 * ACL, `DependencyViolation` (as for every other "still in use" deletion) for an associated one.
 */
import type { DeleteNetworkAclRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { requireNetworkAcl } from './lookup.ts';

export async function deleteNetworkAcl(input: DeleteNetworkAclRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const acl = requireNetworkAcl(tx, input.NetworkAclId);
    if (acl.isDefault) throw ec2Error('InvalidParameterValue', `cannot delete default network ACL ${acl.id}`);
    if (acl.associations.length > 0) throw ec2Error('DependencyViolation', `The networkAcl '${acl.id}' has dependencies and cannot be deleted.`);
    tx.delete(acl.id);
  });
  return {};
}
