import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { toAtomicRule } from '../../core/rules/atomic-rule.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { covers } from '../analysis/address-set.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import type { AuditContext } from '../run/context.ts';
import { addressesOf, ruleEvidence, ruleText } from './rule-facts.ts';

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
      for (const rules of [group.ingress, group.egress]) {
        rules.forEach((rule, i) => {
          const wider = rules.find((other, j) => j !== i && coversRule(ctx, other, rule) && (!coversRule(ctx, rule, other) || j < i));
          if (!wider) return;
          findings.push({
            resource: ctx.groupResource(group),
            message: `${group.groupId}: ${ruleText(rule)} is already allowed by ${ruleText(wider)}`,
            ruleIds: [rule.ruleId],
            evidence: ruleEvidence(rule),
            remediation: revokeRulesFix(ctx, group, [rule], { summary: 'Remove the redundant rule (keep its description on the wider rule if it matters).' }),
          });
        });
      }
    }
    return { findings };
  },
};

function coversRule(ctx: AuditContext, outer: SecurityGroupRule, inner: SecurityGroupRule): boolean {
  if (outer.protocol !== -1 && outer.protocol !== inner.protocol) return false;
  const o = toAtomicRule(outer);
  const n = toAtomicRule(inner);
  if (outer.protocol !== -1) {
    if (o.portFrom > n.portFrom || o.portTo < n.portTo) return false;
    if (o.icmpType !== -1 && (o.icmpType !== n.icmpType || (o.icmpCode !== -1 && o.icmpCode !== n.icmpCode))) return false;
  }
  if (outer.peer.kind === 'group' || inner.peer.kind === 'group') {
    return outer.peer.kind === 'group' && inner.peer.kind === 'group' && outer.peer.groupId === inner.peer.groupId;
  }
  if (outer.peer.kind === 'prefix-list' && inner.peer.kind === 'prefix-list' && outer.peer.prefixListId === inner.peer.prefixListId) return true;
  const a = addressesOf(ctx, outer);
  const b = addressesOf(ctx, inner);
  return a.kind === 'addresses' && b.kind === 'addresses' && a.set.family === b.set.family && covers(a.set, b.set);
}
