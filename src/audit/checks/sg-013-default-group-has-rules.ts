import type { Check, FindingDraft } from '../model/check.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';

export const SG_013: Check = {
  id: 'SG-013',
  title: 'Default security group has rules',
  severity: 'high',
  ruleLevel: false,
  rationale:
    'A VPC\'s default group has inbound or outbound rules. Anything launched without an explicit group lands in it, and its default rules let members talk to each other on every port and reach the internet. CIS asks for it to restrict all traffic. For IaC, a VPC whose default group is not adopted empty (Terraform aws_default_security_group; CloudFormation cannot manage it) keeps EC2\'s default rules.',
  mapping: { cis: ['CIS 1.4 5.3', 'CIS 3.0 5.4', 'CIS 5.0 5.5', 'CIS 6.0 6.5'], fsbp: ['EC2.2'] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      if (group.groupName !== 'default') continue;
      const rules = [...group.ingress, ...group.egress];
      if (rules.length === 0) continue;
      const implicit = rules.every((r) => ctx.estate.implicitRuleIds.has(r.ruleId));
      findings.push({
        resource: ctx.groupResource(group),
        message: `default group ${group.groupId} of ${group.vpcId} has ${group.ingress.length} inbound and ${group.egress.length} outbound rule(s)${implicit ? ' (EC2\'s defaults: the template never empties it)' : ''}`,
        ruleIds: rules.map((r) => r.ruleId),
        evidence: { groupIds: [group.groupId] },
        remediation:
          ctx.estate.source === 'terraform'
            ? {
                summary: 'Adopt the default group with no rules.',
                commands: [],
                patch: `+ resource "aws_default_security_group" "default" {\n+   vpc_id = ${group.vpcId}.id\n+   # no ingress or egress blocks: Terraform removes every rule\n+ }`,
              }
            : ctx.estate.source === 'cloudformation'
              ? {
                  summary: 'CloudFormation cannot manage the default group: revoke its rules after the stack is created, and use custom groups for every resource.',
                  commands: [],
                  patch: `# after deployment: aws ec2 revoke-security-group-ingress/egress on the default group of ${group.vpcId}`,
                }
              : revokeRulesFix(ctx, group, rules, { summary: 'Remove every rule of the default group and use custom groups instead.' }),
      });
    }
    return { findings };
  },
};
