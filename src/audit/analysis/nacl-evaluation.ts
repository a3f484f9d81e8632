/**
 * Network ACLs evaluated over sets of addresses rather than one packet: for a packet kind (protocol, destination
 * port or ICMP type/code) and a direction, which remote addresses does the ACL allow? Entries are tried in
 * ascending rule number and the first match decides, allow or deny (aws-semantics.md §6, docs/semantics.md §4), so
 * an address is allowed when the first entry whose CIDR contains it and whose protocol/ports match allows it.
 * Deny-before-allow is honoured, and `0.0.0.0/1` + `128.0.0.0/1` allows the world like `0.0.0.0/0`.
 */
import type { NetworkAcl, NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { Family } from '../../core/net/ip.ts';
import { ICMP, ICMPV6, TCP, UDP } from '../../core/net/protocol.ts';
import { emptySet, intersect, setOfCidrs, subtract, union, wholeFamily, type AddressSet } from './address-set.ts';

export interface PacketKind {
  readonly protocol: number;
  /** Destination port, for tcp/udp. */
  readonly port?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
}

// Memoised per ACL and per entry list: the checks ask the same questions of one ACL for many rules and interfaces.
const entriesMemo = new WeakMap<NetworkAcl, Map<string, readonly NetworkAclEntry[]>>();
const allowedMemo = new WeakMap<readonly NetworkAclEntry[], Map<string, AddressSet>>();

export function entriesOf(acl: NetworkAcl, egress: boolean, family: Family): readonly NetworkAclEntry[] {
  let byKey = entriesMemo.get(acl);
  if (!byKey) entriesMemo.set(acl, (byKey = new Map()));
  const key = `${egress}|${family}`;
  let list = byKey.get(key);
  if (!list) {
    list = acl.entries.filter((e) => e.egress === egress && e.cidr.family === family).sort((a, b) => a.ruleNumber - b.ruleNumber);
    byKey.set(key, list);
  }
  return list;
}

export function entryMatches(entry: NetworkAclEntry, packet: PacketKind): boolean {
  if (entry.protocol !== -1 && entry.protocol !== packet.protocol) return false;
  if (entry.protocol === TCP || entry.protocol === UDP) {
    const r = entry.portRange;
    return !r || (packet.port !== undefined && r.from <= packet.port && packet.port <= r.to);
  }
  const icmpFields = entry.protocol === ICMP || (entry.protocol === ICMPV6 && entry.cidr.family === 6);
  if (icmpFields && entry.icmp) {
    const { type, code } = entry.icmp;
    return (type === -1 || type === packet.icmpType) && (code === -1 || code === packet.icmpCode);
  }
  return true;
}

/** Remote addresses allowed for this packet kind, by first match over the given (sorted) entries. */
export function allowedAddresses(entries: readonly NetworkAclEntry[], family: Family, packet: PacketKind): AddressSet {
  let byKey = allowedMemo.get(entries);
  if (!byKey) allowedMemo.set(entries, (byKey = new Map()));
  const key = `${family}|${packet.protocol}|${packet.port}|${packet.icmpType}|${packet.icmpCode}`;
  let set = byKey.get(key);
  if (!set) {
    set = firstMatchAllowed(entries, family, packet);
    byKey.set(key, set);
  }
  return set;
}

function firstMatchAllowed(entries: readonly NetworkAclEntry[], family: Family, packet: PacketKind): AddressSet {
  let undecided = wholeFamily(family);
  let allowed = emptySet(family);
  for (const e of entries) {
    if (undecided.intervals.length === 0) break;
    if (!entryMatches(e, packet)) continue;
    const cidr = setOfCidrs(family, [e.cidr]);
    if (e.action === 'allow') allowed = union(allowed, intersect(undecided, cidr));
    undecided = subtract(undecided, cidr);
  }
  return allowed;
}

/**
 * Representative packets that, together, stand for every packet of `protocol` with a port in [from, to] (tcp/udp)
 * or any ICMP type/code: one per interval between the entries' port boundaries, so a property that holds for the
 * representatives holds for all packets.
 */
export function packetKinds(entries: readonly NetworkAclEntry[], protocol: number, from = 0, to = 65535): PacketKind[] {
  if (protocol === TCP || protocol === UDP) {
    const bounds = new Set<number>([from]);
    for (const e of entries) {
      if (e.protocol !== protocol || !e.portRange) continue;
      if (e.portRange.from > from && e.portRange.from <= to) bounds.add(e.portRange.from);
      if (e.portRange.to + 1 > from && e.portRange.to + 1 <= to) bounds.add(e.portRange.to + 1);
    }
    return [...bounds].sort((a, b) => a - b).map((port) => ({ protocol, port }));
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    const mentioned = entries.filter((e) => e.protocol === protocol && e.icmp).map((e) => e.icmp!);
    const types = new Set(mentioned.map((m) => m.type).filter((t) => t !== -1));
    const codes = new Set(mentioned.map((m) => m.code).filter((c) => c !== -1));
    const otherType = firstUnused(types);
    const otherCode = firstUnused(codes);
    const out: PacketKind[] = [];
    for (const t of [...types, otherType]) for (const c of [...codes, otherCode]) out.push({ protocol, icmpType: t, icmpCode: c });
    return out;
  }
  return [{ protocol }];
}

/** Every kind of packet, for "all traffic" questions: tcp and udp by port interval, ICMP, and every other protocol. */
export function allPacketKinds(entries: readonly NetworkAclEntry[]): PacketKind[] {
  const protocols = new Set<number>([TCP, UDP, ICMP, ICMPV6]);
  for (const e of entries) if (e.protocol !== -1) protocols.add(e.protocol);
  protocols.add(firstUnused(protocols));
  return [...protocols].flatMap((p) => packetKinds(entries, p));
}

function firstUnused(used: ReadonlySet<number>): number {
  let n = 0;
  while (used.has(n)) n++;
  return n;
}

/** Human form of a packet kind, e.g. `tcp/22`, `icmp type 8`. */
export function packetKindText(p: PacketKind): string {
  if (p.port !== undefined) return `${p.protocol === TCP ? 'tcp' : 'udp'}/${p.port}`;
  if (p.icmpType !== undefined) return `${p.protocol === ICMP ? 'icmp' : 'icmpv6'} type ${p.icmpType} code ${p.icmpCode}`;
  return `protocol ${p.protocol}`;
}
