/**
 * The route stage (docs/semantics.md §2): traffic between an interface and the internet passes only when the
 * most specific active route of the subnet's route table that contains the internet-side address targets an
 * internet gateway attached to the VPC. Longest-prefix match over overlapping routes is flattened at compile
 * time into disjoint address ranges ("these internet addresses go through the gateway"), one interval set per
 * route table and family, so the kernel needs one lookup.
 */
import type { PrefixList, RouteTable } from '../../core/model/network.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import type { Cidr } from '../../core/net/cidr.ts';
import { cidrRange, familyRange, formatRange, mergeRanges, type AddressRange } from './address-ranges.ts';

interface FlatRoute {
  readonly range: AddressRange;
  readonly prefixLength: number;
  readonly viaGateway: boolean;
}

function routeCidrs(destination: RouteTable['routes'][number]['destination'], prefixLists: readonly PrefixList[]): Cidr[] {
  if ('prefixListId' in destination) return prefixLists.find((p) => p.prefixListId === destination.prefixListId)?.entries.map((e) => e.cidr) ?? [];
  return [destination];
}

/** Address ranges (one family) whose longest-prefix route in `table` targets a gateway attached to the VPC. */
export function gatewayRoutedRanges(table: RouteTable, family: 4 | 6, attachedGatewayIds: ReadonlySet<string>, prefixLists: readonly PrefixList[]): AddressRange[] {
  const flat: FlatRoute[] = [];
  for (const route of table.routes) {
    if (!route.active) continue;
    for (const cidr of routeCidrs(route.destination, prefixLists)) {
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

export function formatGatewayRoutes(ranges: readonly AddressRange[]): string[] {
  return ranges.map(formatRange);
}

/** The subnet's route table: its explicit association, else the VPC's main table (§8.1, chosen). */
export function routeTableOfSubnet(snapshot: Snapshot, subnetId: string, vpcId: string): RouteTable | undefined {
  return (
    snapshot.routeTables.find((t) => t.associations.some((a) => a.subnetId === subnetId)) ??
    snapshot.routeTables.find((t) => t.vpcId === vpcId && t.associations.some((a) => a.main))
  );
}
