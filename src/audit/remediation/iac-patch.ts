/**
 * Patch hints for rules declared in CloudFormation or Terraform: where the rule is (file, line, resource,
 * property) and which field to change, in the field names of the resource type that declared it.
 */
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import type { AuditContext } from '../run/context.ts';
import { peerText } from '../analysis/rule-peers.ts';

export function iacRulePatch(ctx: AuditContext, rule: SecurityGroupRule, narrow: boolean): string {
  const loc = ctx.estate.locations.get(rule.ruleId) ?? ctx.estate.locations.get(rule.groupId);
  const where = loc ? `# ${loc.file}:${loc.line} ${loc.logicalName ?? rule.groupId}${loc.property ? ` ${loc.property}` : ''}` : `# ${rule.groupId}`;
  const field = peerField(loc?.resourceType ?? '', rule);
  const value = peerText(rule.peer);
  const family = rule.peer.kind === 'cidr' ? rule.peer.cidr.family : 4;
  const trusted = family === 4 ? '<trusted-cidr>' : '<trusted-ipv6-cidr>';
  if (field.list) {
    return narrow
      ? `${where}\n  in ${field.name}, replace "${value}" with "${trusted}" (the range that needs this access), or remove the rule`
      : `${where}\n  remove "${value}" from ${field.name}, or remove the rule`;
  }
  const sep = field.cfn ? ': ' : ' = ';
  const quote = field.cfn ? '' : '"';
  return narrow
    ? `${where}\n- ${field.name}${sep}${quote}${value}${quote}\n+ ${field.name}${sep}${quote}${trusted}${quote}   # or delete the rule`
    : `${where}\n- ${field.name}${sep}${quote}${value}${quote}   # delete this rule`;
}

interface PeerField {
  readonly name: string;
  readonly list: boolean;
  readonly cfn: boolean;
}

function peerField(resourceType: string, rule: SecurityGroupRule): PeerField {
  const peer = rule.peer;
  const ingress = rule.direction === 'ingress';
  if (resourceType.startsWith('AWS::')) {
    const name =
      peer.kind === 'cidr'
        ? peer.cidr.family === 4
          ? 'CidrIp'
          : 'CidrIpv6'
        : peer.kind === 'prefix-list'
          ? ingress
            ? 'SourcePrefixListId'
            : 'DestinationPrefixListId'
          : ingress
            ? 'SourceSecurityGroupId'
            : 'DestinationSecurityGroupId';
    return { name, list: false, cfn: true };
  }
  if (resourceType === 'aws_vpc_security_group_ingress_rule' || resourceType === 'aws_vpc_security_group_egress_rule') {
    const name =
      peer.kind === 'cidr' ? (peer.cidr.family === 4 ? 'cidr_ipv4' : 'cidr_ipv6') : peer.kind === 'prefix-list' ? 'prefix_list_id' : 'referenced_security_group_id';
    return { name, list: false, cfn: false };
  }
  if (resourceType === 'aws_security_group_rule' && peer.kind === 'group') return { name: 'source_security_group_id', list: false, cfn: false };
  const name =
    peer.kind === 'cidr' ? (peer.cidr.family === 4 ? 'cidr_blocks' : 'ipv6_cidr_blocks') : peer.kind === 'prefix-list' ? 'prefix_list_ids' : 'security_groups';
  return { name, list: true, cfn: false };
}
