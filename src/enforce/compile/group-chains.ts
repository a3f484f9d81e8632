/**
 * One chain per security group and direction, shared by every interface that carries the group, so a rule
 * change rewrites one chain or a few set elements however many interfaces use the group (enforcement.md §4.2).
 *
 * A group chain never accepts or drops; it reports through the packet mark (marks.ts) and returns, because the
 * judging chain must know more than "allowed": EC2 leaves a TCP/UDP flow untracked when one of the rules that
 * admit it has a whole-family CIDR peer (docs/semantics.md §5), so whole-family rules are tried first and say so.
 * Other CIDR rules go into interval sets (TCP and UDP each `address . port`; all protocols: address), so a group
 * of hundreds of CIDR rules costs one lookup per new flow instead of a linear walk (enforcement.md §5.3: a
 * 10k-rule chain costs 0.2 ms per connection, a set lookup ≈ nothing). One set per protocol rather than one
 * `address . protocol . port` set: two-field elements load ~25% faster (1.4–1.6 s vs 1.8–2.1 s CPU for 100k
 * elements, measured here), and the protocol test before the lookup is free.
 */
import type { Direction, SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import { ALL_PROTOCOLS, TCP, UDP } from '../../core/net/protocol.ts';
import { cidrRange, disjointBoxes, formatPorts, formatRange, mergeRanges, type AddressPortBox, type AddressRange } from './address-ranges.ts';
import { FragmentBuilder, type Fragment } from './fragment.ts';
import { hex, MARK_OTHER_RULE, MARK_WHOLE_FAMILY } from './marks.ts';
import { addressFamilyKeyword, cidrMatch, joinMatch, ruleProtocolMatch, setMatch, type Remote } from './match-expressions.ts';
import { names } from './nft-names.ts';

/** What a group chain needs from the rest of the model. */
export interface GroupContext {
  /** The family of an existing prefix list; undefined when the list is not in the model. */
  readonly prefixListFamily: (prefixListId: string) => 4 | 6 | undefined;
  /**
   * Whether some interface here carries the group and has an address of the family. A reference to a group
   * without one matches nothing, so neither its rule nor its set is compiled: in an IPv4-only VPC that halves the
   * number of sets, and nft's cost per set grows with the number of sets in the table (quadratic overall: 1000 /
   * 3000 / 6000 sets take 0.03 / 0.22 / 0.8 s to create, measured here).
   */
  readonly hasMembers: (groupId: string, family: 4 | 6) => boolean;
}

const remoteOf = (d: Direction): Remote => (d === 'ingress' ? 'saddr' : 'daddr');
const addressType = (family: 4 | 6): string => (family === 4 ? 'ipv4_addr' : 'ipv6_addr');
const FAMILIES = [4, 6] as const;

/** Both chains of a group, their CIDR sets, and the member and prefix-list sets its rules refer to. */
export function compileGroup(group: SecurityGroup, ctx: GroupContext): Fragment {
  const b = new FragmentBuilder();
  for (const d of ['ingress', 'egress'] as const) compileDirection(b, group, d, ctx);
  return b.build();
}

function compileDirection(b: FragmentBuilder, group: SecurityGroup, direction: Direction, ctx: GroupContext): void {
  const rules: readonly SecurityGroupRule[] = direction === 'ingress' ? group.ingress : group.egress;
  const remote = remoteOf(direction);
  const reportWhole = `meta mark set ${hex(MARK_WHOLE_FAMILY)} return`;
  const reportOther = `meta mark set ${hex(MARK_OTHER_RULE)} return`;
  const wholeFamily: string[] = [];
  const others: string[] = [];
  const portBoxes = { tcp: { 4: [] as AddressPortBox[], 6: [] as AddressPortBox[] }, udp: { 4: [] as AddressPortBox[], 6: [] as AddressPortBox[] } };
  const allProtocolRanges: Record<4 | 6, AddressRange[]> = { 4: [], 6: [] };
  const declared = new Set<string>();
  const declareOnce = (name: string, type: string, interval = false): void => {
    if (declared.has(name)) return;
    declared.add(name);
    b.declareSet(name, type, interval);
  };

  for (const rule of rules) {
    const peer = rule.peer;
    if (peer.kind === 'cidr') {
      const family = peer.cidr.family;
      if (peer.cidr.prefixLength === 0) {
        wholeFamily.push(joinMatch(cidrMatch(peer.cidr, remote), ruleProtocolMatch(rule.protocol, rule.fromPort, rule.toPort, family), reportWhole));
      } else if (rule.protocol === TCP || rule.protocol === UDP) {
        portBoxes[rule.protocol === TCP ? 'tcp' : 'udp'][family].push({ range: cidrRange(peer.cidr), ports: { from: rule.fromPort, to: rule.toPort } });
      } else if (rule.protocol === ALL_PROTOCOLS) {
        allProtocolRanges[family].push(cidrRange(peer.cidr));
      } else {
        others.push(joinMatch(cidrMatch(peer.cidr, remote), ruleProtocolMatch(rule.protocol, rule.fromPort, rule.toPort, family), reportOther));
      }
    } else if (peer.kind === 'group') {
      // A reference matches members' private IPv4 and IPv6 addresses (docs/semantics.md §3); the interfaces
      // carrying the group contribute them (interface-dispatch.ts).
      for (const family of FAMILIES) {
        if (!ctx.hasMembers(peer.groupId, family)) continue;
        declareOnce(names.members(peer.groupId, family), addressType(family));
        others.push(joinMatch(setMatch(names.members(peer.groupId, family), family, remote), ruleProtocolMatch(rule.protocol, rule.fromPort, rule.toPort, family), reportOther));
      }
    } else {
      const family = ctx.prefixListFamily(peer.prefixListId);
      if (family === undefined) continue; // a list missing from the model has no entries: the rule matches nothing
      declareOnce(names.prefixList(peer.prefixListId, family), addressType(family), true);
      others.push(joinMatch(setMatch(names.prefixList(peer.prefixListId, family), family, remote), ruleProtocolMatch(rule.protocol, rule.fromPort, rule.toPort, family), reportOther));
    }
  }

  const setRules: string[] = [];
  for (const family of FAMILIES) {
    for (const protocol of ['tcp', 'udp'] as const) {
      const boxes = portBoxes[protocol][family];
      if (boxes.length === 0) continue;
      const name = names.groupCidrPortSet(group.groupId, direction, protocol, family);
      b.addSet(name, `${addressType(family)} . inet_service`, disjointBoxes(boxes).map((d) => `${formatRange(d.range)} . ${formatPorts(d.ports)}`), true);
      setRules.push(`${addressFamilyKeyword(family)} ${remote} . ${protocol} dport @${name} ${reportOther}`);
    }
    if (allProtocolRanges[family].length > 0) {
      const name = names.groupCidrAllSet(group.groupId, direction, family);
      b.addSet(name, addressType(family), mergeRanges(allProtocolRanges[family]).map(formatRange), true);
      setRules.push(`${setMatch(name, family, remote)} ${reportOther}`);
    }
  }

  // Once a whole-family rule matched nothing more can be learnt; after any other match only a whole-family
  // rule of a later group could still add something.
  const chain: string[] = [`meta mark ${hex(MARK_WHOLE_FAMILY)} return`, ...wholeFamily];
  if (setRules.length + others.length > 0) chain.push('meta mark != 0x0 return', ...setRules, ...others);
  b.addChain({ name: names.groupChain(group.groupId, direction), rules: chain });
}

const opposite = (d: Direction): Direction => (d === 'ingress' ? 'egress' : 'ingress');

/** Bits of the untrackable mask: which (family, protocol) a flow may be untracked for. */
export const UNTRACKABLE = [
  { bit: 1, label: 't4', family: 'ipv4', protocol: 'tcp' },
  { bit: 2, label: 'u4', family: 'ipv4', protocol: 'udp' },
  { bit: 4, label: 't6', family: 'ipv6', protocol: 'tcp' },
  { bit: 8, label: 'u6', family: 'ipv6', protocol: 'udp' },
] as const;

/**
 * The (family, protocol) pairs, as a mask of UNTRACKABLE bits, for which a flow admitted at an interface in
 * `direction` by a whole-family rule is untracked because this group opens the other direction: a rule for that
 * protocol (or -1) on all ports to the whole family (docs/semantics.md §5 (b)). Only TCP and UDP are ever
 * untracked. An interface's mask is the union over its groups.
 */
export function untrackableMask(group: SecurityGroup, direction: Direction): number {
  let mask = 0;
  for (const r of opposite(direction) === 'ingress' ? group.ingress : group.egress) {
    if (r.peer.kind !== 'cidr' || r.peer.cidr.prefixLength !== 0) continue;
    const allPorts = r.protocol === ALL_PROTOCOLS || ((r.protocol === TCP || r.protocol === UDP) && r.fromPort <= 0 && r.toPort >= 65535);
    if (!allPorts) continue;
    const v6 = r.peer.cidr.family === 6 ? 4 : 1;
    if (r.protocol === ALL_PROTOCOLS || r.protocol === TCP) mask |= v6;
    if (r.protocol === ALL_PROTOCOLS || r.protocol === UDP) mask |= v6 * 2;
  }
  return mask;
}

/**
 * How much a group chain costs a new flow in `direction`: 0 — only whole-family rules (name compares); 1 — also
 * member, prefix-list or other rules (hash lookups, a few compares); 2 — also CIDR interval sets (pipapo lookups,
 * ~1 µs each at hundreds of elements). Judging chains try cheap groups first: once a group matched, later groups
 * skip their lookups (`meta mark != 0x0 return`), and the judging chain stops early (interface-dispatch.ts).
 * The union of groups does not depend on their order (the whole-family mark is sticky), so this is free.
 */
export function judgingCost(group: SecurityGroup, direction: Direction): 0 | 1 | 2 {
  let cost: 0 | 1 | 2 = 0;
  for (const r of direction === 'ingress' ? group.ingress : group.egress) {
    if (r.peer.kind !== 'cidr') cost = 1;
    else if (r.peer.cidr.prefixLength === 0) continue;
    else if (r.protocol === TCP || r.protocol === UDP || r.protocol === ALL_PROTOCOLS) return 2;
    else cost = 1;
  }
  return cost;
}
