/**
 * One chain per security group and direction, shared by every interface that carries the group, so a rule
 * change rewrites one chain or a few set elements however many interfaces use the group (enforcement.md §4.2).
 *
 * A group chain never accepts or drops; it reports through the packet mark and returns, because the interface
 * chain must know more than "allowed": EC2 leaves a TCP/UDP flow untracked when one of the rules that admit it
 * has a whole-family CIDR peer (docs/semantics.md §5), so whole-family rules are tried first and say so:
 *   mark 1 — a whole-family CIDR rule matched (the flow may be untracked);
 *   mark 2 — some other rule matched.
 * Other CIDR rules go into interval sets (TCP/UDP: `address . protocol . port`; all protocols: address), so
 * a group of hundreds of CIDR rules costs one or two lookups per new flow instead of a linear walk
 * (enforcement.md §5.3: a 10k-rule chain costs 0.2 ms per connection, a set lookup ≈ nothing).
 */
import type { Direction, SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import { ALL_PROTOCOLS, TCP, UDP } from '../../core/net/protocol.ts';
import { cidrRange, disjointBoxes, formatPorts, formatRange, mergeRanges, type AddressPortBox, type AddressRange } from './address-ranges.ts';
import { cidrMatch, joinMatch, ruleProtocolMatch, setMatch, type Remote } from './match-expressions.ts';
import { names } from './nft-names.ts';
import type { RulesetBuilder } from './ruleset.ts';

export const MARK_WHOLE_FAMILY = '0x1';
export const MARK_OTHER_RULE = '0x2';

/** What a group chain needs from the rest of the snapshot. */
export interface GroupCompileContext {
  readonly prefixListFamily: (prefixListId: string) => 4 | 6 | undefined;
  /** Called for every group a rule references, so its member sets get compiled. */
  readonly referenceGroup: (groupId: string) => void;
  readonly referencePrefixList: (prefixListId: string) => void;
}

const remoteOf = (d: Direction): Remote => (d === 'ingress' ? 'saddr' : 'daddr');
const setKey = (family: 4 | 6): string => (family === 4 ? 'ipv4_addr' : 'ipv6_addr');

export function compileGroupChain(b: RulesetBuilder, group: SecurityGroup, direction: Direction, ctx: GroupCompileContext): void {
  const rules: readonly SecurityGroupRule[] = direction === 'ingress' ? group.ingress : group.egress;
  const remote = remoteOf(direction);
  const reportWhole = `meta mark set ${MARK_WHOLE_FAMILY} return`;
  const reportOther = `meta mark set ${MARK_OTHER_RULE} return`;
  const wholeFamily: string[] = [];
  const others: string[] = [];
  const portBoxes: Record<4 | 6, AddressPortBox[]> = { 4: [], 6: [] };
  const protoOfBox = new Map<AddressPortBox, string>();
  const allProtocolRanges: Record<4 | 6, AddressRange[]> = { 4: [], 6: [] };

  for (const rule of rules) {
    const peer = rule.peer;
    if (peer.kind === 'cidr') {
      const family = peer.cidr.family;
      if (peer.cidr.prefixLength === 0) {
        wholeFamily.push(joinMatch(cidrMatch(peer.cidr, remote), ruleProtocolMatch(rule.protocol, rule.fromPort, rule.toPort, family), reportWhole));
      } else if (rule.protocol === TCP || rule.protocol === UDP) {
        const box: AddressPortBox = { range: cidrRange(peer.cidr), ports: { from: rule.fromPort, to: rule.toPort } };
        portBoxes[family].push(box);
        protoOfBox.set(box, rule.protocol === TCP ? 'tcp' : 'udp');
      } else if (rule.protocol === ALL_PROTOCOLS) {
        allProtocolRanges[family].push(cidrRange(peer.cidr));
      } else {
        others.push(joinMatch(cidrMatch(peer.cidr, remote), ruleProtocolMatch(rule.protocol, rule.fromPort, rule.toPort, family), reportOther));
      }
    } else if (peer.kind === 'group') {
      ctx.referenceGroup(peer.groupId);
      // A reference matches members' private IPv4 and IPv6 addresses (docs/semantics.md §3).
      for (const family of [4, 6] as const) {
        others.push(joinMatch(setMatch(names.members(peer.groupId, family), family, remote), ruleProtocolMatch(rule.protocol, rule.fromPort, rule.toPort, family), reportOther));
      }
    } else {
      const family = ctx.prefixListFamily(peer.prefixListId);
      if (family === undefined) continue; // a list missing from the snapshot has no entries: the rule matches nothing
      ctx.referencePrefixList(peer.prefixListId);
      others.push(joinMatch(setMatch(names.prefixList(peer.prefixListId, family), family, remote), ruleProtocolMatch(rule.protocol, rule.fromPort, rule.toPort, family), reportOther));
    }
  }

  const setRules: string[] = [];
  for (const family of [4, 6] as const) {
    const boxesByProto = new Map<string, AddressPortBox[]>();
    for (const box of portBoxes[family]) {
      const p = protoOfBox.get(box)!;
      boxesByProto.set(p, [...(boxesByProto.get(p) ?? []), box]);
    }
    if (boxesByProto.size > 0) {
      const name = names.groupCidrPortSet(group.groupId, direction, family);
      const elements: string[] = [];
      for (const [proto, boxes] of boxesByProto) {
        for (const d of disjointBoxes(boxes)) elements.push(`${formatRange(d.range)} . ${proto} . ${formatPorts(d.ports)}`);
      }
      b.addSet(name, `${setKey(family)} . inet_proto . inet_service`, elements, true);
      const kw = family === 4 ? 'ip' : 'ip6';
      setRules.push(`${kw} ${remote} . meta l4proto . th dport @${name} ${reportOther}`);
    }
    if (allProtocolRanges[family].length > 0) {
      const name = names.groupCidrAllSet(group.groupId, direction, family);
      b.addSet(name, setKey(family), mergeRanges(allProtocolRanges[family]).map(formatRange), true);
      setRules.push(`${setMatch(name, family, remote)} ${reportOther}`);
    }
  }

  const chain: string[] = [`meta mark ${MARK_WHOLE_FAMILY} return`, ...wholeFamily];
  if (setRules.length + others.length > 0) chain.push('meta mark != 0x0 return', ...setRules, ...others);
  b.addChain(names.groupChain(group.groupId, direction), chain);
}
