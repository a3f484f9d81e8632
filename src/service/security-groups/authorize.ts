/**
 * AuthorizeSecurityGroupIngress / AuthorizeSecurityGroupEgress (aws-semantics.md §3.5, facts 8, 10, 12): rules from
 * IpPermissions or the legacy flat parameters, one `sgr-` rule per source, all added or none.
 */
import type {
  AuthorizeSecurityGroupEgressRequest,
  AuthorizeSecurityGroupEgressResult,
  AuthorizeSecurityGroupIngressRequest,
  AuthorizeSecurityGroupIngressResult,
} from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Direction } from '../../core/model/security-group.ts';
import type { RequestContext } from '../context.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import { addRules } from './add-rules.ts';
import { requireGroup } from './lookup.ts';
import { hasFlatPermission, specsFromFlatParameters, specsFromIpPermissions, type PermissionScope } from './permissions.ts';
import type { RuleSpec } from './rule-spec.ts';
import { ruleToWire } from './to-wire.ts';

type AuthorizeRequest = AuthorizeSecurityGroupIngressRequest | AuthorizeSecurityGroupEgressRequest;

export function requestedSpecs(scope: PermissionScope, input: AuthorizeRequest): RuleSpec[] {
  const flat = hasFlatPermission(input);
  if (flat && input.IpPermissions && input.IpPermissions.length > 0) {
    // UNCONFIRMED: EC2's answer to both forms at once is not documented; refusing is the safe reading.
    throw ec2Error('InvalidParameterCombination', 'The parameter IpPermissions cannot be used with the parameters IpProtocol, FromPort, ToPort, CidrIp or SourceSecurityGroupName.');
  }
  if (flat) return specsFromFlatParameters(scope, input);
  if (!input.IpPermissions || input.IpPermissions.length === 0) throw ec2Error('MissingParameter', 'IpPermissions');
  return specsFromIpPermissions(scope, input.IpPermissions);
}

async function authorize(direction: Direction, input: AuthorizeRequest, ctx: RequestContext): Promise<AuthorizeSecurityGroupIngressResult> {
  const tags = tagsFromSpecifications(input.TagSpecifications, 'security-group-rule', ctx.quotas.tagsPerResource);
  const added = await ctx.write((tx) => {
    const group = requireGroup(tx, input);
    const specs = requestedSpecs({ view: tx, accountId: ctx.accountId, group, direction }, input);
    return addRules(tx, ctx, group, specs, ctx.quotas.rulesPerSecurityGroup, tags);
  });
  return { Return: true, SecurityGroupRules: added.map((r) => ruleToWire(r, ctx.accountId, ctx.region)) };
}

export function authorizeSecurityGroupIngress(input: AuthorizeSecurityGroupIngressRequest, ctx: RequestContext): Promise<AuthorizeSecurityGroupIngressResult> {
  return authorize('ingress', input, ctx);
}

export function authorizeSecurityGroupEgress(input: AuthorizeSecurityGroupEgressRequest, ctx: RequestContext): Promise<AuthorizeSecurityGroupEgressResult> {
  return authorize('egress', input, ctx);
}
