/**
 * Route table records as EC2's `RouteTable` shape (CLI-EX describe-route-tables). A route's state is computed, not
 * stored: a route to an internet gateway is `active` while that gateway is attached to the table's VPC and `blackhole`
 * otherwise — detached or deleted (M, route.state filter: "the specified gateway isn't attached to the VPC").
 * Explicit subnet associations and the main association are listed; implicit ones are not (M DescribeRouteTables).
 */
import type { Route, RouteState, RouteTable } from '../../api/ec2/types.ts';
import type { ResourceView } from '../state/resource.ts';
import { wireTags } from '../tags/tag-rules.ts';
import type { InternetGatewayRecord, RouteRecord, RouteTableRecord } from '../vpcs/records.ts';

export function routeState(view: ResourceView, table: RouteTableRecord, route: RouteRecord): RouteState {
  if (route.gatewayId === 'local') return 'active';
  const gateway = view.getOf<InternetGatewayRecord>('internet-gateway', route.gatewayId);
  return gateway?.attachedVpcIds.includes(table.parentId) ? 'active' : 'blackhole';
}

export function routeToWire(view: ResourceView, table: RouteTableRecord, route: RouteRecord): Route {
  return { DestinationCidrBlock: route.destinationCidrBlock, GatewayId: route.gatewayId, Origin: route.origin, State: routeState(view, table, route) };
}

export function routeTableToWire(view: ResourceView, table: RouteTableRecord, ownerId: string): RouteTable {
  return {
    Associations: table.associations.map((a) => ({
      Main: a.main,
      RouteTableAssociationId: a.associationId,
      RouteTableId: table.id,
      ...(a.subnetId !== undefined ? { SubnetId: a.subnetId } : {}),
      AssociationState: { State: 'associated' },
    })),
    PropagatingVgws: [],
    RouteTableId: table.id,
    Routes: table.routes.map((r) => routeToWire(view, table, r)),
    Tags: wireTags(table.tags) ?? [],
    VpcId: table.parentId,
    OwnerId: ownerId,
  };
}
