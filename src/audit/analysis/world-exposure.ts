/**
 * Where a set of ingress rules lets the whole internet in. The rules of one group (SG-001…005, SG-010) or of all
 * groups on an interface (RCH-001) are taken together, because EC2 allows a packet when any rule matches
 * (aws-semantics.md §4.3): `0.0.0.0/1` + `128.0.0.0/1` on port 22 is SSH open to the world, and a prefix list
 * whose entries cover everything is the world too. Ranges, `-1` and non-port protocols follow the core's atomic
 * normalisation (a range 0–1024 contains 22; `-1` covers every protocol and port).
 *
 * An exposure is either one rule that alone admits a whole family, or — for what single rules do not already
 * explain — a maximal port interval that only the union of several rules opens; its `rules` are then the rules the
 * union needs (removing any one of them closes part of it).
 */
import type { PrefixList } from '../../core/model/network.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { ICMP, ICMPV6, TCP, UDP } from '../../core/net/protocol.ts';
import type { Family } from '../../core/net/ip.ts';
import { cidrSize } from '../../core/net/cidr.ts';
import type { UnresolvedRule } from '../model/estate.ts';
import { hasPublicAddresses } from './address-classes.ts';
import { isWhole, unionAll, type AddressSet } from './address-set.ts';
import { PeerResolver } from './rule-peers.ts';

export interface WorldExposure {
  readonly family: Family;
  /** -1 (every protocol), 6, 17, 1, 58 or another protocol number. */
  readonly protocol: number;
  /** Destination ports for tcp/udp; 0–65535 otherwise. */
  readonly portFrom: number;
  readonly portTo: number;
  /** ICMP type and code (-1 = any) for ICMP exposures; -1 otherwise. */
  readonly icmpType: number;
  readonly icmpCode: number;
  /** The rules that open it (one, or the members of a union). */
  readonly rules: readonly SecurityGroupRule[];
  readonly union: boolean;
  readonly status: 'fail' | 'unknown';
  /** For `unknown`: the unresolved input, and the rule id it came from. */
  readonly unknownReason?: string;
  readonly unresolvedRuleId?: string;
}

interface Resolved {
  readonly rule: SecurityGroupRule;
  readonly set: AddressSet;
  /** Address count as a float: a cheap upper bound that lets most groups skip the union test. */
  readonly size: number;
  readonly whole: boolean;
  readonly portFrom: number;
  readonly portTo: number;
  readonly icmpType: number;
  readonly icmpCode: number;
}

export function worldExposures(
  rules: readonly SecurityGroupRule[],
  peers: PeerResolver | ReadonlyMap<string, PrefixList>,
  unresolved: readonly UnresolvedRule[] = [],
): WorldExposure[] {
  const resolver = peers instanceof PeerResolver ? peers : new PeerResolver(peers);
  const out: WorldExposure[] = [];
  // First pass, without allocating: most rule sets admit nothing close to a whole family. A CIDR peer's facts are
  // arithmetic on the CIDR itself (the same as its resolved set's), so only prefix lists are resolved here.
  // Plain locals rather than per-family records: this loop runs for every ingress rule of the estate.
  let wholeRules = 0;
  let partial4 = 0;
  let partial6 = 0;
  let anyUnresolved = false;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const p = rule.peer;
    if (rule.direction !== 'ingress' || p.kind === 'group') continue;
    if (p.kind === 'cidr') {
      if (p.cidr.prefixLength === 0) wholeRules++;
      else if (p.cidr.family === 4) partial4 += cidrSize(p.cidr);
      else partial6 += cidrSize(p.cidr);
      continue;
    }
    const peer = resolver.resolve(p);
    if (peer.kind === 'unresolved') anyUnresolved = true;
    else if (peer.kind === 'addresses') {
      if (peer.whole) wholeRules++;
      else if (peer.set.family === 4) partial4 += peer.size;
      else partial6 += peer.size;
    }
  }
  const unionPossible = { 4: partial4 >= 2 ** 32, 6: partial6 >= 2 ** 128 };
  if (!anyUnresolved && wholeRules === 0 && !unionPossible[4] && !unionPossible[6] && unresolved.length === 0) return out;

  const byFamily: Record<Family, Resolved[]> = { 4: [], 6: [] };
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const p = rule.peer;
    if (rule.direction !== 'ingress' || p.kind === 'group') continue;
    // A partial CIDR matters only where a union could cover the family: skip it without resolving its set.
    if (p.kind === 'cidr' && p.cidr.prefixLength !== 0 && !unionPossible[p.cidr.family]) continue;
    const peer = resolver.resolve(p);
    if (peer.kind === 'group') continue;
    if (peer.kind === 'unresolved') {
      out.push({ ...unitOf(rule, peer.family ?? 4, [rule], false), status: 'unknown', unknownReason: peer.reason, unresolvedRuleId: rule.ruleId });
      continue;
    }
    const family = peer.set.family;
    if (peer.set.intervals.length === 0 || (!peer.whole && !unionPossible[family])) continue;
    // The core's atomic normalisation (toAtomicRule), without building the atomic rule.
    const ported = rule.protocol === TCP || rule.protocol === UDP;
    const icmp = rule.protocol === ICMP || rule.protocol === ICMPV6;
    byFamily[family].push({
      rule,
      set: peer.set,
      size: peer.size,
      whole: peer.whole,
      portFrom: ported ? rule.fromPort : 0,
      portTo: ported ? rule.toPort : 65535,
      icmpType: icmp ? rule.fromPort : -1,
      icmpCode: icmp ? rule.toPort : -1,
    });
  }
  for (const family of [4, 6] as const) out.push(...familyExposures(family, byFamily[family]));
  for (const u of unresolved) {
    const unit = unresolvedUnit(u);
    if (unit) out.push(unit);
  }
  return out;
}

function familyExposures(family: Family, resolved: readonly Resolved[]): WorldExposure[] {
  const out: WorldExposure[] = [];
  const familySize = family === 4 ? 2 ** 32 : 2 ** 128;
  const singles = resolved.filter((r) => r.whole);
  for (const s of singles) out.push(unitOf(s.rule, family, [s.rule], false));
  // Where a whole-family rule applies, it already explains the exposure; elsewhere only partial rules remain, and
  // unless their sizes add up to the family they cannot cover it. Most groups stop here.
  if (resolved.reduce((n, r) => (r.whole ? n : n + r.size), 0) < familySize) return out;

  const allProtocols = resolved.filter((r) => r.rule.protocol === -1);
  const allProtocolsWorld = isWhole(unionAll(family, allProtocols.map((r) => r.set)));
  if (allProtocolsWorld && !singles.some((s) => s.rule.protocol === -1)) {
    out.push({ ...unitOf(allProtocols[0].rule, family, needed(allProtocols, () => true), true) });
  }
  if (allProtocolsWorld) return out; // every protocol and port is already explained

  for (const protocol of [TCP, UDP]) {
    const candidates = resolved.filter((r) => r.rule.protocol === protocol || r.rule.protocol === -1);
    for (const [from, to] of unionOnlyIntervals(family, candidates, singles, protocol)) {
      const overlapping = candidates.filter((r) => r.portFrom <= to && r.portTo >= from);
      const rules = needed(overlapping, (subset) => coversPorts(family, subset, from, to));
      out.push({ family, protocol, portFrom: from, portTo: to, icmpType: -1, icmpCode: -1, rules, union: true, status: 'fail' });
    }
  }

  const icmp = resolved.filter((r) => r.rule.protocol === ICMP || r.rule.protocol === ICMPV6);
  const keys = [...new Set(icmp.map((r) => `${r.icmpType}/${r.icmpCode}`))]
    .map((k) => k.split('/').map(Number) as [number, number])
    .sort((a, b) => generality(b) - generality(a));
  const opened: Array<[number, number]> = [];
  for (const [type, code] of keys) {
    if (opened.some((o) => icmpCovers(o, [type, code]))) continue;
    const covering = icmp.filter((r) => icmpCovers([r.icmpType, r.icmpCode], [type, code]));
    if (covering.some((r) => r.whole)) continue;
    if (!isWhole(unionAll(family, covering.map((r) => r.set)))) continue;
    opened.push([type, code]);
    const rules = needed(covering, (subset) => isWhole(unionAll(family, subset.map((r) => r.set))));
    out.push({ ...unitOf(covering[0].rule, family, rules, true), icmpType: type, icmpCode: code });
  }

  const others = new Set(resolved.map((r) => r.rule.protocol).filter((p) => ![-1, TCP, UDP, ICMP, ICMPV6].includes(p)));
  for (const protocol of others) {
    const same = resolved.filter((r) => r.rule.protocol === protocol);
    if (same.some((r) => r.whole) || !isWhole(unionAll(family, same.map((r) => r.set)))) continue;
    out.push(unitOf(same[0].rule, family, needed(same, (subset) => isWhole(unionAll(family, subset.map((r) => r.set)))), true));
  }
  return out;
}

/** Maximal port intervals of `protocol` that the union opens to the world and no single whole-family rule does. */
function unionOnlyIntervals(family: Family, candidates: readonly Resolved[], singles: readonly Resolved[], protocol: number): Array<[number, number]> {
  const bounds = new Set<number>([0, 65536]);
  for (const r of candidates) {
    bounds.add(r.portFrom);
    bounds.add(r.portTo + 1);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i];
    const to = sorted[i + 1] - 1;
    const explained = singles.some((s) => (s.rule.protocol === protocol || s.rule.protocol === -1) && s.portFrom <= from && s.portTo >= to);
    if (explained || !coversPorts(family, candidates, from, to)) continue;
    const last = out[out.length - 1];
    if (last && last[1] + 1 === from) last[1] = to;
    else out.push([from, to]);
  }
  return out;
}

/** True when, for every port of [from, to], the rules covering that port together admit the whole family. */
function coversPorts(family: Family, rules: readonly Resolved[], from: number, to: number): boolean {
  const bounds = new Set<number>([from, to + 1]);
  for (const r of rules) {
    if (r.portFrom > from && r.portFrom <= to) bounds.add(r.portFrom);
    if (r.portTo + 1 > from && r.portTo + 1 <= to) bounds.add(r.portTo + 1);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const p = sorted[i];
    const covering = rules.filter((r) => r.portFrom <= p && r.portTo >= p);
    if (!isWhole(unionAll(family, covering.map((r) => r.set)))) return false;
  }
  return true;
}

/** The rules without which `holds` fails; when every rule is replaceable, the publicly routable ones. */
function needed(rules: readonly Resolved[], holds: (subset: readonly Resolved[]) => boolean): SecurityGroupRule[] {
  const essential = rules.filter((r) => !holds(rules.filter((o) => o !== r)));
  const chosen = essential.length > 0 ? essential : rules.filter((r) => hasPublicAddresses(r.set));
  return chosen.map((r) => r.rule);
}

function generality([type, code]: [number, number]): number {
  return type === -1 ? 2 : code === -1 ? 1 : 0;
}

function icmpCovers([ot, oc]: [number, number], [t, c]: [number, number]): boolean {
  return ot === -1 || (ot === t && (oc === -1 || oc === c));
}

function unitOf(rule: SecurityGroupRule, family: Family, rules: readonly SecurityGroupRule[], union: boolean): WorldExposure {
  // The core's atomic normalisation (toAtomicRule) without building the atomic rule, which would read the rule id:
  // most exposures (HTTPS to the world) never become findings, so their ids are never needed.
  const ported = rule.protocol === TCP || rule.protocol === UDP;
  const icmp = rule.protocol === ICMP || rule.protocol === ICMPV6;
  return {
    family,
    protocol: rule.protocol,
    portFrom: ported ? rule.fromPort : 0,
    portTo: ported ? rule.toPort : 65535,
    icmpType: icmp ? rule.fromPort : -1,
    icmpCode: icmp ? rule.toPort : -1,
    rules,
    union,
    status: 'fail',
  };
}

/** An IaC rule with unknown values, read at its widest: an unknown source may be the world, unknown ports all ports. */
function unresolvedUnit(u: UnresolvedRule): WorldExposure | undefined {
  if (u.direction !== 'ingress') return undefined;
  if (u.peer && u.peer.kind === 'group') return undefined;
  if (u.peer && u.peer.kind === 'cidr' && u.peer.cidr.prefixLength !== 0) return undefined;
  const family: Family = u.peer?.kind === 'cidr' ? u.peer.cidr.family : (u.family ?? 4);
  const protocol = u.protocol ?? -1;
  const ported = protocol === TCP || protocol === UDP;
  const icmp = protocol === ICMP || protocol === ICMPV6;
  return {
    family,
    protocol,
    portFrom: ported ? (u.fromPort ?? 0) : 0,
    portTo: ported ? (u.toPort ?? 65535) : 65535,
    icmpType: icmp ? (u.fromPort ?? -1) : -1,
    icmpCode: icmp ? (u.toPort ?? -1) : -1,
    rules: [],
    union: false,
    status: 'unknown',
    unknownReason: u.reason,
    unresolvedRuleId: u.ruleId,
  };
}
