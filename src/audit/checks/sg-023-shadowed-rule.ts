import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { hasPorts, isIcmp } from '../../core/net/protocol.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { covers } from '../analysis/address-set.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import type { PeerResolver } from '../analysis/rule-peers.ts';
import { cidrCovers } from '../../core/net/cidr.ts';
import { ruleEvidence, ruleText } from './rule-facts.ts';

export const SG_023: Check = {
  id: 'SG-023',
  title: 'Redundant rule',
  severity: 'low',
  ruleLevel: true,
  rationale:
    'A rule whose traffic another rule of the same group and direction already allows: protocol (the other is -1 or the same), ports or ICMP type/code, and peer (a covering CIDR or prefix list, or the same group) all covered. Security groups are a union, so the rule changes nothing; it only makes the group harder to read and hides intent when the wider rule is later removed.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      for (const list of [group.ingress, group.egress]) {
        if (list.length < 2) continue;
        const firstWider = list.length <= SCAN_LIMIT ? scanForWider : bucketedSearch(list);
        for (let i = 0; i < list.length; i++) {
          const j = firstWider(ctx.peers, list, i);
          if (j < 0) continue;
          const rule = list[i];
          const wider = list[j];
          findings.push({
            resource: ctx.groupResource(group),
            // Read only if the finding survives de-duplication: naming two rules hashes two synthetic ids.
            get message() {
              return `${group.groupId}: ${ruleText(rule)} is already allowed by ${ruleText(wider)}`;
            },
            ruleIds: [rule.ruleId],
            get evidence() {
              return ruleEvidence(rule);
            },
            get remediation() {
              return revokeRulesFix(ctx, group, [rule], { summary: 'Remove the redundant rule (keep its description on the wider rule if it matters).' });
            },
          });
        }
      }
    }
    return { findings };
  },
};

/** Lists up to this long are scanned whole for each rule; longer ones bucket their rules by protocol first. */
const SCAN_LIMIT = 16;

/** The first rule, in list order, that makes rule i redundant (identical rules: the earlier one is kept); -1 if none. */
type WiderSearch = (peers: PeerResolver, list: readonly SecurityGroupRule[], i: number) => number;

const makesRedundant = (peers: PeerResolver, list: readonly SecurityGroupRule[], j: number, i: number): boolean =>
  j !== i && coversRule(peers, list[j], list[i]) && (j < i || !coversRule(peers, list[i], list[j]));

/** Every other rule in index order: rules of other protocols never cover, so the first match is the bucketed one's. */
const scanForWider: WiderSearch = (peers, list, i) => {
  for (let j = 0; j < list.length; j++) if (makesRedundant(peers, list, j, i)) return j;
  return -1;
};

/**
 * Only a rule of protocol -1 or of the same protocol can cover another: bucket the indices by protocol and scan, in
 * index order, the merge of the rule's own bucket and the -1 bucket (same first match as a full scan).
 */
function bucketedSearch(list: readonly SecurityGroupRule[]): WiderSearch {
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < list.length; i++) {
    const p = list[i].protocol;
    let b = buckets.get(p);
    if (!b) buckets.set(p, (b = []));
    b.push(i);
  }
  const all = buckets.get(-1) ?? NONE;
  return (peers, rules, i) => {
    const own = rules[i].protocol === -1 ? NONE : (buckets.get(rules[i].protocol) ?? NONE);
    let a = 0;
    let b = 0;
    while (a < all.length || b < own.length) {
      const j = b >= own.length || (a < all.length && all[a] < own[b]) ? all[a++] : own[b++];
      if (makesRedundant(peers, rules, j, i)) return j;
    }
    return -1;
  };
}

const NONE: readonly number[] = [];

function coversRule(peers: PeerResolver, outer: SecurityGroupRule, inner: SecurityGroupRule): boolean {
  if (outer.protocol !== -1 && outer.protocol !== inner.protocol) return false;
  if (outer.protocol !== -1) {
    // Same protocol from here on. The core's atomic normalisation (toAtomicRule), without building atomic rules:
    // tcp/udp compare port ranges, icmp/icmpv6 type and code (-1 = any); other protocols have neither.
    if (hasPorts(outer.protocol) && (outer.fromPort > inner.fromPort || outer.toPort < inner.toPort)) return false;
    if (isIcmp(outer.protocol) && outer.fromPort !== -1 && (outer.fromPort !== inner.fromPort || (outer.toPort !== -1 && outer.toPort !== inner.toPort))) return false;
  }
  if (outer.peer.kind === 'group' || inner.peer.kind === 'group') {
    return outer.peer.kind === 'group' && inner.peer.kind === 'group' && outer.peer.groupId === inner.peer.groupId;
  }
  if (outer.peer.kind === 'prefix-list' && inner.peer.kind === 'prefix-list' && outer.peer.prefixListId === inner.peer.prefixListId) return true;
  // Two CIDRs: their sets cover each other exactly when the CIDRs do (same family); no set needed.
  if (outer.peer.kind === 'cidr' && inner.peer.kind === 'cidr') return cidrCovers(outer.peer.cidr, inner.peer.cidr);
  const a = peers.resolve(outer.peer);
  const b = peers.resolve(inner.peer);
  return a.kind === 'addresses' && b.kind === 'addresses' && a.set.family === b.set.family && covers(a.set, b.set);
}
