/**
 * UpdateSecurityGroupRuleDescriptionsIngress / Egress (aws-semantics.md §3.8): by rule id
 * (`SecurityGroupRuleDescription.N`) or by properties (`IpPermissions.N`, new text from each source's Description;
 * omitting it removes the description). A permission that matches no rule → InvalidPermission.NotFound.
 */
import type {
  UpdateSecurityGroupRuleDescriptionsEgressRequest,
  UpdateSecurityGroupRuleDescriptionsEgressResult,
  UpdateSecurityGroupRuleDescriptionsIngressRequest,
  UpdateSecurityGroupRuleDescriptionsIngressResult,
} from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Direction } from '../../core/model/security-group.ts';
import { validateRuleDescription } from '../../core/validate/security-group-text.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { RequestContext } from '../context.ts';
import type { RegionTx } from '../state/region-tx.ts';
import { requireGroup } from './lookup.ts';
import { specsFromIpPermissions } from './permissions.ts';
import type { SecurityGroupRuleRecord } from './records.ts';
import { ruleKey } from './rule-spec.ts';

type UpdateRequest = UpdateSecurityGroupRuleDescriptionsIngressRequest | UpdateSecurityGroupRuleDescriptionsEgressRequest;

function setDescription(tx: RegionTx, rule: SecurityGroupRuleRecord, description: string | undefined): void {
  const { description: _old, ...kept } = rule;
  tx.put<SecurityGroupRuleRecord>(description === undefined ? kept : { ...kept, description });
}

async function update(direction: Direction, input: UpdateRequest, ctx: RequestContext): Promise<UpdateSecurityGroupRuleDescriptionsIngressResult> {
  const byId = input.SecurityGroupRuleDescriptions ?? [];
  const byProperties = input.IpPermissions ?? [];
  if (byId.length === 0 && byProperties.length === 0) throw ec2Error('MissingParameter', 'IpPermissions');
  await ctx.write((tx) => {
    const group = requireGroup(tx, input);
    const rules = tx.children<SecurityGroupRuleRecord>(group.id, 'security-group-rule').filter((r) => r.direction === direction);
    for (const d of byId) {
      if (d.SecurityGroupRuleId === undefined) throw ec2Error('MissingParameter', 'SecurityGroupRuleDescription.N.SecurityGroupRuleId');
      requireWellFormedId('sgr', d.SecurityGroupRuleId);
      const rule = rules.find((r) => r.id === d.SecurityGroupRuleId);
      if (!rule) throw ec2Error('InvalidSecurityGroupRuleId.NotFound', d.SecurityGroupRuleId);
      setDescription(tx, rule, validateRuleDescription(d.Description));
    }
    const byKey = new Map(rules.map((r) => [ruleKey(r), r]));
    for (const spec of specsFromIpPermissions({ view: tx, accountId: ctx.accountId, group, direction }, byProperties)) {
      const rule = byKey.get(ruleKey(spec));
      if (!rule) throw ec2Error('InvalidPermission.NotFound');
      setDescription(tx, rule, spec.description);
    }
  });
  return { Return: true };
}

export function updateSecurityGroupRuleDescriptionsIngress(input: UpdateSecurityGroupRuleDescriptionsIngressRequest, ctx: RequestContext): Promise<UpdateSecurityGroupRuleDescriptionsIngressResult> {
  return update('ingress', input, ctx);
}

export function updateSecurityGroupRuleDescriptionsEgress(input: UpdateSecurityGroupRuleDescriptionsEgressRequest, ctx: RequestContext): Promise<UpdateSecurityGroupRuleDescriptionsEgressResult> {
  return update('egress', input, ctx);
}
