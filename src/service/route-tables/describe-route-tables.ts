/**
 * DescribeRouteTables: by id (an unknown id fails the call) and with every filter the model lists. Filters for route
 * targets and association kinds Rampart does not model (NAT gateways, peering, gateway associations, …) are accepted
 * and match nothing. `association.main` only looks at tables that have associations ("Route tables that do not have
 * an association ID are not returned", M).
 */
import type { DescribeRouteTablesRequest, DescribeRouteTablesResult } from '../../api/ec2/types.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters, type FilterTable } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import type { ResourceView } from '../state/resource.ts';
import type { RouteTableRecord } from '../vpcs/records.ts';
import { requireRouteTable } from './lookup.ts';
import { routeState, routeTableToWire } from './to-wire.ts';

function routeTableFilters(view: ResourceView, ownerId: string): FilterTable<RouteTableRecord> {
  const none = (): undefined => undefined;
  return {
    'association.gateway-id': none,
    'association.route-table-association-id': (t) => t.associations.map((a) => a.associationId),
    'association.route-table-id': (t) => (t.associations.length > 0 ? t.id : undefined),
    'association.subnet-id': (t) => t.associations.map((a) => a.subnetId),
    'association.main': (t) => t.associations.map((a) => a.main),
    'owner-id': () => ownerId,
    'route-table-id': (t) => t.id,
    'route.destination-cidr-block': (t) => t.routes.map((r) => r.destinationCidrBlock),
    'route.destination-ipv6-cidr-block': none,
    'route.destination-prefix-list-id': none,
    'route.egress-only-internet-gateway-id': none,
    'route.gateway-id': (t) => t.routes.map((r) => r.gatewayId),
    'route.instance-id': none,
    'route.nat-gateway-id': none,
    'route.transit-gateway-id': none,
    'route.origin': (t) => t.routes.map((r) => r.origin),
    'route.state': (t) => t.routes.map((r) => routeState(view, t, r)),
    'route.vpc-peering-connection-id': none,
    'vpc-id': (t) => t.parentId,
  };
}

export function describeRouteTables(input: DescribeRouteTablesRequest, ctx: RequestContext): DescribeRouteTablesResult {
  let tables = ctx.view.list<RouteTableRecord>('route-table');
  if (input.RouteTableIds && input.RouteTableIds.length > 0) {
    const wanted = new Set(input.RouteTableIds);
    for (const id of wanted) requireRouteTable(ctx.view, id);
    tables = tables.filter((t) => wanted.has(t.id));
  }
  const filtered = applyFilters(tables, input.Filters, routeTableFilters(ctx.view, ctx.accountId));
  const page = paginate(filtered, (t) => t.id, input.MaxResults, input.NextToken);
  return { RouteTables: page.items.map((t) => routeTableToWire(ctx.view, t, ctx.accountId)), NextToken: page.nextToken };
}
