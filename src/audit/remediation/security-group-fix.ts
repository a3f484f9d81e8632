/**
 * Fixes for security-group findings. Live and describe sources get the `aws ec2` commands that remove the
 * offending rules and, when the access is legitimate for someone, re-add it for a placeholder range the operator
 * fills in (`<trusted-cidr>` makes a verbatim paste fail instead of opening something). IaC sources get a patch
 * hint at the file, line and property that declared the rule.
 */
import type { SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import type { Remediation } from '../model/finding.ts';
import type { AuditContext } from '../run/context.ts';
import { ipPermissionOf, shellQuote } from './ip-permission.ts';
import { iacRulePatch } from './iac-patch.ts';

export const TRUSTED_CIDR_V4 = '<trusted-cidr>';
export const TRUSTED_CIDR_V6 = '<trusted-ipv6-cidr>';

export interface RuleFixOptions {
  readonly summary: string;
  /** Re-authorise the same protocol and ports from a narrower, operator-chosen range. */
  readonly narrow?: boolean;
}

export function regionFlag(ctx: AuditContext): string {
  return ctx.estate.region ? ` --region ${ctx.estate.region}` : '';
}

export function isIacSource(ctx: AuditContext): boolean {
  return ctx.estate.source === 'cloudformation' || ctx.estate.source === 'terraform';
}

export function revokeRulesFix(ctx: AuditContext, group: SecurityGroup, rules: readonly SecurityGroupRule[], options: RuleFixOptions): Remediation {
  if (isIacSource(ctx)) {
    return { summary: options.summary, commands: [], patch: rules.map((r) => iacRulePatch(ctx, r, options.narrow ?? false)).join('\n') };
  }
  const commands: string[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const own = rules.filter((r) => r.direction === direction);
    if (own.length === 0) continue;
    const permissions = own.map((r) => ipPermissionOf(r, r.peer));
    commands.push(`aws ec2 revoke-security-group-${direction} --group-id ${group.groupId}${regionFlag(ctx)} --ip-permissions ${shellQuote(JSON.stringify(permissions))}`);
    if (options.narrow) {
      const seen = new Set<string>();
      const narrowed = own
        .map((r) => {
          const family = r.peer.kind === 'cidr' ? r.peer.cidr.family : 4;
          return ipPermissionOf(r, { kind: 'placeholder', family, text: family === 4 ? TRUSTED_CIDR_V4 : TRUSTED_CIDR_V6 });
        })
        .filter((p) => !seen.has(JSON.stringify(p)) && seen.add(JSON.stringify(p)));
      commands.push(`aws ec2 authorize-security-group-${direction} --group-id ${group.groupId}${regionFlag(ctx)} --ip-permissions ${shellQuote(JSON.stringify(narrowed))}`);
    }
  }
  return { summary: options.summary, commands };
}
