/**
 * The route stage (docs/semantics.md §2, chosen from aws-semantics.md §8.1): can traffic between this interface and
 * an internet address pass an internet gateway? The interface's subnet uses its explicitly associated route table,
 * else the VPC's main table; the most specific active route containing the internet-side address must target an
 * internet gateway attached to the interface's VPC.
 *
 * Address checks come first and hold even when the snapshot carries no routing (they need only the interface): an
 * IPv4 packet from the internet must be addressed to the public address, and an IPv4 packet to the internet needs a
 * public address to be translated to. Only the route-table lookup is skipped ("routing not in snapshot").
 */
import type { NetworkInterface, Route } from '../../core/model/network.ts';
import { cidrContains } from '../../core/net/cidr.ts';
import { formatIp, type IpAddress } from '../../core/net/ip.ts';
import type { Estate } from '../estate/estate.ts';

export interface RouteVerdict {
  readonly allowed: boolean;
  readonly detail: string;
}

export function evaluateRouteStage(
  estate: Estate,
  eni: NetworkInterface,
  internetSide: IpAddress,
  inbound: boolean,
  addressedPublicly: boolean,
): RouteVerdict {
  if (internetSide.family === 4) {
    if (inbound && !addressedPublicly) return { allowed: false, detail: 'private addresses are not reachable from the internet' };
    if (!inbound && !eni.publicIp) return { allowed: false, detail: `${eni.networkInterfaceId} has no public IPv4 address` };
  }
  if (estate.routeTables.size === 0 && estate.internetGateways.size === 0) return { allowed: true, detail: 'routing not in snapshot' };
  const tableId = estate.routeTableBySubnet.resolve(eni.subnetId) ?? estate.mainRouteTableByVpc.resolve(eni.vpcId);
  const table = tableId === undefined ? undefined : estate.routeTables.get(tableId);
  if (!table) return { allowed: false, detail: `no route table for ${eni.subnetId}` };
  let best: Route | undefined;
  let bestLength = -1;
  for (const route of table.routes) {
    if (!route.active) continue;
    const length = matchLength(estate, route, internetSide);
    if (length > bestLength) {
      best = route;
      bestLength = length;
    }
  }
  const address = formatIp(internetSide);
  if (!best) return { allowed: false, detail: `no route to ${address} in ${table.routeTableId}` };
  const destination = 'prefixListId' in best.destination ? best.destination.prefixListId : best.destination.text;
  const target = best.target;
  if (target.kind === 'internet-gateway') {
    const gateway = estate.internetGateways.get(target.id);
    if (gateway?.attachedVpcIds.includes(eni.vpcId)) return { allowed: true, detail: `${destination} via ${target.id} (${table.routeTableId})` };
    return { allowed: false, detail: `${destination} via ${target.id}, which is not attached to ${eni.vpcId} (${table.routeTableId})` };
  }
  if (target.kind === 'local') return { allowed: false, detail: `${address} matches the local route ${destination} of ${eni.vpcId}` };
  return { allowed: false, detail: `${destination} via ${target.id}, not an internet gateway (${table.routeTableId})` };
}

/** Prefix length of the route's destination when it contains the address, else -1. Prefix lists: the longest
 * containing entry (chosen). */
function matchLength(estate: Estate, route: Route, ip: IpAddress): number {
  const destination = route.destination;
  if (!('prefixListId' in destination)) return cidrContains(destination, ip) ? destination.prefixLength : -1;
  const list = estate.prefixLists.get(destination.prefixListId);
  let best = -1;
  for (const entry of list?.entries ?? []) {
    if (entry.cidr.prefixLength > best && cidrContains(entry.cidr, ip)) best = entry.cidr.prefixLength;
  }
  return best;
}
