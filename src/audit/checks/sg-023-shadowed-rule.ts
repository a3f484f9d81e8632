import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { toAtomicRule, type AtomicRule } from '../../core/rules/atomic-rule.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { covers } from '../analysis/address-set.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import type { PeerAddresses } from '../analysis/rule-peers.ts';
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
        const peers = ctx.peers.ofRules(list);
        const rules = list.map((rule, k) => ({ rule, atomic: toAtomicRule(rule), peer: peers[k] }));
        // Only a rule of protocol -1 or of the same protocol can cover another: bucket the indices by protocol and
        // scan, in index order, the merge of the rule's own bucket and the -1 bucket (same first match as a full scan).
        const buckets = new Map<number, number[]>();
        for (let i = 0; i < rules.length; i++) {
          const p = rules[i].rule.protocol;
          let b = buckets.get(p);
          if (!b) buckets.set(p, (b = []));
          b.push(i);
        }
        const all = buckets.get(-1) ?? NONE;
        for (let i = 0; i < rules.length; i++) {
          const r = rules[i];
          const own = r.rule.protocol === -1 ? NONE : (buckets.get(r.rule.protocol) ?? NONE);
          let widerEntry: Prepared | undefined;
          let a = 0;
          let b = 0;
          while (!widerEntry && (a < all.length || b < own.length)) {
            const j = b >= own.length || (a < all.length && all[a] < own[b]) ? all[a++] : own[b++];
            // Identical rules cover each other: the earlier one is kept.
            if (j !== i && coversRule(rules[j], r) && (j < i || !coversRule(r, rules[j]))) widerEntry = rules[j];
          }
          if (!widerEntry) continue;
          const rule = r.rule;
          const wider = widerEntry.rule;
          findings.push({
            resource: ctx.groupResource(group),
            message: `${group.groupId}: ${ruleText(rule)} is already allowed by ${ruleText(wider)}`,
            ruleIds: [rule.ruleId],
            evidence: ruleEvidence(rule),
            remediation: revokeRulesFix(ctx, group, [rule], { summary: 'Remove the redundant rule (keep its description on the wider rule if it matters).' }),
          });
        }
      }
    }
    return { findings };
  },
};

const NONE: readonly number[] = [];

interface Prepared {
  readonly rule: SecurityGroupRule;
  readonly atomic: AtomicRule;
  readonly peer: PeerAddresses;
}

function coversRule(outerEntry: Prepared, innerEntry: Prepared): boolean {
  const outer = outerEntry.rule;
  const inner = innerEntry.rule;
  if (outer.protocol !== -1 && outer.protocol !== inner.protocol) return false;
  const o = outerEntry.atomic;
  const n = innerEntry.atomic;
  if (outer.protocol !== -1) {
    if (o.portFrom > n.portFrom || o.portTo < n.portTo) return false;
    if (o.icmpType !== -1 && (o.icmpType !== n.icmpType || (o.icmpCode !== -1 && o.icmpCode !== n.icmpCode))) return false;
  }
  if (outer.peer.kind === 'group' || inner.peer.kind === 'group') {
    return outer.peer.kind === 'group' && inner.peer.kind === 'group' && outer.peer.groupId === inner.peer.groupId;
  }
  if (outer.peer.kind === 'prefix-list' && inner.peer.kind === 'prefix-list' && outer.peer.prefixListId === inner.peer.prefixListId) return true;
  const a = outerEntry.peer;
  const b = innerEntry.peer;
  return a.kind === 'addresses' && b.kind === 'addresses' && a.set.family === b.set.family && covers(a.set, b.set);
}
