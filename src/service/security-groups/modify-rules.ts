/**
 * ModifySecurityGroupRules (aws-semantics.md §3.7): replaces rules in place, keeping their ids. A rule cannot change
 * type (IPv4 CIDR stays IPv4 CIDR, a group reference stays a group reference…); the result must not duplicate another
 * rule (UNCONFIRMED code: InvalidPermission.Duplicate, as for Authorize); all changes apply or none.
 */
import type { ModifySecurityGroupRulesRequest, ModifySecurityGroupRulesResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { RequestContext } from '../context.ts';
import { checkRuleQuota } from './add-rules.ts';
import { requireGroupById } from './lookup.ts';
import { specFromRuleRequest } from './permissions.ts';
import type { RulePeerRecord, SecurityGroupRuleRecord } from './records.ts';
import { ruleKey } from './rule-spec.ts';
import { duplicateRuleText } from './to-wire.ts';

const peerType = (p: RulePeerRecord): string => (p.kind === 'cidr' ? `cidr${p.family}` : p.kind);

export async function modifySecurityGroupRules(input: ModifySecurityGroupRulesRequest, ctx: RequestContext): Promise<ModifySecurityGroupRulesResult> {
  await ctx.write((tx) => {
    const group = requireGroupById(tx, input.GroupId);
    for (const update of input.SecurityGroupRules) {
      requireWellFormedId('sgr', update.SecurityGroupRuleId);
      const rule = tx.getOf<SecurityGroupRuleRecord>('security-group-rule', update.SecurityGroupRuleId);
      if (!rule || rule.parentId !== group.id) throw ec2Error('InvalidSecurityGroupRuleId.NotFound', update.SecurityGroupRuleId);
      if (!update.SecurityGroupRule) throw ec2Error('MissingParameter', 'SecurityGroupRule');
      const spec = specFromRuleRequest({ view: tx, accountId: ctx.accountId, group, direction: rule.direction }, update.SecurityGroupRule);
      if (peerType(spec.peer) !== peerType(rule.peer)) {
        throw ec2Error('InvalidParameterValue', `You cannot change the type of security group rule ${rule.id}.`);
      }
      const { description: _old, ...kept } = rule;
      tx.put<SecurityGroupRuleRecord>({ ...kept, protocol: spec.protocol, fromPort: spec.fromPort, toPort: spec.toPort, peer: spec.peer, ...(spec.description !== undefined ? { description: spec.description } : {}) });
    }
    const seen = new Set<string>();
    for (const r of tx.children<SecurityGroupRuleRecord>(group.id, 'security-group-rule')) {
      const key = ruleKey(r);
      if (seen.has(key)) throw ec2Error('InvalidPermission.Duplicate', duplicateRuleText(r));
      seen.add(key);
    }
    checkRuleQuota(tx, group, ctx.quotas.rulesPerSecurityGroup);
  });
  return { Return: true };
}
