/**
 * The route stage (docs/semantics.md §2): the subnet's route table (explicit association, else the VPC's main table),
 * the most specific active route containing the internet-side address, which must target an internet gateway
 * attached to the interface's VPC; IPv4 also needs a public address at the interface.
 */
import { blockContains, parseBlock, type Addr } from './address.ts';
import type { RawDescribe, RawNetworkInterface, RawRoute, RawRouteTable } from './raw-describe.ts';
import { AmbiguousCaseError } from './reference-types.ts';

export interface RouteOutcome {
  readonly allowed: boolean;
  readonly detail: string;
  /** Coverage label, e.g. `route:igw`, `route:no-public-address`. */
  readonly note: string;
}

/**
 * "When the snapshot has no route tables or gateways at all": read as neither route tables nor internet gateways.
 * (Whether one missing list suffices is one of the ambiguities the property tests report.)
 */
export function routingAbsent(doc: RawDescribe): boolean {
  return (doc.RouteTables ?? []).length === 0 && (doc.InternetGateways ?? []).length === 0;
}

function routeTableOf(doc: RawDescribe, eni: RawNetworkInterface): RawRouteTable | undefined {
  const tables = doc.RouteTables ?? [];
  return (
    tables.find((t) => t.Associations.some((a) => a.SubnetId === eni.SubnetId)) ??
    tables.find((t) => t.VpcId === eni.VpcId && t.Associations.some((a) => a.Main))
  );
}

/** The prefix length with which a route contains the address, or undefined. A prefix-list route: its longest containing entry. */
function specificity(doc: RawDescribe, route: RawRoute, addr: Addr): number | undefined {
  const cidrs: string[] = [];
  if (route.DestinationCidrBlock) cidrs.push(route.DestinationCidrBlock);
  if (route.DestinationIpv6CidrBlock) cidrs.push(route.DestinationIpv6CidrBlock);
  if (route.DestinationPrefixListId) {
    const list = (doc.PrefixLists ?? []).find((l) => l.PrefixListId === route.DestinationPrefixListId);
    for (const e of list?.Entries ?? []) cidrs.push(e.Cidr);
  }
  let best: number | undefined;
  for (const c of cidrs) {
    const block = parseBlock(c);
    if (block && blockContains(block, addr) && (best === undefined || block.prefix > best)) best = block.prefix;
  }
  return best;
}

function targetsAttachedGateway(doc: RawDescribe, route: RawRoute, vpcId: string): boolean {
  const id = route.GatewayId;
  if (!id || !id.startsWith('igw-')) return false;
  const igw = (doc.InternetGateways ?? []).find((g) => g.InternetGatewayId === id);
  return igw !== undefined && igw.Attachments.some((a) => a.VpcId === vpcId && (a.State === 'available' || a.State === 'attached'));
}

/**
 * @param internetSide the address on the internet side of the gateway (destination outbound, source inbound).
 * @param ipv4Reachable for IPv4: whether the interface has the public address this direction needs.
 * @param ipv4Problem the denial detail when it has not.
 */
export function routeStage(
  doc: RawDescribe,
  eni: RawNetworkInterface,
  internetSide: Addr,
  ipv4Reachable: boolean,
  ipv4Problem: string,
): RouteOutcome {
  const absent = routingAbsent(doc);
  if (internetSide.family === 4 && !ipv4Reachable) {
    // docs/semantics.md §2: the public-address requirement is interface data and holds even without routing data.
    return { allowed: false, detail: ipv4Problem, note: 'route:no-public-address' };
  }
  if (absent) return { allowed: true, detail: 'routing not in snapshot', note: 'route:routing-absent' };
  const table = routeTableOf(doc, eni);
  if (!table) return { allowed: false, detail: `no route table for ${eni.SubnetId}`, note: 'route:no-table' };

  let bestLength = -1;
  let best: RawRoute[] = [];
  for (const route of table.Routes) {
    if (route.State !== 'active') continue;
    const length = specificity(doc, route, internetSide);
    if (length === undefined || length < bestLength) continue;
    if (length > bestLength) best = [];
    bestLength = length;
    best.push(route);
  }
  if (best.length === 0) return { allowed: false, detail: 'no route', note: 'route:no-route' };
  const outcomes = best.map((r) => targetsAttachedGateway(doc, r, eni.VpcId));
  // Two equally specific routes (a CIDR and a prefix-list entry of the same length) with different targets: the page
  // gives no tie-break.
  if (outcomes.some((o) => o !== outcomes[0])) throw new AmbiguousCaseError('equally-specific-routes-with-different-targets');
  const viaList = best.some((r) => r.DestinationPrefixListId !== undefined) ? '+prefix-list' : '';
  if (outcomes[0]) return { allowed: true, detail: `via ${best[0].GatewayId}`, note: `route:igw${viaList}` };
  return { allowed: false, detail: 'most specific route does not reach an attached internet gateway', note: `route:not-igw${viaList}` };
}
