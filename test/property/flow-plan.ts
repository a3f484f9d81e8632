/**
 * Flow seeds and their resolution against a built topology. A seed names endpoint kinds (primary, secondary, IPv6,
 * public, internet, exempt) and, most of the time, a rule to aim at: an ingress permission of the destination, an
 * egress permission of the source, or an ACL entry. The protocol, port or ICMP type/code come from that rule (inside
 * its range, on its edges, or just outside), and an internet or group-member peer is drawn from the rule's own
 * peers, so both verdicts stay frequent at every stage.
 */
import fc from 'fast-check';
import { blockContains, mustParseAddr, parseBlock } from '../reference/address.ts';
import type { RawIpPermission } from '../reference/raw-describe.ts';
import type { ReferenceFlow } from '../reference/reference-types.ts';
import { hostIn, pick } from './address-pools.ts';
import { ICMP4_TYPES, ICMP6_TYPES, ICMP_CODES } from './build-rules.ts';
import type { BuiltInterface, BuiltTopology } from './build-topology.ts';

export type EndpointKind = 'primary' | 'secondary' | 'ipv6' | 'public' | 'internet' | 'exempt';

export interface EndpointSeed {
  readonly kind: EndpointKind;
  readonly iface: number;
  readonly pick: number;
}

export interface FlowSeed {
  readonly v6: boolean;
  readonly src: EndpointSeed;
  readonly dst: EndpointSeed;
  /** 0–3: a destination ingress permission; 4–5: a source egress permission; 6–7: an ACL entry; 8–9: fixed pools. */
  readonly aim: number;
  readonly rule: number;
  /** Draw the remote end from the aimed permission's peers (when it is on the internet or a group member). */
  readonly peerHost: boolean;
  readonly protocol: number;
  readonly port: number;
  /** Where in the rule's range: from, to, middle, just above, just below. */
  readonly portPick: number;
  readonly srcPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
}

const FLOW_PROTOCOLS = [6, 17, 1, 58, 47, 50, 6, 17];
const DST_PORTS = [22, 80, 443, 53, 5432, 8080, 1024, 32768, 65535, 0, 123, 3000];
const SRC_PORTS = [40000, 1024, 53, 80, 50000, 65535, 32768, 0];
const PROTOCOL_NAMES: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

const endpointSeed: fc.Arbitrary<EndpointSeed> = fc.record({
  kind: fc.constantFrom(...weighted<EndpointKind>(['primary', 6], ['secondary', 2], ['ipv6', 1], ['public', 4], ['internet', 6], ['exempt', 1])),
  iface: fc.nat(7),
  pick: fc.nat(63),
});

export const flowSeed: fc.Arbitrary<FlowSeed> = fc.record({
  v6: fc.constantFrom(false, false, true),
  src: endpointSeed,
  dst: endpointSeed,
  aim: fc.nat(9),
  rule: fc.nat(63),
  peerHost: fc.constantFrom(true, true, false),
  protocol: fc.nat(7),
  port: fc.nat(11),
  portPick: fc.constantFrom(0, 1, 2, 2, 2, 3, 4),
  srcPort: fc.nat(7),
  icmpType: fc.nat(7),
  icmpCode: fc.nat(3),
});

/** `[value, weight]` pairs as a list for fc.constantFrom. */
function weighted<T>(...pairs: [T, number][]): T[] {
  return pairs.flatMap(([value, times]) => new Array<T>(times).fill(value));
}

const isOutside = (k: EndpointKind) => k === 'internet' || k === 'exempt';

interface Aimed {
  readonly permission?: RawIpPermission;
  /** An ACL entry's CIDR, for its remote end. */
  readonly cidr?: string;
  /** Which end the permission's peer describes. */
  readonly peerEnd?: 'src' | 'dst';
  readonly protocol: number;
  readonly from?: number;
  readonly to?: number;
}

function permissionsOf(t: BuiltTopology, iface: BuiltInterface, egress: boolean): RawIpPermission[] {
  return t.permissions.filter((p) => p.egress === egress && iface.groupIds.includes(p.groupId)).map((p) => p.permission);
}

function aimAt(t: BuiltTopology, s: FlowSeed, src: BuiltInterface | undefined, dst: BuiltInterface | undefined): Aimed {
  const fallback = { protocol: FLOW_PROTOCOLS[s.protocol % FLOW_PROTOCOLS.length] };
  let permission: RawIpPermission | undefined;
  let peerEnd: 'src' | 'dst' | undefined;
  const ingress = dst ? permissionsOf(t, dst, false) : [];
  const egress = src ? permissionsOf(t, src, true) : [];
  if (s.aim <= 3 && ingress.length > 0) [permission, peerEnd] = [pick(ingress, s.rule), 'src'];
  else if (s.aim <= 5 && egress.length > 0) [permission, peerEnd] = [pick(egress, s.rule), 'dst'];
  else if (s.aim <= 7 && t.naclEntries.length > 0) {
    const e = pick(t.naclEntries, s.rule);
    const protocol = Number(e.Protocol);
    const cidr = e.CidrBlock ?? e.Ipv6CidrBlock;
    // Outbound entries judge the destination, inbound ones the source.
    const end = e.Egress ? 'dst' : 'src';
    if (protocol === -1) return { ...fallback, cidr, peerEnd: end };
    return { protocol, cidr, peerEnd: end, from: e.PortRange?.From ?? e.IcmpTypeCode?.Type, to: e.PortRange?.To ?? e.IcmpTypeCode?.Code };
  }
  if (!permission) return fallback;
  const protocol = PROTOCOL_NAMES[permission.IpProtocol] ?? Number(permission.IpProtocol);
  return { permission, peerEnd, protocol: protocol === -1 ? fallback.protocol : protocol, from: permission.FromPort, to: permission.ToPort };
}

/** An address admitted by one of the permission's peers, of the flow's family, or undefined. */
function peerAddress(
  t: BuiltTopology,
  p: RawIpPermission,
  family: 4 | 6,
  otherEnd: BuiltInterface,
  n: number,
): { address?: string; member?: BuiltInterface } {
  const cidrs = [
    ...(family === 4 ? p.IpRanges.map((r) => r.CidrIp) : p.Ipv6Ranges.map((r) => r.CidrIpv6)),
    ...p.PrefixListIds.flatMap((pl) => (t.doc.PrefixLists ?? []).find((l) => l.PrefixListId === pl.PrefixListId)?.Entries.map((e) => e.Cidr) ?? []),
  ].filter((c) => parseBlock(c)?.family === family);
  const blocks = cidrs.map((c) => parseBlock(c)!);
  // A member of a referenced group, or an interface with an address inside a peer CIDR; never the interface at the
  // other end, or the flow would be to itself.
  const members = t.interfaces.filter(
    (i) =>
      i !== otherEnd &&
      (p.UserIdGroupPairs.some((g) => i.groupIds.includes(g.GroupId)) ||
        [i.primary, ...i.secondaries, ...i.ipv6].some((a) => blocks.some((b) => blockContains(b, mustParseAddr(a))))),
  );
  return {
    address: cidrs.length > 0 ? hostIn(pick(cidrs, n), 7 + n) : undefined,
    member: members.length > 0 ? pick(members, n) : undefined,
  };
}

function interfaceAddress(iface: BuiltInterface, kind: EndpointKind, v6: boolean, n: number): string {
  if (v6) return pick(iface.ipv6, n);
  if (kind === 'secondary' && iface.secondaries.length > 0) return pick(iface.secondaries, n);
  if (kind === 'public' && iface.publicIp) return iface.publicIp;
  return iface.primary;
}

function portIn(from: number, to: number, portPick: number, fallback: number): number {
  const p = [from, to, Math.floor((from + to) / 2), to + 1, from - 1][portPick];
  return p >= 0 && p <= 65535 ? p : fallback;
}

export function resolveFlow(t: BuiltTopology, s: FlowSeed): ReferenceFlow {
  const withV6 = t.interfaces.filter((i) => i.ipv6.length > 0);
  const v6 = s.v6 && withV6.length > 0;
  const candidates = v6 ? withV6 : t.interfaces;
  const srcKind = s.src.kind;
  let dstKind = s.dst.kind;
  // Two internet ends is bad input; keep it rare (1 in 8) rather than a third of all cases.
  if (isOutside(srcKind) && isOutside(dstKind) && s.dst.pick % 8 !== 0) dstKind = s.dst.pick % 2 === 0 ? 'primary' : 'public';
  let srcIface = pick(candidates, s.src.iface);
  let dstIface = pick(candidates, s.dst.iface);
  // A flow to itself is exempt and says little: keep 1 in 6. Other VPCs are unreachable: keep 1 in 3.
  if (srcIface === dstIface && candidates.length > 1 && s.dst.pick % 6 !== 0) dstIface = pick(candidates, s.dst.iface + 1);
  if (t.vpcOf.get(srcIface.id) !== t.vpcOf.get(dstIface.id) && s.dst.pick % 3 !== 0) {
    const sameVpc = candidates.filter((i) => i !== srcIface && t.vpcOf.get(i.id) === t.vpcOf.get(srcIface.id));
    if (sameVpc.length > 0) dstIface = pick(sameVpc, s.dst.pick);
  }
  // From the internet, a private IPv4 destination is always unroutable; mostly aim at the public address instead.
  if (srcKind === 'internet' && !v6 && dstIface.publicIp && (dstKind === 'primary' || dstKind === 'secondary') && s.dst.pick % 3 !== 0) {
    dstKind = 'public';
  }

  const aimed = aimAt(t, s, isOutside(srcKind) ? undefined : srcIface, isOutside(dstKind) ? undefined : dstIface);
  let peerOverride: string | undefined;
  if (s.peerHost && aimed.peerEnd) {
    const end = aimed.peerEnd === 'src' ? s.src : s.dst;
    const kind = aimed.peerEnd === 'src' ? srcKind : dstKind;
    const other = aimed.peerEnd === 'src' ? dstIface : srcIface;
    const peer = aimed.permission
      ? peerAddress(t, aimed.permission, v6 ? 6 : 4, other, end.pick)
      : { address: aimed.cidr && parseBlock(aimed.cidr)?.family === (v6 ? 6 : 4) ? hostIn(aimed.cidr, 7 + end.pick) : undefined };
    if (peer.address && kind === 'internet') peerOverride = peer.address;
    if (peer.member && !isOutside(kind) && (!v6 || peer.member.ipv6.length > 0)) {
      if (aimed.peerEnd === 'src') srcIface = peer.member;
      else dstIface = peer.member;
    }
  }

  const addressOf = (end: EndpointSeed, kind: EndpointKind, iface: BuiltInterface, other: BuiltInterface, isPeerEnd: boolean): string => {
    if (kind === 'internet') return (isPeerEnd && peerOverride) || pick(v6 ? t.internet6 : t.internet4, end.pick);
    // A never-filtered address is seen from the interface at the other end.
    if (kind === 'exempt') return pick(v6 ? other.exempt6 : other.exempt4, end.pick);
    return interfaceAddress(iface, kind, v6, end.pick);
  };
  const src = addressOf(s.src, srcKind, srcIface, isOutside(dstKind) ? srcIface : dstIface, aimed.peerEnd === 'src');
  const dst = addressOf(s.dst, dstKind, dstIface, isOutside(srcKind) ? dstIface : srcIface, aimed.peerEnd === 'dst');

  const { protocol, from, to } = aimed;
  const ported = protocol === 6 || protocol === 17;
  const srcPort = ported ? SRC_PORTS[s.srcPort % SRC_PORTS.length] : 0;
  if (ported) {
    const fallbackPort = DST_PORTS[s.port % DST_PORTS.length];
    const dstPort = from !== undefined && to !== undefined && from >= 0 ? portIn(from, to, s.portPick, fallbackPort) : fallbackPort;
    return { src, dst, protocol, srcPort, dstPort, icmpType: -1, icmpCode: -1 };
  }
  if (protocol === 1 || protocol === 58) {
    const types = protocol === 1 ? ICMP4_TYPES : ICMP6_TYPES;
    // The rule's own type/code most of the time; -1 (any) draws from the pool.
    const type = from !== undefined && from !== -1 && s.portPick < 3 ? from : pick(types.slice(1), s.icmpType);
    const code = to !== undefined && to !== -1 && s.portPick < 2 ? to : pick(ICMP_CODES.slice(1), s.icmpCode);
    return { src, dst, protocol, srcPort: 0, dstPort: 0, icmpType: type, icmpCode: code };
  }
  return { src, dst, protocol, srcPort: 0, dstPort: 0, icmpType: -1, icmpCode: -1 };
}
