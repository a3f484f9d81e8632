/**
 * What one interface puts into its router's table. Only elements, in shared maps and sets: no chain of its own.
 * A chain per interface costs a rule load each (10k interfaces × 16 rules were 160k rules, 7.7 s of the 11.9 s
 * load at 100k rules), map elements cost a hash insert (enforcement.md §5.2: 0.36 s per 100k).
 *
 *   from4/from6  link . bound source address → goto the subnet's out chain (source/destination check and subnet
 *                dispatch in one lookup); links without the check go through from_link instead
 *   to_subnet    link → goto the subnet's in chain (for packets arriving from another subnet or the gateway)
 *   links_<sn>   the subnet's links (within a subnet, NACLs are not evaluated, §6.9)
 *   slot<k>_in/out   link → jump to the chain of the interface's k-th group
 *   ingress_judges / egress_judges   link → jump to the judging chain for "k groups, these untrackable pairs"
 *   members4/6_<sg>  the interface's addresses, for every group it carries (used when some rule refers to sg)
 *   NAT maps     public ↔ primary private address
 *
 * Judging chains are shared by every interface with the same number of groups and the same untrackable pairs
 * (at most 17 × 16 per direction, a handful in practice); each is declared by every interface that uses it.
 */
import type { Direction } from '../../core/model/security-group.ts';
import type { NetworkInterface } from '../../core/model/network.ts';
import { formatIp } from '../../core/net/ip.ts';
import { FragmentBuilder, type Fragment } from './fragment.ts';
import { UNTRACKABLE } from './group-chains.ts';
import { clearMask, CT_UNTRACKED_AT_DESTINATION, CT_UNTRACKED_AT_SOURCE, hex, MARK_WHOLE_FAMILY } from './marks.ts';
import { names, TABLE_OBJECTS as T } from './nft-names.ts';
import type { NftChain } from './ruleset.ts';

/** What an interface needs from the rest of the model. */
export interface InterfaceContext {
  /** The interface's link name in the router namespace. */
  readonly link: string;
  /** Per direction, the ids of the interface's groups that exist, cheapest to judge first (judgingCost). */
  readonly groupIds: Readonly<Record<Direction, readonly string[]>>;
  /** Union of untrackableMask over those groups, per direction. */
  readonly untrackable: Readonly<Record<Direction, number>>;
}

const DIRECTIONS = ['ingress', 'egress'] as const;
const linkMatch = (d: Direction): string => (d === 'egress' ? 'iifname' : 'oifname');
const untrackedBit = (d: Direction): number => (d === 'egress' ? CT_UNTRACKED_AT_SOURCE : CT_UNTRACKED_AT_DESTINATION);

export function untrackableLabel(mask: number): string {
  return UNTRACKABLE.filter((u) => mask & u.bit).map((u) => u.label).join('');
}

export function compileInterface(eni: NetworkInterface, ctx: InterfaceContext): Fragment {
  const b = new FragmentBuilder();
  const link = `"${ctx.link}"`;
  const out = names.subnetOutChain(eni.subnetId);
  if (eni.sourceDestCheck) {
    b.contribute(T.from4, eni.privateIps.map((a) => `${link} . ${formatIp(a)} : goto ${out}`));
    b.contribute(T.from6, eni.ipv6Addresses.map((a) => `${link} . ${formatIp(a)} : goto ${out}`));
  } else {
    b.contribute(T.fromLink, [`${link} : goto ${out}`]);
  }
  b.contribute(T.toSubnet, [`${link} : goto ${names.subnetInChain(eni.subnetId)}`]);
  b.contribute(names.subnetLinks(eni.subnetId), [link]);

  for (const d of DIRECTIONS) {
    const judge = judgeChain(d, ctx.groupIds[d].length, ctx.untrackable[d]);
    b.addChain(judge);
    b.addChain(judgeTail(d, ctx.untrackable[d]));
    b.contribute(d === 'egress' ? T.egressJudges : T.ingressJudges, [`${link} : jump ${judge.name}`]);
    ctx.groupIds[d].forEach((groupId, k) => {
      b.declareSet(names.groupSlot(k, d), 'ifname : verdict');
      b.contribute(names.groupSlot(k, d), [`${link} : jump ${names.groupChain(groupId, d)}`]);
    });
  }

  const v4 = eni.privateIps.map(formatIp);
  const v6 = eni.ipv6Addresses.map(formatIp);
  for (const groupId of new Set(eni.groupIds)) {
    b.contribute(names.members(groupId, 4), v4);
    b.contribute(names.members(groupId, 6), v6);
  }
  if (eni.publicIp && v4.length > 0) {
    const pub = formatIp(eni.publicIp);
    b.contribute(T.publicToPrivate, [`${pub} : ${v4[0]}`]);
    b.contribute(T.privateToPublic, [`${v4[0]} : ${pub}`]);
    b.contribute(T.natPrivates4, [v4[0]]);
  }
  return b.build();
}

/**
 * The chain that judges a packet at one interface by the union of its groups (EC2 aggregates every group's
 * rules, aws-semantics.md fact 4.3): each slot map jumps to one group chain, which reports through the packet
 * mark. It stops at the first match that settles the question: a whole-family match always (nothing can change
 * the outcome), any match when no (family, protocol) can be untracked here. Reached for new flows and, for
 * untracked ones, for every packet at that interface; the tail decides.
 */
export function judgeChain(d: Direction, groups: number, untrackable: number): NftChain {
  return memo(`${d} ${groups} ${untrackable}`, () => {
    const dev = linkMatch(d);
    const tail = names.judgeChain(d, -1, untrackableLabel(untrackable));
    const settled = untrackable === 0 ? 'meta mark != 0x0' : `meta mark ${hex(MARK_WHOLE_FAMILY)}`;
    const rules = ['meta mark set 0x0'];
    for (let k = 0; k < groups; k++) {
      rules.push(`${dev} vmap @${names.groupSlot(k, d)}`);
      if (k < groups - 1) rules.push(`${settled} goto ${tail}`);
    }
    rules.push(`goto ${tail}`);
    return { name: names.judgeChain(d, groups, untrackableLabel(untrackable)), rules };
  });
}

/**
 * The end of judging at an interface: drop when nothing matched, and record in the connection mark whether the
 * flow is untracked here (docs/semantics.md §5): a whole-family rule admitted it and the interface opens the
 * other direction for its protocol.
 */
export function judgeTail(d: Direction, untrackable: number): NftChain {
  return memo(`${d} tail ${untrackable}`, () => {
    const bit = hex(untrackedBit(d));
    const rules = ['meta mark 0x0 drop'];
    for (const u of UNTRACKABLE) {
      if (untrackable & u.bit) {
        rules.push(`meta mark ${hex(MARK_WHOLE_FAMILY)} ct direction original meta nfproto ${u.family} meta l4proto ${u.protocol} ct mark set ct mark | ${bit} return`);
      }
    }
    // Admitted otherwise: tracked here. Clearing the bit makes a flow that stopped qualifying tracked from now on.
    rules.push(`ct direction original ct mark set ct mark & ${clearMask(untrackedBit(d))}`);
    return { name: names.judgeChain(d, -1, untrackableLabel(untrackable)), rules };
  });
}

/** Judging chains are shared by thousands of interfaces: one object each, so that comparing them is free. */
const judgeChains = new Map<string, NftChain>();
function memo(key: string, build: () => NftChain): NftChain {
  let chain = judgeChains.get(key);
  if (!chain) judgeChains.set(key, (chain = build()));
  return chain;
}
