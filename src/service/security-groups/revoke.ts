/**
 * RevokeSecurityGroupIngress / RevokeSecurityGroupEgress (aws-semantics.md §3.6, fact 11): by rule id
 * (`SecurityGroupRuleId.N`) or by properties that must match a rule exactly (description ignored). In a nondefault VPC
 * one unmatched permission fails the whole call with InvalidPermission.NotFound and revokes nothing; in the default VPC
 * the call succeeds and lists what did not match in `unknownIpPermissionSet`. The egress-side non-default sentence is
 * missing from AWS's docs; the same rule is applied (UNCONFIRMED).
 */
import type {
  RevokeSecurityGroupEgressRequest,
  RevokeSecurityGroupEgressResult,
  RevokeSecurityGroupIngressRequest,
  RevokeSecurityGroupIngressResult,
} from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Direction } from '../../core/model/security-group.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { RequestContext } from '../context.ts';
import { requestedSpecs } from './authorize.ts';
import { isInDefaultVpc, requireGroup } from './lookup.ts';
import { hasFlatPermission } from './permissions.ts';
import type { SecurityGroupRuleRecord } from './records.ts';
import { ruleKey, type RuleSpec } from './rule-spec.ts';
import { revokedRuleToWire, toIpPermissions } from './to-wire.ts';

type RevokeRequest = RevokeSecurityGroupIngressRequest | RevokeSecurityGroupEgressRequest;

async function revoke(direction: Direction, input: RevokeRequest, ctx: RequestContext): Promise<RevokeSecurityGroupIngressResult> {
  const byId = input.SecurityGroupRuleIds ?? [];
  const byProperties = hasFlatPermission(input) || (input.IpPermissions?.length ?? 0) > 0;
  if (byId.length === 0 && !byProperties) throw ec2Error('MissingParameter', 'IpPermissions');
  const result = await ctx.write((tx) => {
    const group = requireGroup(tx, input);
    const rules = tx.children<SecurityGroupRuleRecord>(group.id, 'security-group-rule').filter((r) => r.direction === direction);
    const revoked = new Map<string, SecurityGroupRuleRecord>();
    for (const id of byId) {
      requireWellFormedId('sgr', id);
      const rule = rules.find((r) => r.id === id);
      if (!rule) throw ec2Error('InvalidSecurityGroupRuleId.NotFound', id);
      revoked.set(rule.id, rule);
    }
    const unknown: RuleSpec[] = [];
    if (byProperties) {
      const byKey = new Map(rules.map((r) => [ruleKey(r), r]));
      for (const spec of requestedSpecs({ view: tx, accountId: ctx.accountId, group, direction }, input)) {
        const rule = byKey.get(ruleKey(spec));
        if (rule) revoked.set(rule.id, rule);
        else unknown.push(spec);
      }
    }
    if (unknown.length > 0 && !isInDefaultVpc(tx, group)) throw ec2Error('InvalidPermission.NotFound');
    for (const id of revoked.keys()) tx.delete(id);
    return { revoked: [...revoked.values()], unknown };
  });
  return {
    Return: true,
    ...(result.unknown.length > 0 ? { UnknownIpPermissions: toIpPermissions(result.unknown) } : {}),
    RevokedSecurityGroupRules: result.revoked.map(revokedRuleToWire),
  };
}

export function revokeSecurityGroupIngress(input: RevokeSecurityGroupIngressRequest, ctx: RequestContext): Promise<RevokeSecurityGroupIngressResult> {
  return revoke('ingress', input, ctx);
}

export function revokeSecurityGroupEgress(input: RevokeSecurityGroupEgressRequest, ctx: RequestContext): Promise<RevokeSecurityGroupEgressResult> {
  return revoke('egress', input, ctx);
}
