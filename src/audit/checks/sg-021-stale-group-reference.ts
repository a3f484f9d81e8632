import { cidrsOverlap } from '../../core/net/cidr.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import { ruleEvidence, ruleText } from './rule-facts.ts';

export const SG_021: Check = {
  id: 'SG-021',
  title: 'Stale security-group reference',
  severity: 'medium',
  ruleLevel: true,
  rationale:
    'A rule references a group of the same account that is not in the estate (deleted), or a group in another VPC with no peering route between the two VPCs (DescribeStaleSecurityGroups semantics). Stale rules match nothing today and come back to life if the id or the peering reappears. Groups of other accounts are SG-022; IaC references to groups outside the template cannot be judged.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const iac = ctx.estate.source === 'cloudformation' || ctx.estate.source === 'terraform';
    const peeredVpcs = peeringPairs(ctx);
    const findings: FindingDraft[] = [];
    const groups = ctx.estate.snapshot.securityGroups;
    const refs = ctx.index.references;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      for (let k = refs.start[g]; k < refs.start[g + 1]; k++) {
        const rule = refs.rules[k];
        if (rule.peer.kind !== 'group') continue;
        const sameAccount = !rule.peer.userId || !group.ownerId || rule.peer.userId === group.ownerId;
        if (!sameAccount) continue;
        const target = refs.target[k] >= 0 ? groups[refs.target[k]] : undefined;
        let why: string | undefined;
        if (!target) {
          if (iac) continue;
          why = `${rule.peer.groupId} does not exist`;
        } else if (target.vpcId !== group.vpcId && !peeredVpcs.has(`${group.vpcId}|${target.vpcId}`)) {
          why = `${rule.peer.groupId} is in ${target.vpcId}, which has no peering route to ${group.vpcId}`;
        }
        if (!why) continue;
        findings.push({
          resource: ctx.groupResource(group),
          message: `${group.groupId} has a stale reference: ${ruleText(rule)}; ${why}`,
          ruleIds: [rule.ruleId],
          evidence: ruleEvidence(rule),
          remediation: revokeRulesFix(ctx, group, [rule], { summary: 'Remove the stale rule (or restore the peering it relied on).' }),
        });
      }
    }
    return { findings };
  },
};

/** VPC pairs with a route over a peering connection (`pcx-…`) in either direction. */
function peeringPairs(ctx: Parameters<Check['run']>[0]): Set<string> {
  const pairs = new Set<string>();
  const vpcs = ctx.estate.snapshot.vpcs;
  for (const table of ctx.estate.snapshot.routeTables) {
    for (const route of table.routes) {
      if (route.target.kind !== 'other' || !route.target.id.startsWith('pcx-') || !('family' in route.destination)) continue;
      const dest = route.destination;
      for (const v of vpcs) {
        if (v.vpcId !== table.vpcId && [...v.cidrBlocks, ...v.ipv6CidrBlocks].some((c) => cidrsOverlap(c, dest))) {
          pairs.add(`${table.vpcId}|${v.vpcId}`);
          pairs.add(`${v.vpcId}|${table.vpcId}`);
        }
      }
    }
  }
  return pairs;
}
