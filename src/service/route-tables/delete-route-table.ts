/**
 * DeleteRouteTable: "You must disassociate the route table from any subnets before you can delete it. You can't
 * delete the main route table." (M). Both refusals answer `DependencyViolation` "The routeTable 'rtb-…' has
 * dependencies and cannot be deleted." (the form EC2 uses for every in-use deletion; for the main table UNCONFIRMED).
 */
import type { DeleteRouteTableRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { requireRouteTable } from './lookup.ts';

export async function deleteRouteTable(input: DeleteRouteTableRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const table = requireRouteTable(tx, input.RouteTableId);
    if (table.associations.length > 0) throw ec2Error('DependencyViolation', `The routeTable '${table.id}' has dependencies and cannot be deleted.`);
    tx.delete(table.id);
  });
  return {};
}
