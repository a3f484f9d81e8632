/** Finding route tables and their associations named in a request, with EC2's Malformed / NotFound codes (§2). */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import type { RouteTableAssociationRecord, RouteTableRecord } from '../vpcs/records.ts';

export function requireRouteTable(view: ResourceView, routeTableId: string): RouteTableRecord {
  requireWellFormedId('rtb', routeTableId);
  const table = view.getOf<RouteTableRecord>('route-table', routeTableId);
  if (!table) throw ec2Error('InvalidRouteTableID.NotFound', routeTableId);
  return table;
}

/** The table holding association `associationId` (an `rtbassoc-` id); anything else is not found. */
export function requireRouteTableAssociation(view: ResourceView, associationId: string): { table: RouteTableRecord; association: RouteTableAssociationRecord } {
  for (const table of view.list<RouteTableRecord>('route-table')) {
    const association = table.associations.find((a) => a.associationId === associationId);
    if (association) return { table, association };
  }
  throw ec2Error('InvalidAssociationID.NotFound', associationId);
}

/** The table a subnet is explicitly associated with, if any (else it uses its VPC's main table). */
export function explicitTableOf(view: ResourceView, vpcId: string, subnetId: string): RouteTableRecord | undefined {
  return view.children<RouteTableRecord>(vpcId, 'route-table').find((t) => t.associations.some((a) => a.subnetId === subnetId));
}
