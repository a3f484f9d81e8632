/** DescribeSecurityGroupRules (aws-semantics.md §3.4): one item per rule; filters group-id, security-group-rule-id, tags. */
import type { DescribeSecurityGroupRulesRequest, DescribeSecurityGroupRulesResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import type { SecurityGroupRuleRecord } from './records.ts';
import { ruleToWire } from './to-wire.ts';

export function describeSecurityGroupRules(input: DescribeSecurityGroupRulesRequest, ctx: RequestContext): DescribeSecurityGroupRulesResult {
  let rules: SecurityGroupRuleRecord[];
  if (input.SecurityGroupRuleIds && input.SecurityGroupRuleIds.length > 0) {
    rules = input.SecurityGroupRuleIds.map((id) => {
      requireWellFormedId('sgr', id);
      const r = ctx.view.getOf<SecurityGroupRuleRecord>('security-group-rule', id);
      if (!r) throw ec2Error('InvalidSecurityGroupRuleId.NotFound', id);
      return r;
    });
  } else {
    // A group-id filter is the common case: read that group's rules instead of scanning every rule.
    const groupFilter = input.Filters?.find((f) => f.Name === 'group-id' && f.Values?.every((v) => !/[*?\\]/.test(v)));
    rules = groupFilter
      ? groupFilter.Values!.flatMap((id) => ctx.view.children<SecurityGroupRuleRecord>(id, 'security-group-rule'))
      : ctx.view.list<SecurityGroupRuleRecord>('security-group-rule');
  }
  const filtered = applyFilters(rules, input.Filters, {
    'group-id': (r) => r.parentId,
    'security-group-rule-id': (r) => r.id,
  });
  const page = paginate(filtered, (r) => r.id, input.MaxResults, input.NextToken);
  return { SecurityGroupRules: page.items.map((r) => ruleToWire(r, ctx.accountId, ctx.region)), NextToken: page.nextToken };
}
