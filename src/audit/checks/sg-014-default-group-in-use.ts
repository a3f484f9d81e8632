import type { Check, FindingDraft } from '../model/check.ts';
import { regionFlag } from '../remediation/security-group-fix.ts';

export const SG_014: Check = {
  id: 'SG-014',
  title: 'Default security group in use',
  severity: 'medium',
  ruleLevel: false,
  rationale:
    'An interface carries its VPC\'s default group — usually because it was launched without naming one (EC2 then attaches the default group). Everything in the default group trusts everything else in it.',
  mapping: { cis: ['CIS 6.0 6.5'], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      if (group.groupName !== 'default') continue;
      const users = ctx.index.interfacesByGroup.get(group.groupId) ?? [];
      if (users.length === 0) continue;
      const names = users.map((e) => (e.instanceId ? `${e.networkInterfaceId} (${e.instanceId})` : e.networkInterfaceId));
      findings.push({
        resource: ctx.groupResource(group),
        message: `default group ${group.groupId} is attached to ${names.join(', ')}`,
        evidence: { groupIds: [group.groupId] },
        remediation:
          ctx.estate.source === 'cloudformation' || ctx.estate.source === 'terraform'
            ? { summary: 'Give each instance and interface explicit security groups.', commands: [], patch: `# ${users.map((u) => u.networkInterfaceId).join(', ')}: set SecurityGroupIds / vpc_security_group_ids to a custom group` }
            : {
                summary: 'Attach a purpose-built group to each interface instead of the default group.',
                commands: users.map(
                  (e) => `aws ec2 modify-network-interface-attribute --network-interface-id ${e.networkInterfaceId}${regionFlag(ctx)} --groups ${e.groupIds.filter((g) => g !== group.groupId).concat('<custom-group-id>').join(' ')}`,
                ),
              },
      });
    }
    return { findings };
  },
};
