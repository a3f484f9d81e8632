import type { Check, FindingDraft } from '../model/check.ts';
import { hasPublicAddresses } from '../analysis/address-classes.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import { addressesOf, ruleEvidence, ruleText } from './rule-facts.ts';

export const SG_007: Check = {
  id: 'SG-007',
  title: 'Over-broad public range',
  severity: 'medium',
  ruleLevel: true,
  rationale:
    'A rule (ingress or egress) names a public range wider than /24 (IPv4) or /48 (IPv6) that is not the whole internet: millions of addresses nobody vetted, often a typo for a /32 or a cloud provider block. The whole internet belongs to SG-001…SG-005 and SG-011.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      for (const list of [group.ingress, group.egress]) for (const rule of list) {
        if (rule.peer.kind !== 'cidr') continue;
        const cidr = rule.peer.cidr;
        const limit = cidr.family === 4 ? ctx.config.broadPublicPrefixV4 : ctx.config.broadPublicPrefixV6;
        if (cidr.prefixLength === 0 || cidr.prefixLength >= limit) continue;
        const peer = addressesOf(ctx, rule);
        if (peer.kind !== 'addresses' || !hasPublicAddresses(peer.set)) continue;
        findings.push({
          resource: ctx.groupResource(group),
          get message() {
            return `${group.groupId} ${rule.direction === 'ingress' ? 'admits' : 'sends to'} the broad public range ${cidr.text} (wider than /${limit}): ${ruleText(rule)}`;
          },
          ruleIds: [rule.ruleId],
          get evidence() {
            return ruleEvidence(rule);
          },
          get remediation() {
            return revokeRulesFix(ctx, group, [rule], { summary: `Replace ${cidr.text} with the specific addresses that need access.`, narrow: true });
          },
        });
      }
    }
    return { findings };
  },
};
