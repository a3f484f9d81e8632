import { cidrCovers, parseCidr } from '../../core/net/cidr.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { hasPublicAddresses, insideNonPublicBlock } from '../analysis/address-classes.ts';
import { isWhole } from '../analysis/address-set.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import { ruleEvidence, ruleText, sensitivePortsOf } from './rule-facts.ts';

export const SG_006: Check = {
  id: 'SG-006',
  title: 'Ingress from a specific public range',
  severity: 'info',
  ruleLevel: true,
  rationale:
    'An ingress rule admits a public range that is not the whole internet and not in the trusted-CIDR allowlist: a partner, an office, a CI provider — or a leftover. Worth a review; low (not info) when the rule opens an administration or high-risk port. Kept apart from world exposure on purpose (audit-checks.md §6 #10).',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const trusted = ctx.config.trustedCidrs.map((t) => parseCidr(t)).filter((c) => c !== undefined);
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      for (const rule of group.ingress) {
        if (rule.peer.kind !== 'cidr') continue;
        const cidr = rule.peer.cidr;
        // Whole-family and plainly private CIDRs are settled by arithmetic; the rest by their address set.
        if (cidr.prefixLength === 0 || insideNonPublicBlock(cidr)) continue;
        const peer = ctx.peers.resolve(rule.peer);
        if (peer.kind !== 'addresses' || isWhole(peer.set) || !hasPublicAddresses(peer.set)) continue;
        if (trusted.some((t) => cidrCovers(t, cidr))) continue;
        const sensitive = sensitivePortsOf(ctx, rule);
        findings.push({
          resource: ctx.groupResource(group),
          severity: sensitive.length > 0 ? 'low' : 'info',
          get message() {
            return `${group.groupId} admits the public range ${cidr.text}: ${ruleText(rule)}${sensitive.length > 0 ? `, which includes sensitive port ${sensitive.map((s) => s.port).join(', ')}` : ''}`;
          },
          ruleIds: [rule.ruleId],
          get evidence() {
            return ruleEvidence(rule);
          },
          get remediation() {
            return revokeRulesFix(ctx, group, [rule], {
              summary: `Confirm who owns ${cidr.text}; add it to the trusted CIDRs if intended, otherwise remove the rule.`,
            });
          },
        });
      }
    }
    return { findings };
  },
};
