import type { Check, FindingDraft } from '../model/check.ts';
import { isPrivateSet } from '../analysis/address-classes.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import { addressesOf, ruleEvidence, ruleText, sensitivePortsOf } from './rule-facts.ts';

export const SG_008: Check = {
  id: 'SG-008',
  title: 'Sensitive port open to a wide private range',
  severity: 'low',
  ruleLevel: true,
  rationale:
    'An ingress rule admits a private range of /16 or wider (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7 space; IPv6 /48 or wider) on an administration or high-risk port: any compromised host in the network can reach it. Group references say "these instances" far more precisely.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      for (const rule of group.ingress) {
        if (rule.peer.kind !== 'cidr') continue;
        const cidr = rule.peer.cidr;
        const limit = cidr.family === 4 ? ctx.config.widePrivatePrefixV4 : ctx.config.widePrivatePrefixV6;
        if (cidr.prefixLength > limit) continue;
        const peer = addressesOf(ctx, rule);
        if (peer.kind !== 'addresses' || !isPrivateSet(peer.set)) continue;
        const sensitive = sensitivePortsOf(ctx, rule);
        if (sensitive.length === 0) continue;
        findings.push({
          resource: ctx.groupResource(group),
          message: `${group.groupId} opens sensitive port ${[...new Set(sensitive.map((s) => s.port))].join(', ')} to the wide private range ${cidr.text}: ${ruleText(rule)}`,
          ruleIds: [rule.ruleId],
          evidence: ruleEvidence(rule, { matchedPorts: [...new Set(sensitive.map((s) => s.port))] }),
          remediation: revokeRulesFix(ctx, group, [rule], {
            summary: 'Narrow the source to the subnets or security groups of the clients that need the service.',
            narrow: true,
          }),
        });
      }
    }
    return { findings };
  },
};
