import type { Check, FindingDraft } from '../model/check.ts';
import { regionFlag } from '../remediation/security-group-fix.ts';

export const SG_015: Check = {
  id: 'SG-015',
  title: 'Unused security group',
  severity: 'low',
  ruleLevel: false,
  rationale:
    'A non-default group is attached to no interface, referenced by no rule of another group (either direction), and — for IaC — by no other resource (launch templates, load balancers, functions). Unused groups accumulate stale access that a later attachment silently grants. When something\'s group memberships cannot be resolved, the verdict is UNKNOWN; a describe snapshot without interfaces cannot judge it at all.',
  mapping: { cis: [], fsbp: ['EC2.22'] },
  run: (ctx) => {
    const { snapshot } = ctx.estate;
    if (ctx.estate.source === 'snapshot' && snapshot.networkInterfaces.length === 0) {
      return { findings: [], notEvaluated: 'the snapshot has no network interfaces (describe-network-interfaces), so attachment is unknown' };
    }
    const unresolved = ctx.estate.unresolvedGroupReferences ?? [];
    const findings: FindingDraft[] = [];
    for (const group of snapshot.securityGroups) {
      if (group.groupName === 'default') continue;
      if ((ctx.index.interfacesByGroup.get(group.groupId) ?? []).length > 0) continue;
      if (ctx.index.references.referencedByOther[ctx.index.references.numberOf.get(group.groupId)!] === 1) continue;
      if (ctx.estate.otherGroupReferences?.has(group.groupId)) continue;
      const unknown = unresolved.length > 0;
      findings.push({
        resource: ctx.groupResource(group),
        status: unknown ? 'unknown' : 'fail',
        message: unknown
          ? `${group.groupId} is not attached or referenced by anything resolved, but ${unresolved.join(', ')} could not be resolved`
          : `${group.groupId} is attached to no interface and referenced by no other group`,
        evidence: { groupIds: [group.groupId] },
        remediation:
          ctx.estate.source === 'cloudformation' || ctx.estate.source === 'terraform'
            ? { summary: 'Remove the group from the template if nothing uses it.', commands: [], patch: `- ${group.groupId}   # unused security group` }
            : { summary: 'Delete the group if nothing outside EC2 needs it.', commands: [`aws ec2 delete-security-group --group-id ${group.groupId}${regionFlag(ctx)}`] },
      });
    }
    return { findings };
  },
};
