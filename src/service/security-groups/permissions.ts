/**
 * Turns the three ways a request can describe rules into RuleSpecs, validating as EC2 does (aws-semantics.md §3.5,
 * fact 10, fact 12): `IpPermissions.N` (one rule per source: IpRanges, Ipv6Ranges, Groups, PrefixListIds), the legacy
 * flat parameters (`IpProtocol`, `FromPort`, `ToPort`, `CidrIp`, `SourceSecurityGroupName`/`OwnerId`), and
 * ModifySecurityGroupRules' `SecurityGroupRuleRequest`.
 */
import type { IpPermission, SecurityGroupRuleRequest, UserIdGroupPair } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Direction } from '../../core/model/security-group.ts';
import { parseCidr } from '../../core/net/cidr.ts';
import { ICMP, TCP, UDP } from '../../core/net/protocol.ts';
import { validatePermissionPorts, type PermissionPorts } from '../../core/rules/permission.ts';
import { validateRuleDescription } from '../../core/validate/security-group-text.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { PrefixListRecord } from '../prefix-lists/records.ts';
import type { ResourceView } from '../state/resource.ts';
import { requireGroupById, requireGroupByNameInDefaultVpc } from './lookup.ts';
import type { RulePeerRecord, SecurityGroupRecord } from './records.ts';
import type { RuleSpec } from './rule-spec.ts';

export interface PermissionScope {
  readonly view: ResourceView;
  readonly accountId: string;
  /** The group the rules belong to. */
  readonly group: SecurityGroupRecord;
  readonly direction: Direction;
}

const NO_SOURCE =
  'missing mandatory parameter: exactly one of remote-security-group, remote-ip-range, remote-ipv6-range, or prefix-list-id must be present';

export function cidrPeer(text: string, family: 4 | 6, parameter: string): RulePeerRecord {
  const cidr = parseCidr(text.trim(), family);
  if (!cidr) throw ec2Error('InvalidParameterValue', `Value (${text}) for parameter ${parameter} is invalid. This is not a valid CIDR block.`);
  return { kind: 'cidr', family, cidr: cidr.text };
}

/** A referenced group: same account and same VPC as the rule's group (cross-account and peering are not modelled). */
export function groupPeer(scope: PermissionScope, pair: Pick<UserIdGroupPair, 'GroupId' | 'GroupName' | 'UserId'>): RulePeerRecord {
  if (pair.UserId !== undefined && pair.UserId !== scope.accountId) {
    // Cross-account references need VPC peering, which Rampart does not model yet: the group cannot be found.
    throw ec2Error('InvalidGroup.NotFound', pair.GroupId ?? pair.GroupName ?? '');
  }
  const target =
    pair.GroupId !== undefined
      ? requireGroupById(scope.view, requireWellFormedId('sg', pair.GroupId))
      : pair.GroupName !== undefined
        ? requireGroupByNameInDefaultVpc(scope.view, pair.GroupName)
        : undefined;
  if (!target) throw ec2Error('InvalidParameterValue', NO_SOURCE);
  if (target.parentId !== scope.group.parentId) {
    // Code UNCONFIRMED (aws-semantics.md §3.5: "Referencing a group in an unrelated VPC").
    throw ec2Error('InvalidParameterValue', `You have specified two resources that belong to different networks: ${scope.group.id}, ${target.id}.`);
  }
  return { kind: 'group', groupId: target.id, userId: scope.accountId };
}

export function prefixListPeer(scope: PermissionScope, prefixListId: string): RulePeerRecord {
  requireWellFormedId('pl', prefixListId);
  if (!scope.view.getOf<PrefixListRecord>('prefix-list', prefixListId)) throw ec2Error('InvalidPrefixListID.NotFound', prefixListId);
  return { kind: 'prefix-list', prefixListId };
}

function spec(scope: PermissionScope, ports: PermissionPorts, peer: RulePeerRecord, description: string | undefined): RuleSpec {
  const d = validateRuleDescription(description);
  return { direction: scope.direction, ...ports, peer, ...(d !== undefined ? { description: d } : {}) };
}

export function specsFromIpPermissions(scope: PermissionScope, permissions: readonly IpPermission[]): RuleSpec[] {
  const out: RuleSpec[] = [];
  for (const p of permissions) {
    const ports = validatePermissionPorts({ ipProtocol: p.IpProtocol, fromPort: p.FromPort, toPort: p.ToPort });
    const before = out.length;
    for (const r of p.IpRanges ?? []) {
      if (r.CidrIp === undefined) throw ec2Error('InvalidParameterValue', NO_SOURCE);
      out.push(spec(scope, ports, cidrPeer(r.CidrIp, 4, 'cidrIp'), r.Description));
    }
    for (const r of p.Ipv6Ranges ?? []) {
      if (r.CidrIpv6 === undefined) throw ec2Error('InvalidParameterValue', NO_SOURCE);
      out.push(spec(scope, ports, cidrPeer(r.CidrIpv6, 6, 'cidrIpv6'), r.Description));
    }
    for (const g of p.UserIdGroupPairs ?? []) out.push(spec(scope, ports, groupPeer(scope, g), g.Description));
    for (const l of p.PrefixListIds ?? []) {
      if (l.PrefixListId === undefined) throw ec2Error('InvalidParameterValue', NO_SOURCE);
      out.push(spec(scope, ports, prefixListPeer(scope, l.PrefixListId), l.Description));
    }
    if (out.length === before) throw ec2Error('InvalidParameterValue', NO_SOURCE);
  }
  return out;
}

export interface FlatPermission {
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly CidrIp?: string;
  readonly SourceSecurityGroupName?: string;
  readonly SourceSecurityGroupOwnerId?: string;
}

export function hasFlatPermission(p: FlatPermission): boolean {
  return [p.IpProtocol, p.FromPort, p.ToPort, p.CidrIp, p.SourceSecurityGroupName, p.SourceSecurityGroupOwnerId].some((v) => v !== undefined);
}

/**
 * The legacy form. A source group given by name may not be combined with a CIDR, ports or a protocol, and then grants
 * "full ICMP, UDP, and TCP access" — three rules (M, AuthorizeSecurityGroupIngress).
 */
export function specsFromFlatParameters(scope: PermissionScope, p: FlatPermission): RuleSpec[] {
  if (p.SourceSecurityGroupName !== undefined || p.SourceSecurityGroupOwnerId !== undefined) {
    if (p.CidrIp !== undefined || p.IpProtocol !== undefined || p.FromPort !== undefined || p.ToPort !== undefined) {
      throw ec2Error('InvalidParameterCombination', 'The parameter SourceSecurityGroupName cannot be used with the parameters CidrIp, IpProtocol, FromPort or ToPort.');
    }
    if (scope.direction === 'egress') throw ec2Error('InvalidParameterCombination', 'SourceSecurityGroupName is not supported for egress rules. Use IpPermissions.');
    if (p.SourceSecurityGroupName === undefined) throw ec2Error('MissingParameter', 'SourceSecurityGroupName');
    const peer = groupPeer(scope, { GroupName: p.SourceSecurityGroupName, UserId: p.SourceSecurityGroupOwnerId });
    return [
      { direction: scope.direction, protocol: ICMP, fromPort: -1, toPort: -1, peer },
      { direction: scope.direction, protocol: TCP, fromPort: 0, toPort: 65535, peer },
      { direction: scope.direction, protocol: UDP, fromPort: 0, toPort: 65535, peer },
    ];
  }
  if (p.CidrIp === undefined) throw ec2Error('InvalidParameterValue', NO_SOURCE);
  const ports = validatePermissionPorts({ ipProtocol: p.IpProtocol, fromPort: p.FromPort, toPort: p.ToPort });
  return [spec(scope, ports, cidrPeer(p.CidrIp, 4, 'cidrIp'), undefined)];
}

/** ModifySecurityGroupRules' rule: exactly one peer among CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupId. */
export function specFromRuleRequest(scope: PermissionScope, r: SecurityGroupRuleRequest): RuleSpec {
  const ports = validatePermissionPorts({ ipProtocol: r.IpProtocol, fromPort: r.FromPort, toPort: r.ToPort });
  const peers = [r.CidrIpv4, r.CidrIpv6, r.PrefixListId, r.ReferencedGroupId].filter((v) => v !== undefined);
  if (peers.length !== 1) throw ec2Error('InvalidParameterValue', NO_SOURCE);
  const peer =
    r.CidrIpv4 !== undefined
      ? cidrPeer(r.CidrIpv4, 4, 'cidrIpv4')
      : r.CidrIpv6 !== undefined
        ? cidrPeer(r.CidrIpv6, 6, 'cidrIpv6')
        : r.PrefixListId !== undefined
          ? prefixListPeer(scope, r.PrefixListId)
          : groupPeer(scope, { GroupId: r.ReferencedGroupId });
  return spec(scope, ports, peer, r.Description);
}
