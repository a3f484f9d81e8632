import { ipPermissionOf, shellQuote, withDescription } from '../remediation/ip-permission.ts';
import { regionFlag } from '../remediation/security-group-fix.ts';
import type { Check, FindingDraft } from '../model/check.ts';

export const SG_016: Check = {
  id: 'SG-016',
  title: 'Security group or rule without a description',
  severity: 'low',
  ruleLevel: false,
  rationale:
    'A group whose description is empty or Terraform\'s placeholder "Managed by Terraform", or rules without a description. Descriptions are how the next person knows why access exists and whether it can go. Rules EC2 adds by itself are not counted, and the default group is left to SG-013. One finding per group.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      // The default group is SG-013's: it should have no rules at all, described or not.
      if (group.groupName === 'default') continue;
      const badGroup = group.description.trim() === '' || group.description === 'Managed by Terraform';
      const bare = [...group.ingress, ...group.egress].filter((r) => !r.description && !ctx.estate.implicitRuleIds.has(r.ruleId));
      if (!badGroup && bare.length === 0) continue;
      const parts = [];
      if (badGroup) parts.push(group.description.trim() === '' ? 'the group has no description' : `the group description is "${group.description}"`);
      if (bare.length > 0) parts.push(`${bare.length} rule(s) have no description`);
      findings.push({
        resource: ctx.groupResource(group),
        message: `${group.groupId}: ${parts.join('; ')}`,
        ruleIds: bare.map((r) => r.ruleId),
        evidence: { groupIds: [group.groupId] },
        remediation: {
          summary: 'Describe the group\'s purpose and each rule\'s reason (who needs it, ticket, owner).',
          commands:
            ctx.estate.source === 'live' || ctx.estate.source === 'snapshot'
              ? (['ingress', 'egress'] as const)
                  .map((d) => bare.filter((r) => r.direction === d))
                  .filter((rules) => rules.length > 0)
                  .map(
                    (rules) =>
                      `aws ec2 update-security-group-rule-descriptions-${rules[0].direction} --group-id ${group.groupId}${regionFlag(ctx)} --ip-permissions ${shellQuote(JSON.stringify(rules.map((r) => withDescription(ipPermissionOf(r, r.peer), '<why this rule exists>'))))}`,
                  )
              : [],
          ...(ctx.estate.source === 'cloudformation' || ctx.estate.source === 'terraform' ? { patch: `# ${group.groupId}: add Description / description to the group and to each rule` } : {}),
        },
      });
    }
    return { findings };
  },
};
