/**
 * What one interface puts into its router's table. Only elements in shared maps and sets, and a judging chain
 * shared with every interface that carries the same groups: no chain of its own. A chain per interface costs a
 * rule load each (10k interfaces × 16 rules were 160k rules, 7.7 s of the 11.9 s load at 100k rules), map
 * elements cost a hash insert (enforcement.md §5.2: 0.36 s per 100k).
 *
 *   from4/from6  link . bound source address → goto the subnet's out chain (source/destination check and subnet
 *                dispatch in one lookup); links without the check go through from_link instead
 *   to_subnet    link → goto the subnet's in chain (for packets arriving from another subnet or the gateway)
 *   links_<sn>   the subnet's links (within a subnet, NACLs are not evaluated, §6.9)
 *   ingress_judges / egress_judges   link → jump to the judging chain of the interface's groups
 *   members4/6_<sg>  the interface's addresses, for every group it carries (used when some rule refers to sg)
 *   NAT maps     public ↔ primary private address
 *
 * A judging chain (`judge_<dir>_g<k>_<untrackable>_<hash of the group ids>`) jumps to the interface's group
 * chains, cheapest first, and is shared by every interface with the same groups in the same order and the same
 * untrackable pairs: instances launched together carry the same groups, so there are far fewer such chains than
 * interfaces (the 100k-rule bench: 1000 per direction for 10k interfaces). It replaced one `link → group chain`
 * map per group position (`slot<k>`), whose 60k elements at 10k interfaces × 3 groups cost ~0.3 s of a 2.5 s
 * load (and a vmap lookup per group on every judged packet), against ~0.2 s for 2000 shared chains of 7 rules:
 * 0.2–0.4 s less CPU per 100k-rule load, measured here. The worst case, every interface with groups no other
 * carries, costs one chain of 2k+1 rules per interface and direction (~0.1 ms to load, 2k elements ~10 µs).
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
    const judge = judgeChain(d, ctx.groupIds[d], ctx.untrackable[d]);
    b.addChain(judge);
    b.addChain(judgeTail(d, ctx.untrackable[d]));
    b.contribute(d === 'egress' ? T.egressJudges : T.ingressJudges, [`${link} : jump ${judge.name}`]);
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
 * rules, aws-semantics.md fact 4.3): it jumps to each group chain, which reports through the packet mark. It
 * stops at the first match that settles the question: a whole-family match always (nothing can change the
 * outcome), any match when no (family, protocol) can be untracked here. Reached for new flows and, for untracked
 * ones, for every packet at that interface; the tail decides.
 */
export function judgeChain(d: Direction, groupIds: readonly string[], untrackable: number): NftChain {
  return memo(`${d} ${untrackable} ${groupIds.join(' ')}`, () => {
    const tail = names.judgeTail(d, untrackableLabel(untrackable));
    const settled = untrackable === 0 ? 'meta mark != 0x0' : `meta mark ${hex(MARK_WHOLE_FAMILY)}`;
    const rules = ['meta mark set 0x0'];
    groupIds.forEach((groupId, k) => {
      rules.push(`jump ${names.groupChain(groupId, d)}`);
      if (k < groupIds.length - 1) rules.push(`${settled} goto ${tail}`);
    });
    rules.push(`goto ${tail}`);
    return { name: names.judgeChain(d, groupIds, untrackableLabel(untrackable)), rules };
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
    return { name: names.judgeTail(d, untrackableLabel(untrackable)), rules };
  });
}

/**
 * Judging chains are shared by many interfaces: one object each, so that comparing them is free and the name's
 * hash is computed once. Forgotten past MEMO_LIMIT entries, so a long-lived process does not grow without bound.
 */
const judgeChains = new Map<string, NftChain>();
const MEMO_LIMIT = 100_000;
function memo(key: string, build: () => NftChain): NftChain {
  let chain = judgeChains.get(key);
  if (!chain) {
    if (judgeChains.size >= MEMO_LIMIT) judgeChains.clear();
    judgeChains.set(key, (chain = build()));
  }
  return chain;
}
