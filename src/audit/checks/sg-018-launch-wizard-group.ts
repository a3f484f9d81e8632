import type { Check, FindingDraft } from '../model/check.ts';

export const SG_018: Check = {
  id: 'SG-018',
  title: 'Launch-wizard security group',
  severity: 'medium',
  ruleLevel: false,
  rationale:
    'A group named launch-wizard-N was created by the console\'s launch wizard, which opens SSH or RDP to 0.0.0.0/0 by default. Such groups are rarely reviewed and often reused.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      if (!/^launch-wizard-\d+$/i.test(group.groupName)) continue;
      findings.push({
        resource: ctx.groupResource(group),
        message: `${group.groupId} is named ${group.groupName}: created by the console launch wizard`,
        evidence: { groupIds: [group.groupId] },
        remediation: { summary: 'Replace it with a purpose-named group holding reviewed rules, then delete it.', commands: [] },
      });
    }
    return { findings };
  },
};
