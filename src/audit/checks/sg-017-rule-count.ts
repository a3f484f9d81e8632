import type { Check, FindingDraft } from '../model/check.ts';

export const SG_017: Check = {
  id: 'SG-017',
  title: 'Rule-count pressure',
  severity: 'medium',
  ruleLevel: false,
  rationale:
    'More rules in one direction and address family than the threshold (default 50; EC2\'s quota is 60 per direction per family, a prefix list counting its MaxEntries and a group reference counting once in each family). Near the quota, the next needed rule fails to add, and large groups are rarely understood by anyone.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      for (const [direction, rules] of [
        ['ingress', group.ingress],
        ['egress', group.egress],
      ] as const) {
        for (const family of [4, 6] as const) {
          let count = 0;
          for (const r of rules) {
            if (r.peer.kind === 'group') count++;
            else if (r.peer.kind === 'cidr') count += r.peer.cidr.family === family ? 1 : 0;
            else {
              const list = ctx.index.prefixLists.get(r.peer.prefixListId);
              if ((list?.addressFamily ?? 4) === family) count += list?.maxEntries ?? 1;
            }
          }
          if (count <= ctx.config.maxRulesPerDirection) continue;
          findings.push({
            resource: ctx.groupResource(group),
            message: `${group.groupId} has ${count} IPv${family} ${direction} rule entries (threshold ${ctx.config.maxRulesPerDirection}, EC2 quota 60)`,
            evidence: { direction, family, groupIds: [group.groupId] },
            remediation: { summary: 'Consolidate rules with prefix lists or group references, or split the group by role.', commands: [] },
          });
        }
      }
    }
    return { findings };
  },
};
