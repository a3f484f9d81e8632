/** DeleteSubnet: fails while interfaces live in it (DependencyViolation); leaves its ACL and route-table associations. */
import type { DeleteSubnetRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { dissociateSubnetFromAcls } from '../network-acls/default-acl.ts';
import type { RouteTableRecord } from '../vpcs/records.ts';
import { requireSubnet } from '../vpcs/lookup.ts';

export async function deleteSubnet(input: DeleteSubnetRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const subnet = requireSubnet(tx, input.SubnetId);
    if (tx.children(subnet.id).length > 0) {
      throw ec2Error('DependencyViolation', `The subnet '${subnet.id}' has dependencies and cannot be deleted.`);
    }
    dissociateSubnetFromAcls(tx, subnet.parentId, subnet.id);
    for (const table of tx.children<RouteTableRecord>(subnet.parentId, 'route-table')) {
      if (table.associations.some((a) => a.subnetId === subnet.id)) {
        tx.put<RouteTableRecord>({ ...table, associations: table.associations.filter((a) => a.subnetId !== subnet.id) });
      }
    }
    tx.delete(subnet.id);
  });
  return {};
}
