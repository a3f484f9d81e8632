import { TCP, UDP } from '../../core/net/protocol.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import { ruleEvidence, ruleText } from './rule-facts.ts';

export const SG_009: Check = {
  id: 'SG-009',
  title: 'Wide port range',
  severity: 'low',
  ruleLevel: true,
  rationale:
    'A tcp or udp ingress rule opens a range wider than the configured width (default: more than one port). Ranges open ports nobody meant to serve and hide sensitive ones (0-1024 contains 22). A world-open range is reported by the exposure checks instead (one finding per rule).',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      for (const rule of group.ingress) {
        if (rule.protocol !== TCP && rule.protocol !== UDP) continue;
        const width = rule.toPort - rule.fromPort + 1;
        if (width <= ctx.config.maxPortRangeWidth) continue;
        findings.push({
          resource: ctx.groupResource(group),
          get message() {
            return `${group.groupId} opens ${width} ports in one rule: ${ruleText(rule)}`;
          },
          ruleIds: [rule.ruleId],
          get evidence() {
            return ruleEvidence(rule);
          },
          get remediation() {
            return revokeRulesFix(ctx, group, [rule], { summary: 'Replace the range with rules for the ports the service uses.' });
          },
        });
      }
    }
    return { findings };
  },
};
