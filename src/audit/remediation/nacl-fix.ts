/**
 * Fixes for network-ACL findings. NACL entries cannot be edited in place (aws-semantics.md §6.13): the fix adds a
 * deny entry numbered just below the first entry that allows the traffic (first match wins), or deletes/replaces
 * an entry. IaC sources get the entry to add to the template.
 */
import type { NetworkAcl, NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { Family } from '../../core/net/ip.ts';
import type { Remediation } from '../model/finding.ts';
import type { AuditContext } from '../run/context.ts';
import { isIacSource, regionFlag } from './security-group-fix.ts';

export interface DenyEntry {
  readonly egress: boolean;
  readonly family: Family;
  readonly protocol: number;
  readonly portFrom?: number;
  readonly portTo?: number;
  /** The first entry that allows the traffic: the deny goes before it. */
  readonly before: number;
  /** Rule numbers already taken by other fixes of the same finding. */
  readonly taken?: Set<number>;
}

/** The highest free rule number below `before` (so the deny is tried first); 1 when none is free. */
export function freeRuleNumberBelow(acl: NetworkAcl, egress: boolean, before: number, taken: ReadonlySet<number> = new Set()): number {
  const used = new Set(acl.entries.filter((e) => e.egress === egress).map((e) => e.ruleNumber));
  for (let n = before - 1; n >= 1; n--) if (!used.has(n) && !taken.has(n)) return n;
  return 1;
}

/** How a template refers to the ACL: a resource, or a VPC's implicit default ACL. */
function aclReference(ctx: AuditContext, aclId: string): string {
  const dot = aclId.indexOf('.');
  if (ctx.estate.source === 'cloudformation') return dot > 0 ? `!GetAtt ${aclId}` : `!Ref ${aclId}`;
  return dot > 0 && !aclId.startsWith('aws_') ? `${aclId.slice(0, dot)}.default_network_acl_id` : `${aclId}.id`;
}

export function addDenyFix(ctx: AuditContext, acl: NetworkAcl, deny: DenyEntry, summary: string): Remediation {
  const number = freeRuleNumberBelow(acl, deny.egress, deny.before, deny.taken);
  deny.taken?.add(number);
  const world = deny.family === 4 ? '0.0.0.0/0' : '::/0';
  const ports = deny.portFrom !== undefined ? ` --port-range From=${deny.portFrom},To=${deny.portTo}` : '';
  if (isIacSource(ctx)) {
    const loc = ctx.estate.locations.get(acl.networkAclId);
    const where = `# ${loc ? `${loc.file}:${loc.line} ` : ''}${acl.networkAclId}`;
    const patch =
      ctx.estate.source === 'cloudformation'
        ? `${where}: add an entry before rule ${deny.before}\n+ Type: AWS::EC2::NetworkAclEntry\n+ Properties:\n+   NetworkAclId: ${aclReference(ctx, acl.networkAclId)}\n+   RuleNumber: ${number}\n+   Egress: ${deny.egress}\n+   Protocol: ${deny.protocol}\n+   RuleAction: deny\n+   ${deny.family === 4 ? 'CidrBlock' : 'Ipv6CidrBlock'}: ${world}${deny.portFrom !== undefined ? `\n+   PortRange: { From: ${deny.portFrom}, To: ${deny.portTo} }` : ''}`
        : `${where}: add an entry before rule ${deny.before}\n+ resource "aws_network_acl_rule" "deny_${deny.portFrom ?? 'all'}" {\n+   network_acl_id = ${aclReference(ctx, acl.networkAclId)}\n+   rule_number    = ${number}\n+   egress         = ${deny.egress}\n+   protocol       = "${deny.protocol}"\n+   rule_action    = "deny"\n+   ${deny.family === 4 ? 'cidr_block     ' : 'ipv6_cidr_block'} = "${world}"${deny.portFrom !== undefined ? `\n+   from_port      = ${deny.portFrom}\n+   to_port        = ${deny.portTo}` : ''}\n+ }`;
    return { summary, commands: [], patch };
  }
  return {
    summary,
    commands: [
      `aws ec2 create-network-acl-entry --network-acl-id ${acl.networkAclId}${regionFlag(ctx)} ${deny.egress ? '--egress' : '--ingress'} --rule-number ${number} --protocol ${deny.protocol}${ports} ${deny.family === 4 ? '--cidr-block' : '--ipv6-cidr-block'} ${world} --rule-action deny`,
    ],
  };
}

export function deleteEntryFix(ctx: AuditContext, acl: NetworkAcl, entry: NetworkAclEntry, summary: string): Remediation {
  if (isIacSource(ctx)) {
    const loc = ctx.estate.locations.get(entryKey(acl.networkAclId, entry));
    return { summary, commands: [], patch: `# ${loc ? `${loc.file}:${loc.line} ` : ''}${acl.networkAclId}\n- rule ${entry.ruleNumber} (${entry.egress ? 'egress' : 'ingress'})   # delete this entry` };
  }
  return {
    summary,
    commands: [`aws ec2 delete-network-acl-entry --network-acl-id ${acl.networkAclId}${regionFlag(ctx)} ${entry.egress ? '--egress' : '--ingress'} --rule-number ${entry.ruleNumber}`],
  };
}

/** Key of an entry in finding rule ids and in IaC locations: `acl-…:ingress:100`. */
export function entryKey(aclId: string, entry: Pick<NetworkAclEntry, 'egress' | 'ruleNumber'>): string {
  return `${aclId}:${entry.egress ? 'egress' : 'ingress'}:${entry.ruleNumber}`;
}
