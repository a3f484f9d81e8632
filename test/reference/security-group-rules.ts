/**
 * Security-group rule matching read straight off raw IpPermissions (docs/semantics.md §3), and the untracked-flow
 * test (§5). Linear scans over every group and every permission, every time: slow and obviously right.
 */
import { blockContains, mustParseAddr, parseBlock, sameAddr, type Addr } from './address.ts';
import type { RawDescribe, RawIpPermission, RawNetworkInterface, RawSecurityGroup } from './raw-describe.ts';
import type { ReferenceFlow } from './reference-types.ts';

export type SgDirection = 'ingress' | 'egress';

/** One peer of one permission that admits the packet. */
export interface SgMatch {
  readonly groupId: string;
  /** cidr4, cidr6, prefix-list4, prefix-list6, group, self-group: for coverage tallies. */
  readonly peerKind: string;
  /** A `0.0.0.0/0` or `::/0` CIDR peer: the first condition of an untracked flow. */
  readonly wholeFamilyCidr: boolean;
  /** all, ports, icmp-any, icmp-type, icmp-type-code, other-protocol: for coverage tallies. */
  readonly ruleKind: string;
  /** The permission object itself (from the document), so callers can name or remove exactly what matched. */
  readonly permission: RawIpPermission;
}

const PROTOCOL_NAMES: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

/** `tcp` → 6, `"47"` → 47, `"-1"` → -1. */
export function permissionProtocol(p: RawIpPermission): number {
  const text = p.IpProtocol.toLowerCase();
  return PROTOCOL_NAMES[text] ?? Number(text);
}

export function groupsOf(doc: RawDescribe, eni: RawNetworkInterface): RawSecurityGroup[] {
  const ids = eni.Groups.map((g) => g.GroupId);
  return (doc.SecurityGroups ?? []).filter((g) => ids.includes(g.GroupId));
}

function permissionsOf(group: RawSecurityGroup, direction: SgDirection): RawIpPermission[] {
  return direction === 'ingress' ? group.IpPermissions : group.IpPermissionsEgress;
}

/** Protocol, then ports (TCP/UDP destination port) or ICMP type/code with -1 wildcards; other protocols: no check. */
function permissionCoversPacket(p: RawIpPermission, flow: ReferenceFlow): boolean {
  const protocol = permissionProtocol(p);
  if (protocol !== -1 && protocol !== flow.protocol) return false;
  if (protocol === 6 || protocol === 17) {
    if (p.FromPort === undefined || p.ToPort === undefined) throw new Error('reference: tcp/udp permission without ports');
    return p.FromPort <= flow.dstPort && flow.dstPort <= p.ToPort;
  }
  if (protocol === 1 || protocol === 58) {
    // icmpv6 may omit the range entirely: all types and codes.
    const type = p.FromPort ?? -1;
    const code = p.ToPort ?? -1;
    return (type === -1 || type === flow.icmpType) && (code === -1 || code === flow.icmpCode);
  }
  return true;
}

/** Private IPv4 addresses (primary and secondary) and IPv6 addresses: what a group reference can match. */
export function privateAddressesOf(eni: RawNetworkInterface): Addr[] {
  const texts = [eni.PrivateIpAddress, ...eni.PrivateIpAddresses.map((p) => p.PrivateIpAddress), ...eni.Ipv6Addresses.map((a) => a.Ipv6Address)];
  return texts.map(mustParseAddr);
}

function isMemberAddress(doc: RawDescribe, groupId: string, remote: Addr): boolean {
  for (const eni of doc.NetworkInterfaces ?? []) {
    if (!eni.Groups.some((g) => g.GroupId === groupId)) continue;
    if (privateAddressesOf(eni).some((a) => sameAddr(a, remote))) return true;
  }
  return false;
}

function prefixListContains(doc: RawDescribe, prefixListId: string, remote: Addr): boolean {
  const list = (doc.PrefixLists ?? []).find((l) => l.PrefixListId === prefixListId);
  if (!list) return false;
  return list.Entries.some((e) => {
    const block = parseBlock(e.Cidr);
    return block !== undefined && blockContains(block, remote);
  });
}

function ruleKindOf(p: RawIpPermission): string {
  const protocol = permissionProtocol(p);
  if (protocol === -1) return 'all';
  if (protocol === 6 || protocol === 17) return 'ports';
  if (protocol === 1 || protocol === 58) {
    if ((p.FromPort ?? -1) === -1) return 'icmp-any';
    return (p.ToPort ?? -1) === -1 ? 'icmp-type' : 'icmp-type-code';
  }
  return 'other-protocol';
}

function peersMatching(doc: RawDescribe, group: RawSecurityGroup, p: RawIpPermission, remote: Addr): SgMatch[] {
  const ruleKind = ruleKindOf(p);
  const out: SgMatch[] = [];
  for (const r of p.IpRanges) {
    const block = parseBlock(r.CidrIp);
    if (block && blockContains(block, remote)) out.push({ groupId: group.GroupId, peerKind: 'cidr4', wholeFamilyCidr: block.prefix === 0, ruleKind, permission: p });
  }
  for (const r of p.Ipv6Ranges) {
    const block = parseBlock(r.CidrIpv6);
    if (block && blockContains(block, remote)) out.push({ groupId: group.GroupId, peerKind: 'cidr6', wholeFamilyCidr: block.prefix === 0, ruleKind, permission: p });
  }
  for (const pl of p.PrefixListIds) {
    if (prefixListContains(doc, pl.PrefixListId, remote)) {
      out.push({ groupId: group.GroupId, peerKind: `prefix-list${remote.family}`, wholeFamilyCidr: false, ruleKind, permission: p });
    }
  }
  for (const pair of p.UserIdGroupPairs) {
    if (isMemberAddress(doc, pair.GroupId, remote)) {
      out.push({ groupId: group.GroupId, peerKind: pair.GroupId === group.GroupId ? 'self-group' : 'group', wholeFamilyCidr: false, ruleKind, permission: p });
    }
  }
  return out;
}

/** Every (group, permission, peer) on the interface that admits the packet in this direction. */
export function securityGroupMatches(
  doc: RawDescribe,
  eni: RawNetworkInterface,
  direction: SgDirection,
  remote: Addr,
  flow: ReferenceFlow,
): SgMatch[] {
  const out: SgMatch[] = [];
  for (const group of groupsOf(doc, eni)) {
    for (const p of permissionsOf(group, direction)) {
      if (permissionCoversPacket(p, flow)) out.push(...peersMatching(doc, group, p, remote));
    }
  }
  return out;
}

function wholeFamilyCidrs(p: RawIpPermission, family: 4 | 6): boolean {
  const cidrs = family === 4 ? p.IpRanges.map((r) => r.CidrIp) : p.Ipv6Ranges.map((r) => r.CidrIpv6);
  return cidrs.some((c) => parseBlock(c)?.prefix === 0);
}

/** A rule in `direction` with protocol -1 or `protocol`, all ports 0–65535, and a whole-family peer of `family`. */
function isOpen(doc: RawDescribe, eni: RawNetworkInterface, direction: SgDirection, family: 4 | 6, protocol: number): boolean {
  return groupsOf(doc, eni).some((group) =>
    permissionsOf(group, direction).some((p) => {
      const pp = permissionProtocol(p);
      const allPorts = pp === -1 || (pp === protocol && p.FromPort === 0 && p.ToPort === 65535);
      return allPorts && wholeFamilyCidrs(p, family);
    }),
  );
}

/**
 * §5 untracked flows, TCP/UDP only, read in either orientation of the connection:
 * - forward (the page's wording): a rule matching the packet has a whole-family CIDR peer, and the opposite
 *   direction is open (protocol -1 or the packet's, ports 0–65535, whole family of the same family);
 * - reply: the packet's own direction is open, and an opposite-direction rule with a whole-family CIDR peer admits
 *   the reversed packet (its destination port is this packet's source port).
 * The second reading is not in the page's condition, but its next sentence requires it: untracked flows are judged
 * by rules "replies included", and a stateless judge cannot tell a reply from a new flow. (Reported as a gap in
 * docs/semantics.md §5; the engine reads it the same way.)
 */
export function isUntracked(
  doc: RawDescribe,
  eni: RawNetworkInterface,
  direction: SgDirection,
  family: 4 | 6,
  flow: ReferenceFlow,
  matches: readonly SgMatch[],
): boolean {
  if (flow.protocol !== 6 && flow.protocol !== 17) return false;
  const opposite: SgDirection = direction === 'ingress' ? 'egress' : 'ingress';
  if (matches.some((m) => m.wholeFamilyCidr) && isOpen(doc, eni, opposite, family, flow.protocol)) return true;
  if (!isOpen(doc, eni, direction, family, flow.protocol)) return false;
  const reversed: ReferenceFlow = { ...flow, srcPort: flow.dstPort, dstPort: flow.srcPort };
  return groupsOf(doc, eni).some((group) =>
    permissionsOf(group, opposite).some((p) => wholeFamilyCidrs(p, family) && permissionCoversPacket(p, reversed)),
  );
}
