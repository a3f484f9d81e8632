import { TCP, UDP } from '../../core/net/protocol.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import { ruleEvidence, ruleText } from './rule-facts.ts';

export const SG_019: Check = {
  id: 'SG-019',
  title: 'Self-reference on all ports',
  severity: 'low',
  ruleLevel: true,
  rationale:
    'An ingress rule admits the group itself on every protocol (-1) or every tcp/udp port: any member can reach any service of any other member, so one compromised instance reaches all (lateral movement). This is how a default group starts.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      for (const rule of group.ingress) {
        if (rule.peer.kind !== 'group' || rule.peer.groupId !== group.groupId) continue;
        // The default group's own self-rule is EC2's, and SG-013 reports the default group as a whole.
        if (ctx.estate.implicitRuleIds.has(rule.ruleId)) continue;
        const allPorts = rule.protocol === -1 || ((rule.protocol === TCP || rule.protocol === UDP) && rule.fromPort <= 1 && rule.toPort === 65535);
        if (!allPorts) continue;
        findings.push({
          resource: ctx.groupResource(group),
          message: `${group.groupId} lets its own members reach each other on every port: ${ruleText(rule)}`,
          ruleIds: [rule.ruleId],
          evidence: ruleEvidence(rule),
          remediation: revokeRulesFix(ctx, group, [rule], { summary: 'Limit the self-reference to the ports members actually use with each other.' }),
        });
      }
    }
    return { findings };
  },
};
