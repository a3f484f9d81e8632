/**
 * Snapshot → the nftables table of one VPC's router namespace. Pure and deterministic: the same snapshot gives
 * the same text, byte for byte (golden-tested in compile.test.ts).
 *
 * Packet path in the router (enforcement.md §4, docs/semantics.md §2), one forward pass per hop:
 *   prerouting  -350  nat_in       stateless 1:1 NAT public → primary private for packets from the gateway
 *   forward      -10  boundary     route stage + NACLs, only when a packet crosses a subnet boundary
 *   forward        0  sg_egress    source check, then the sending interface's groups (new or untracked packets)
 *   forward       10  sg_ingress   the receiving interface's groups (new or untracked packets)
 *   postrouting  300  nat_out      stateless 1:1 NAT private → public towards the gateway
 * In nftables `accept` ends only the current base chain, so each stage is a gate and `drop` is final.
 * The NAT is stateless (payload rewrites, no conntrack NAT), so it never depends on a flow being tracked.
 */
import type { Direction, SecurityGroup } from '../../core/model/security-group.ts';
import type { NetworkInterface } from '../../core/model/network.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { formatIp } from '../../core/net/ip.ts';
import { cidrRange, mergeRanges, formatRange } from './address-ranges.ts';
import { compileInterfaceChain, untrackedBit } from './interface.ts';
import { compileNetworkAclChains, networkAclOfSubnet } from './network-acl.ts';
import { GATEWAY_LINK, interfaceLinkName, names } from './nft-names.ts';
import { formatGatewayRoutes, gatewayRoutedRanges, routeTableOfSubnet } from './route-stage.ts';
import { RulesetBuilder, type Ruleset } from './ruleset.ts';
import { compileGroupChain } from './security-group.ts';

export interface RouterScope {
  readonly vpcId: string;
  /** `inet` table name; must start with `rampart-`. */
  readonly table: string;
}

/** Whether the router has a link to the internet namespace, and whether routes are judged on it. */
export type GatewayMode = 'none' | 'routed' | 'unrouted';

/**
 * A VPC reaches the internet namespace when an internet gateway is attached to it; a snapshot without any
 * route table or gateway says nothing about routing, and then the route stage is open (docs/semantics.md §2).
 */
export function gatewayMode(snapshot: Snapshot, vpcId: string): GatewayMode {
  if (snapshot.routeTables.length === 0 && snapshot.internetGateways.length === 0) return 'unrouted';
  return snapshot.internetGateways.some((g) => g.attachedVpcIds.includes(vpcId)) ? 'routed' : 'none';
}

const byId = <T>(items: readonly T[], id: (t: T) => string): Map<string, T> => new Map(items.map((i) => [id(i), i]));
const quoted = (link: string): string => `"${link}"`;

export function compileRouterRuleset(snapshot: Snapshot, scope: RouterScope): Ruleset {
  if (!scope.table.startsWith('rampart-')) throw new Error(`table name ${scope.table} must start with rampart-`);
  const b = new RulesetBuilder(scope.table);
  const interfaces = snapshot.networkInterfaces
    .filter((n) => n.vpcId === scope.vpcId)
    .sort((x, y) => (x.networkInterfaceId < y.networkInterfaceId ? -1 : 1));
  const groupsById = byId(snapshot.securityGroups, (g) => g.groupId);
  const prefixListsById = byId(snapshot.prefixLists, (p) => p.prefixListId);
  const linkOf = linkNames(interfaces);
  const groupsOf = (n: NetworkInterface): SecurityGroup[] => n.groupIds.map((id) => groupsById.get(id)).filter((g): g is SecurityGroup => g !== undefined);

  // Security groups: one chain per attached group and direction; member and prefix-list sets they reference.
  const attached = new Map<string, SecurityGroup>();
  for (const n of interfaces) for (const g of groupsOf(n)) attached.set(g.groupId, g);
  const referencedGroups = new Set<string>();
  const referencedLists = new Set<string>();
  const ctx = {
    prefixListFamily: (id: string) => prefixListsById.get(id)?.addressFamily,
    referenceGroup: (id: string) => void referencedGroups.add(id),
    referencePrefixList: (id: string) => void referencedLists.add(id),
  };
  for (const g of [...attached.values()].sort((x, y) => (x.groupId < y.groupId ? -1 : 1))) {
    for (const d of ['ingress', 'egress'] as const) compileGroupChain(b, g, d, ctx);
  }
  for (const groupId of referencedGroups) {
    const members = interfaces.filter((n) => n.groupIds.includes(groupId));
    b.addSet(names.members(groupId, 4), 'ipv4_addr', members.flatMap((n) => n.privateIps.map(formatIp)));
    b.addSet(names.members(groupId, 6), 'ipv6_addr', members.flatMap((n) => n.ipv6Addresses.map(formatIp)));
  }
  for (const listId of referencedLists) {
    const list = prefixListsById.get(listId)!;
    const ranges = mergeRanges(list.entries.filter((e) => e.cidr.family === list.addressFamily).map((e) => cidrRange(e.cidr)));
    b.addSet(names.prefixList(listId, list.addressFamily), list.addressFamily === 4 ? 'ipv4_addr' : 'ipv6_addr', ranges.map(formatRange), true);
  }

  // Interfaces: a judging chain per direction, dispatched by link name; the source/destination check.
  const dispatch: Record<Direction, string[]> = { ingress: [], egress: [] };
  for (const n of interfaces) {
    for (const d of ['ingress', 'egress'] as const) {
      compileInterfaceChain(b, n, groupsOf(n), d);
      dispatch[d].push(`${quoted(linkOf.get(n.networkInterfaceId)!)} : jump ${names.interfaceChain(n.networkInterfaceId, d)}`);
    }
  }
  b.addSet('eni_egress', 'ifname : verdict', dispatch.egress);
  b.addSet('eni_ingress', 'ifname : verdict', dispatch.ingress);
  const checked = interfaces.filter((n) => n.sourceDestCheck);
  b.addSet('source_checked', 'ifname', checked.map((n) => quoted(linkOf.get(n.networkInterfaceId)!)));
  b.addSet('source_bindings4', 'ifname . ipv4_addr', checked.flatMap((n) => n.privateIps.map((ip) => `${quoted(linkOf.get(n.networkInterfaceId)!)} . ${formatIp(ip)}`)));
  b.addSet('source_bindings6', 'ifname . ipv6_addr', checked.flatMap((n) => n.ipv6Addresses.map((ip) => `${quoted(linkOf.get(n.networkInterfaceId)!)} . ${formatIp(ip)}`)));

  const mode = gatewayMode(snapshot, scope.vpcId);
  compileBoundaries(b, snapshot, scope.vpcId, interfaces, linkOf, mode);
  if (mode !== 'none') compileGateway(b, snapshot, scope.vpcId, interfaces);
  compileBaseChains(b, mode);
  return b.build();
}

function linkNames(interfaces: readonly NetworkInterface[]): Map<string, string> {
  const out = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const n of interfaces) {
    const link = interfaceLinkName(n.networkInterfaceId);
    const other = owner.get(link);
    if (other !== undefined) throw new Error(`link name ${link} collides for ${other} and ${n.networkInterfaceId}`);
    owner.set(link, n.networkInterfaceId);
    out.set(n.networkInterfaceId, link);
  }
  return out;
}

/** Subnet boundaries: the route stage towards the gateway and the NACLs, skipped within a subnet (§6.9). */
function compileBoundaries(b: RulesetBuilder, snapshot: Snapshot, vpcId: string, interfaces: readonly NetworkInterface[], linkOf: Map<string, string>, mode: GatewayMode): void {
  const subnetIds = [...new Set(interfaces.map((n) => n.subnetId))].sort();
  const attachedGateways = new Set(snapshot.internetGateways.filter((g) => g.attachedVpcIds.includes(vpcId)).map((g) => g.internetGatewayId));
  const toSubnet: string[] = [];
  const fromSubnet: string[] = [];
  for (const subnetId of subnetIds) {
    const links = interfaces.filter((n) => n.subnetId === subnetId).map((n) => quoted(linkOf.get(n.networkInterfaceId)!));
    b.addSet(names.subnetLinks(subnetId), 'ifname', links);
    const out = [`oifname @${names.subnetLinks(subnetId)} return`];
    const inn = [`iifname @${names.subnetLinks(subnetId)} return`];
    if (mode === 'routed') {
      const table = routeTableOfSubnet(snapshot, subnetId, vpcId);
      if (table) {
        compileRouteChains(b, snapshot, table, attachedGateways);
        out.push(`oifname "${GATEWAY_LINK}" jump ${names.routeOutChain(table.routeTableId)}`);
        inn.push(`iifname "${GATEWAY_LINK}" jump ${names.routeInChain(table.routeTableId)}`);
      } else {
        out.push(`oifname "${GATEWAY_LINK}" drop comment "no route table"`);
        inn.push(`iifname "${GATEWAY_LINK}" drop comment "no route table"`);
      }
    }
    if (mode === 'unrouted') {
      // No route tables to judge, but the 1:1 NAT still needs a public address for IPv4 (docs/semantics.md §2).
      out.push(`oifname "${GATEWAY_LINK}" ip saddr != @nat_privates4 drop`, `oifname "${GATEWAY_LINK}" ip6 daddr @other_vpc_ipv6 drop`);
    }
    const acl = networkAclOfSubnet(snapshot.networkAcls, subnetId, vpcId);
    if (acl) {
      compileNetworkAclChains(b, acl);
      out.push(`goto ${names.naclChain(acl.networkAclId, true)}`);
      inn.push(`goto ${names.naclChain(acl.networkAclId, false)}`);
    }
    b.addChain(names.subnetOutChain(subnetId), out);
    b.addChain(names.subnetInChain(subnetId), inn);
    for (const link of links) {
      fromSubnet.push(`${link} : jump ${names.subnetOutChain(subnetId)}`);
      toSubnet.push(`${link} : jump ${names.subnetInChain(subnetId)}`);
    }
  }
  b.addSet('subnet_egress', 'ifname : verdict', fromSubnet);
  b.addSet('subnet_ingress', 'ifname : verdict', toSubnet);
}

function compileRouteChains(b: RulesetBuilder, snapshot: Snapshot, table: Snapshot['routeTables'][number], attachedGateways: ReadonlySet<string>): void {
  const outName = names.routeOutChain(table.routeTableId);
  if (b.hasChain(outName)) return;
  for (const family of [4, 6] as const) {
    const ranges = gatewayRoutedRanges(table, family, attachedGateways, snapshot.prefixLists);
    b.addSet(names.gatewayRoutes(table.routeTableId, family), family === 4 ? 'ipv4_addr' : 'ipv6_addr', formatGatewayRoutes(ranges), true);
  }
  const v4 = names.gatewayRoutes(table.routeTableId, 4);
  const v6 = names.gatewayRoutes(table.routeTableId, 6);
  b.addChain(outName, [
    // IPv4 leaves only through the 1:1 NAT: an interface without a public address has no route out (§2).
    'ip saddr != @nat_privates4 drop',
    // Another VPC's IPv6 interface is reached privately, and peering is not modelled (§2: "no route").
    'ip6 daddr @other_vpc_ipv6 drop',
    `ip daddr @${v4} return`,
    `ip6 daddr @${v6} return`,
    'drop',
  ]);
  b.addChain(names.routeInChain(table.routeTableId), [`ip saddr @${v4} return`, `ip6 saddr @${v6} return`, 'drop']);
}

function compileGateway(b: RulesetBuilder, snapshot: Snapshot, vpcId: string, interfaces: readonly NetworkInterface[]): void {
  const withPublic = interfaces.filter((n) => n.publicIp !== undefined && n.privateIps.length > 0);
  b.addSet('public_addrs4', 'ipv4_addr', withPublic.map((n) => formatIp(n.publicIp!)));
  b.addSet('nat_privates4', 'ipv4_addr', withPublic.map((n) => formatIp(n.privateIps[0])));
  b.addSet('public_to_private', 'ipv4_addr : ipv4_addr', withPublic.map((n) => `${formatIp(n.publicIp!)} : ${formatIp(n.privateIps[0])}`));
  b.addSet('private_to_public', 'ipv4_addr : ipv4_addr', withPublic.map((n) => `${formatIp(n.privateIps[0])} : ${formatIp(n.publicIp!)}`));
  b.addSet('other_vpc_ipv6', 'ipv6_addr', snapshot.networkInterfaces.filter((n) => n.vpcId !== vpcId).flatMap((n) => n.ipv6Addresses.map(formatIp)));
}

function compileBaseChains(b: RulesetBuilder, mode: GatewayMode): void {
  const gw = mode !== 'none';
  if (gw) {
    b.addChain('nat_in', [
      // From the internet an IPv4 packet can only be addressed to a public address (docs/semantics.md §2).
      `iifname "${GATEWAY_LINK}" ip daddr != @public_addrs4 drop`,
      `iifname "${GATEWAY_LINK}" ip daddr set ip daddr map @public_to_private`,
    ], { hook: 'prerouting', priority: -350, policy: 'accept' });
    b.addChain('nat_out', [`oifname "${GATEWAY_LINK}" ip saddr set ip saddr map @private_to_public`], { hook: 'postrouting', priority: 300, policy: 'accept' });
  }
  b.addChain('boundary', [...(gw ? [`iifname "${GATEWAY_LINK}" oifname "${GATEWAY_LINK}" drop`] : []), 'iifname vmap @subnet_egress', 'oifname vmap @subnet_ingress'], {
    hook: 'forward',
    priority: -10,
    policy: 'accept',
  });
  // Links that are neither a known interface nor the gateway are dropped: fail closed while the model catches up.
  const orGateway = (dir: 'iifname' | 'oifname'): string => (gw ? `${dir} != "${GATEWAY_LINK}" drop` : 'drop');
  const src = untrackedBit('egress').toString(16);
  const dst = untrackedBit('ingress').toString(16);
  b.addChain('sg_egress', [
    'iifname @source_checked iifname . ip saddr != @source_bindings4 drop',
    'iifname @source_checked iifname . ip6 saddr != @source_bindings6 drop',
    `ct direction original ct mark & 0x${src} == 0x${src} iifname vmap @eni_egress`,
    `ct direction reply ct mark & 0x${dst} == 0x${dst} iifname vmap @eni_egress`,
    'ct state established,related accept',
    'iifname vmap @eni_egress',
    orGateway('iifname'),
  ], { hook: 'forward', priority: 0, policy: 'accept' });
  b.addChain('sg_ingress', [
    `ct direction original ct mark & 0x${dst} == 0x${dst} oifname vmap @eni_ingress`,
    `ct direction reply ct mark & 0x${src} == 0x${src} oifname vmap @eni_ingress`,
    'ct state established,related accept',
    'oifname vmap @eni_ingress',
    orGateway('oifname'),
  ], { hook: 'forward', priority: 10, policy: 'accept' });
}
