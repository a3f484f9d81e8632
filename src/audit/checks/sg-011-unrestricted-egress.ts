import type { Check, FindingDraft } from '../model/check.ts';
import { isWhole, unionAll } from '../analysis/address-set.ts';
import { peerText } from '../analysis/rule-peers.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import { addressesOf } from './rule-facts.ts';

export const SG_011: Check = {
  id: 'SG-011',
  title: 'Unrestricted egress',
  severity: 'low',
  ruleLevel: false,
  rationale:
    'Egress rules with protocol -1 admit the whole IPv4 or IPv6 internet (one rule, or several whose union covers it): a compromised instance can exfiltrate anywhere. This is EC2\'s default for a new group, so it is reported once per group, not per rule. Egress that EC2 added implicitly in a CloudFormation template is SG-012.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      const open = [];
      for (const family of [4, 6] as const) {
        const rules = group.egress
          .filter((r) => r.protocol === -1 && !ctx.estate.implicitRuleIds.has(r.ruleId))
          .map((r) => ({ r, a: addressesOf(ctx, r) }))
          .filter((x) => x.a.kind === 'addresses' && x.a.set.family === family);
        const sets = rules.map((x) => (x.a.kind === 'addresses' ? x.a.set : undefined)!);
        if (rules.length > 0 && isWhole(unionAll(family, sets))) open.push(...rules.map((x) => x.r));
      }
      if (open.length === 0) continue;
      findings.push({
        resource: ctx.groupResource(group),
        message: `${group.groupId} allows all outbound traffic to the internet (${open.map((r) => peerText(r.peer)).join(', ')})`,
        ruleIds: open.map((r) => r.ruleId),
        evidence: { direction: 'egress', protocol: -1, peers: open.map((r) => peerText(r.peer)) },
        remediation: revokeRulesFix(ctx, group, open, {
          summary: 'Replace the allow-all egress with the destinations and ports the workload needs (e.g. tcp 443 to the endpoints it calls).',
        }),
      });
    }
    return { findings };
  },
};
