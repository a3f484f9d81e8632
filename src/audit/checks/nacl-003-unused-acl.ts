import type { Check, FindingDraft } from '../model/check.ts';
import { isIacSource, regionFlag } from '../remediation/security-group-fix.ts';
import { naclResource } from './nacl-facts.ts';

export const NACL_003: Check = {
  id: 'NACL-003',
  title: 'Unused network ACL',
  severity: 'low',
  ruleLevel: false,
  rationale: 'A non-default network ACL is associated with no subnet: dead configuration that someone may associate later without reviewing it.',
  mapping: { cis: [], fsbp: ['EC2.16'] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const acl of ctx.estate.snapshot.networkAcls) {
      if (acl.isDefault || acl.associations.length > 0) continue;
      findings.push({
        resource: naclResource(acl),
        message: `${acl.networkAclId} is associated with no subnet`,
        evidence: {},
        remediation: isIacSource(ctx)
          ? { summary: 'Remove the ACL from the template, or associate it with the subnets it was written for.', commands: [], patch: `- ${acl.networkAclId}   # unused network ACL` }
          : { summary: 'Delete the ACL if nothing will use it.', commands: [`aws ec2 delete-network-acl --network-acl-id ${acl.networkAclId}${regionFlag(ctx)}`] },
      });
    }
    return { findings };
  },
};
