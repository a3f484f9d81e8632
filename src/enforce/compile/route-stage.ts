/**
 * The route stage (docs/semantics.md §2): traffic between an interface and the internet passes only when the
 * most specific active route of the subnet's route table that contains the internet-side address targets an
 * internet gateway attached to the VPC. Longest-prefix match over overlapping routes is flattened at compile
 * time into disjoint address ranges ("these internet addresses go through the gateway"), one interval set per
 * route table and family, so the kernel needs one lookup per packet to or from the gateway. Routes are
 * stateless in EC2 (a removed route cuts established flows), so this runs on every such packet.
 */
import type { PrefixList, RouteTable } from '../../core/model/network.ts';
import type { Cidr } from '../../core/net/cidr.ts';
import { cidrRange, familyRange, formatRange, mergeRanges, type AddressRange } from './address-ranges.ts';
import type { FragmentBuilder } from './fragment.ts';
import { names, TABLE_OBJECTS as T } from './nft-names.ts';

interface FlatRoute {
  readonly range: AddressRange;
  readonly prefixLength: number;
  readonly viaGateway: boolean;
}

type PrefixListLookup = (prefixListId: string) => PrefixList | undefined;

function routeCidrs(destination: RouteTable['routes'][number]['destination'], prefixList: PrefixListLookup): readonly Cidr[] {
  if ('prefixListId' in destination) return prefixList(destination.prefixListId)?.entries.map((e) => e.cidr) ?? [];
  return [destination];
}

/** Address ranges (one family) whose longest-prefix route in `table` targets a gateway attached to the VPC. */
export function gatewayRoutedRanges(table: RouteTable, family: 4 | 6, attachedGatewayIds: ReadonlySet<string>, prefixList: PrefixListLookup): AddressRange[] {
  const flat: FlatRoute[] = [];
  for (const route of table.routes) {
    if (!route.active) continue;
    for (const cidr of routeCidrs(route.destination, prefixList)) {
      if (cidr.family !== family) continue;
      const viaGateway = route.target.kind === 'internet-gateway' && attachedGatewayIds.has(route.target.id);
      flat.push({ range: cidrRange(cidr), prefixLength: cidr.prefixLength, viaGateway });
    }
  }
  // Elementary stretches between route boundaries; in each, the longest covering prefix decides.
  const points = new Set<bigint>([familyRange(family).lo]);
  for (const r of flat) {
    points.add(r.range.lo);
    points.add(r.range.hi + 1n);
  }
  const sorted = [...points].filter((p) => p <= familyRange(family).hi).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: AddressRange[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const lo = sorted[i];
    const hi = i + 1 < sorted.length ? sorted[i + 1] - 1n : familyRange(family).hi;
    let best: FlatRoute | undefined;
    for (const r of flat) {
      if (r.range.lo <= lo && hi <= r.range.hi && (!best || r.prefixLength > best.prefixLength || (r.prefixLength === best.prefixLength && r.viaGateway))) best = r;
    }
    if (best?.viaGateway) out.push({ family, lo, hi });
  }
  return mergeRanges(out);
}

/** The route table's chains and sets (shared by every subnet that uses the table). */
export function addRouteTable(b: FragmentBuilder, table: RouteTable, attachedGatewayIds: ReadonlySet<string>, prefixList: PrefixListLookup): void {
  const v4 = names.gatewayRoutes(table.routeTableId, 4);
  const v6 = names.gatewayRoutes(table.routeTableId, 6);
  b.addSet(v4, 'ipv4_addr', gatewayRoutedRanges(table, 4, attachedGatewayIds, prefixList).map(formatRange), true);
  b.addSet(v6, 'ipv6_addr', gatewayRoutedRanges(table, 6, attachedGatewayIds, prefixList).map(formatRange), true);
  b.addChain({
    name: names.routeOutChain(table.routeTableId),
    rules: [
      // IPv4 leaves only through the 1:1 NAT: an interface without a public address has no route out (§2).
      `ip saddr != @${T.natPrivates4} drop`,
      // Another VPC's IPv6 interface is reached privately, and peering is not modelled (§2: "no route").
      `ip6 daddr @${T.otherVpcIpv6} drop`,
      `ip daddr @${v4} return`,
      `ip6 daddr @${v6} return`,
      'drop',
    ],
  });
  b.addChain({ name: names.routeInChain(table.routeTableId), rules: [`ip saddr @${v4} return`, `ip6 saddr @${v6} return`, 'drop'] });
}

/** The subnet's route table: its explicit association, else the VPC's main table (§8.1, chosen). */
export function routeTableOfSubnet(tables: Iterable<RouteTable>, subnetId: string, vpcId: string): RouteTable | undefined {
  let main: RouteTable | undefined;
  for (const t of tables) {
    if (t.associations.some((a) => a.subnetId === subnetId)) return t;
    if (!main && t.vpcId === vpcId && t.associations.some((a) => a.main)) main = t;
  }
  return main;
}
