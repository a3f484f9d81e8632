/**
 * One account+region's committed resources as the engine's Snapshot (src/core/model/snapshot.ts). Rebuilt from the
 * in-memory state, which only changes after a transaction committed, so the engine never sees half a change.
 */
import type { NetworkAcl, NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { InternetGateway, PrefixList, RouteTable, Subnet, Vpc } from '../../core/model/network.ts';
import type { RulePeer, SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { parseCidr } from '../../core/net/cidr.ts';
import type { NetworkAclRecord } from '../network-acls/records.ts';
import type { PrefixListRecord } from '../prefix-lists/records.ts';
import type { RulePeerRecord, SecurityGroupRecord, SecurityGroupRuleRecord } from '../security-groups/records.ts';
import type { ResourceView } from '../state/resource.ts';
import type { InternetGatewayRecord, RouteTableRecord, SubnetRecord, VpcRecord } from '../vpcs/records.ts';

const cidr = (text: string) => parseCidr(text)!;

function peer(p: RulePeerRecord): RulePeer {
  if (p.kind === 'cidr') return { kind: 'cidr', cidr: cidr(p.cidr) };
  if (p.kind === 'group') return { kind: 'group', groupId: p.groupId, userId: p.userId };
  return { kind: 'prefix-list', prefixListId: p.prefixListId };
}

function rule(r: SecurityGroupRuleRecord): SecurityGroupRule {
  return {
    ruleId: r.id,
    groupId: r.parentId,
    direction: r.direction,
    protocol: r.protocol,
    fromPort: r.fromPort,
    toPort: r.toPort,
    peer: peer(r.peer),
    ...(r.description !== undefined ? { description: r.description } : {}),
  };
}

function aclEntry(e: NetworkAclRecord['entries'][number]): NetworkAclEntry {
  return {
    ruleNumber: e.ruleNumber,
    egress: e.egress,
    action: e.ruleAction,
    protocol: Number(e.protocol),
    cidr: cidr(e.cidrBlock ?? e.ipv6CidrBlock ?? '0.0.0.0/0'),
    ...(e.portRange ? { portRange: e.portRange } : {}),
    ...(e.icmpTypeCode ? { icmp: e.icmpTypeCode } : {}),
  };
}

export function buildSnapshot(view: ResourceView, ownerId: string): Snapshot {
  const vpcs: Vpc[] = view.list<VpcRecord>('vpc').map((v) => ({
    vpcId: v.id,
    ownerId,
    cidrBlocks: [cidr(v.cidrBlock)],
    ipv6CidrBlocks: [],
    isDefault: v.isDefault,
    tags: v.tags,
  }));
  const subnets: Subnet[] = view.list<SubnetRecord>('subnet').map((s) => ({
    subnetId: s.id,
    vpcId: s.parentId,
    cidr: cidr(s.cidrBlock),
    ipv6Cidrs: [],
    availabilityZone: s.availabilityZone,
    mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    defaultForAz: s.defaultForAz,
    tags: s.tags,
  }));
  const securityGroups: SecurityGroup[] = view.list<SecurityGroupRecord>('security-group').map((g) => {
    const rules = view.children<SecurityGroupRuleRecord>(g.id, 'security-group-rule').map(rule);
    return {
      groupId: g.id,
      groupName: g.groupName,
      description: g.description,
      vpcId: g.parentId,
      ownerId,
      ingress: rules.filter((r) => r.direction === 'ingress'),
      egress: rules.filter((r) => r.direction === 'egress'),
      tags: g.tags,
    };
  });
  const networkAcls: NetworkAcl[] = view.list<NetworkAclRecord>('network-acl').map((a) => ({
    networkAclId: a.id,
    vpcId: a.parentId,
    isDefault: a.isDefault,
    ownerId,
    entries: a.entries.map(aclEntry),
    associations: a.associations.map((x) => ({ associationId: x.associationId, subnetId: x.subnetId })),
    tags: a.tags,
  }));
  const routeTables: RouteTable[] = view.list<RouteTableRecord>('route-table').map((t) => ({
    routeTableId: t.id,
    vpcId: t.parentId,
    routes: t.routes.map((r) => ({
      destination: cidr(r.destinationCidrBlock),
      target: r.gatewayId === 'local' ? { kind: 'local' as const } : r.gatewayId.startsWith('igw-') ? { kind: 'internet-gateway' as const, id: r.gatewayId } : { kind: 'other' as const, id: r.gatewayId },
      active: true,
    })),
    associations: t.associations.map((a) => ({ associationId: a.associationId, main: a.main, ...(a.subnetId ? { subnetId: a.subnetId } : {}) })),
    tags: t.tags,
  }));
  const internetGateways: InternetGateway[] = view.list<InternetGatewayRecord>('internet-gateway').map((g) => ({
    internetGatewayId: g.id,
    attachedVpcIds: g.attachedVpcIds,
    tags: g.tags,
  }));
  const prefixLists: PrefixList[] = view.list<PrefixListRecord>('prefix-list').map((p) => ({
    prefixListId: p.id,
    prefixListName: p.prefixListName,
    addressFamily: p.addressFamily === 'IPv6' ? 6 : 4,
    maxEntries: p.maxEntries,
    version: p.version,
    ownerId,
    entries: p.entries.map((e) => ({ cidr: cidr(e.cidr), ...(e.description !== undefined ? { description: e.description } : {}) })),
    tags: p.tags,
  }));
  return { vpcs, subnets, securityGroups, networkAcls, networkInterfaces: [], prefixLists, routeTables, internetGateways, instances: [] };
}
