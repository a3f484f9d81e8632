import type { Check, FindingDraft } from '../model/check.ts';
import { naclResource } from './nacl-facts.ts';

export const NACL_005: Check = {
  id: 'NACL-005',
  title: 'Duplicate network ACL rule number',
  severity: 'medium',
  ruleLevel: false,
  rationale:
    'Two entries of one ACL declare the same rule number and direction. EC2 refuses the second (NetworkAclEntryAlreadyExists), so the deployment fails or one entry silently replaces the other depending on the tool. Only declared configuration (IaC) can hold duplicates.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const declared = ctx.estate.declaredNaclEntries;
    if (!declared) return { findings: [], notEvaluated: 'applies to CloudFormation and Terraform inputs only (EC2 cannot hold duplicates)' };
    const findings: FindingDraft[] = [];
    for (const acl of ctx.estate.snapshot.networkAcls) {
      const seen = new Map<string, number>();
      for (const e of declared.get(acl.networkAclId) ?? []) {
        const key = `${e.egress ? 'egress' : 'ingress'}:${e.ruleNumber}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      for (const [key, count] of seen) {
        if (count < 2) continue;
        const [direction, number] = key.split(':');
        const locs = (declared.get(acl.networkAclId) ?? []).filter((e) => `${e.egress ? 'egress' : 'ingress'}:${e.ruleNumber}` === key && e.location).map((e) => `${e.location!.file}:${e.location!.line}`);
        findings.push({
          resource: naclResource(acl),
          message: `${acl.networkAclId} declares ${direction} rule ${number} ${count} times${locs.length > 0 ? ` (${locs.join(', ')})` : ''}`,
          ruleIds: [`${acl.networkAclId}:${key}`],
          evidence: { direction: direction as 'ingress' | 'egress', ruleNumbers: [Number(number)] },
          remediation: { summary: 'Give each entry its own rule number, in the order they should be evaluated.', commands: [], patch: `# ${acl.networkAclId}: renumber one of the ${direction} entries numbered ${number}` },
        });
      }
    }
    return { findings };
  },
};
