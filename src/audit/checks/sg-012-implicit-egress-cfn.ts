import type { Check, FindingDraft } from '../model/check.ts';

export const SG_012: Check = {
  id: 'SG-012',
  title: 'Implicit allow-all egress (CloudFormation)',
  severity: 'low',
  ruleLevel: false,
  rationale:
    'An AWS::EC2::SecurityGroup without a SecurityGroupEgress property keeps the allow-all egress rule EC2 adds to every new group — even when standalone AWS::EC2::SecurityGroupEgress resources add more (CloudFormation removes the default only when the property is given). State egress explicitly. Terraform removes the default rule itself, so this check applies to CloudFormation only.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    if (ctx.estate.source !== 'cloudformation') return { findings: [], notEvaluated: 'applies to CloudFormation templates only' };
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      if (group.groupName === 'default') continue;
      const implicit = group.egress.filter((r) => ctx.estate.implicitRuleIds.has(r.ruleId));
      if (implicit.length === 0) continue;
      const loc = ctx.estate.locations.get(group.groupId);
      findings.push({
        resource: ctx.groupResource(group),
        message: `${group.groupId} declares no SecurityGroupEgress, so EC2's default allow-all egress (-1 to 0.0.0.0/0) stays`,
        evidence: { direction: 'egress', protocol: -1, peers: ['0.0.0.0/0'] },
        remediation: {
          summary: 'Add a SecurityGroupEgress property with the outbound rules the workload needs.',
          commands: [],
          patch: `# ${loc ? `${loc.file}:${loc.line} ` : ''}${group.groupId} Properties\n+ SecurityGroupEgress:\n+   - IpProtocol: tcp\n+     FromPort: 443\n+     ToPort: 443\n+     CidrIp: <destination-cidr>`,
        },
      });
    }
    return { findings };
  },
};
