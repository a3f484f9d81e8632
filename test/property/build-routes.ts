/**
 * Route tables in raw describe form, from their plans: the local route(s), optional default routes to the VPC's
 * gateway (active or blackhole) or a NAT gateway, specific routes, and a prefix-list route. Destinations are unique
 * within a table, so only prefix-list entries can tie with another route (the reference reports such ties).
 */
import type { RawRoute, RawRouteTable } from '../reference/raw-describe.ts';
import { pick } from './address-pools.ts';
import type { DefaultRouteTarget, RouteTablePlan } from './topology-plan.ts';

/** What a route table needs to know about its VPC. */
export interface RoutedVpc {
  readonly index: number;
  readonly vpcId: string;
  readonly igwId: string;
  readonly cidr: string;
  readonly ipv6Cidr?: string;
}

const hex = (n: number) => n.toString(16);

function defaultRoute(target: DefaultRouteTarget, key: 'DestinationCidrBlock' | 'DestinationIpv6CidrBlock', cidr: string, vpc: RoutedVpc): RawRoute[] {
  if (target === 'none') return [];
  if (target === 'nat') return [{ [key]: cidr, NatGatewayId: `nat-0a${hex(vpc.index)}`, State: 'active' }];
  return [{ [key]: cidr, GatewayId: vpc.igwId, State: target === 'blackhole' ? 'blackhole' : 'active' }];
}

export function routeTable(
  id: string,
  plan: RouteTablePlan,
  vpc: RoutedVpc,
  association: { main: boolean; subnetId?: string },
  destinations: readonly string[],
  prefixListIds: readonly string[],
): RawRouteTable {
  const routes: RawRoute[] = [{ DestinationCidrBlock: vpc.cidr, GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' }];
  if (vpc.ipv6Cidr) routes.push({ DestinationIpv6CidrBlock: vpc.ipv6Cidr, GatewayId: 'local', State: 'active', Origin: 'CreateRouteTable' });
  routes.push(...defaultRoute(plan.v4Default, 'DestinationCidrBlock', '0.0.0.0/0', vpc));
  routes.push(...defaultRoute(plan.v6Default, 'DestinationIpv6CidrBlock', '::/0', vpc));
  const used = (cidr: string) => routes.some((r) => r.DestinationCidrBlock === cidr || r.DestinationIpv6CidrBlock === cidr);
  for (const s of plan.specific) {
    const cidr = pick(destinations, s.dest);
    if (used(cidr)) continue;
    const key = cidr.includes(':') ? 'DestinationIpv6CidrBlock' : 'DestinationCidrBlock';
    routes.push(s.toIgw ? { [key]: cidr, GatewayId: vpc.igwId, State: 'active' } : { [key]: cidr, NatGatewayId: `nat-0a${hex(vpc.index)}`, State: 'active' });
  }
  if (plan.prefixListRoute && prefixListIds.length > 0) {
    const list = pick(prefixListIds, plan.prefixListRoute.list);
    routes.push(
      plan.prefixListRoute.toIgw
        ? { DestinationPrefixListId: list, GatewayId: vpc.igwId, State: 'active' }
        : { DestinationPrefixListId: list, NatGatewayId: `nat-0a${hex(vpc.index)}`, State: 'active' },
    );
  }
  return {
    RouteTableId: id,
    VpcId: vpc.vpcId,
    Routes: routes,
    Associations: [{ RouteTableAssociationId: `rtbassoc-${id.slice(4)}`, RouteTableId: id, Main: association.main, ...(association.subnetId ? { SubnetId: association.subnetId } : {}) }],
  };
}

