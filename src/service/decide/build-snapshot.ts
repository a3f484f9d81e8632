/**
 * One account+region's committed resources as the engine's Snapshot (src/core/model/snapshot.ts). Rebuilt from the
 * in-memory state, which only changes after a transaction committed, so the engine never sees half a change.
 */
import type { NetworkAcl, NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { Instance, InternetGateway, NetworkInterface, PrefixList, RouteTable, Subnet, Vpc } from '../../core/model/network.ts';
import type { RulePeer, SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { parseCidr } from '../../core/net/cidr.ts';
import { parseIp } from '../../core/net/ip.ts';
import type { InstanceRecord } from '../instances/records.ts';
import { effectiveTimeouts } from '../network-interfaces/connection-tracking.ts';
import { primaryAddress, type NetworkInterfaceRecord } from '../network-interfaces/records.ts';
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

export const vpcModel = (v: VpcRecord, ownerId: string): Vpc => ({
  vpcId: v.id,
  ownerId,
  cidrBlocks: [cidr(v.cidrBlock)],
  ipv6CidrBlocks: [],
  isDefault: v.isDefault,
  tags: v.tags,
});

export const subnetModel = (s: SubnetRecord): Subnet => ({
  subnetId: s.id,
  vpcId: s.parentId,
  cidr: cidr(s.cidrBlock),
  ipv6Cidrs: [],
  availabilityZone: s.availabilityZone,
  mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
  defaultForAz: s.defaultForAz,
  tags: s.tags,
});

export function securityGroupModel(view: ResourceView, g: SecurityGroupRecord, ownerId: string): SecurityGroup {
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
}

export const networkAclModel = (a: NetworkAclRecord, ownerId: string): NetworkAcl => ({
  networkAclId: a.id,
  vpcId: a.parentId,
  isDefault: a.isDefault,
  ownerId,
  entries: a.entries.map(aclEntry),
  associations: a.associations.map((x) => ({ associationId: x.associationId, subnetId: x.subnetId })),
  tags: a.tags,
});

export const routeTableModel = (t: RouteTableRecord): RouteTable => ({
  routeTableId: t.id,
  vpcId: t.parentId,
  routes: t.routes.map((r) => ({
    destination: cidr(r.destinationCidrBlock),
    target: r.gatewayId === 'local' ? { kind: 'local' as const } : r.gatewayId.startsWith('igw-') ? { kind: 'internet-gateway' as const, id: r.gatewayId } : { kind: 'other' as const, id: r.gatewayId },
    active: true,
  })),
  associations: t.associations.map((a) => ({ associationId: a.associationId, main: a.main, ...(a.subnetId ? { subnetId: a.subnetId } : {}) })),
  tags: t.tags,
});

export const internetGatewayModel = (g: InternetGatewayRecord): InternetGateway => ({
  internetGatewayId: g.id,
  attachedVpcIds: g.attachedVpcIds,
  tags: g.tags,
});

export const prefixListModel = (p: PrefixListRecord, ownerId: string): PrefixList => ({
  prefixListId: p.id,
  prefixListName: p.prefixListName,
  addressFamily: p.addressFamily === 'IPv6' ? 6 : 4,
  maxEntries: p.maxEntries,
  version: p.version,
  ownerId,
  entries: p.entries.map((e) => ({ cidr: cidr(e.cidr), ...(e.description !== undefined ? { description: e.description } : {}) })),
  tags: p.tags,
});

/**
 * An interface as the engine places it: private addresses primary first, the public address of the primary private
 * address (Amazon's or an Elastic IP; the internet gateway maps it 1:1), its groups and conntrack timeouts.
 */
export function networkInterfaceModel(e: NetworkInterfaceRecord, ownerId: string): NetworkInterface {
  const primary = primaryAddress(e);
  const ordered = [primary, ...e.privateAddresses.filter((a) => a !== primary)];
  return {
    networkInterfaceId: e.id,
    subnetId: e.parentId,
    vpcId: e.vpcId,
    ownerId,
    privateIps: ordered.map((a) => parseIp(a.address)!),
    ipv6Addresses: [],
    ...(primary.association ? { publicIp: parseIp(primary.association.publicIp)! } : {}),
    groupIds: e.groupIds,
    ...(e.attachment ? { instanceId: e.attachment.instanceId } : {}),
    connectionTracking: effectiveTimeouts(e.connectionTracking),
    sourceDestCheck: e.sourceDestCheck,
    ...(e.description ? { description: e.description } : {}),
    tags: e.tags,
  };
}

export const instanceModel = (i: InstanceRecord): Instance => ({
  instanceId: i.id,
  subnetId: i.subnetId,
  vpcId: i.vpcId,
  state: i.state,
  networkInterfaceIds: i.networkInterfaceIds,
  tags: i.tags,
});

export function buildSnapshot(view: ResourceView, ownerId: string): Snapshot {
  return {
    vpcs: view.list<VpcRecord>('vpc').map((v) => vpcModel(v, ownerId)),
    subnets: view.list<SubnetRecord>('subnet').map(subnetModel),
    securityGroups: view.list<SecurityGroupRecord>('security-group').map((g) => securityGroupModel(view, g, ownerId)),
    networkAcls: view.list<NetworkAclRecord>('network-acl').map((a) => networkAclModel(a, ownerId)),
    networkInterfaces: view.list<NetworkInterfaceRecord>('network-interface').map((e) => networkInterfaceModel(e, ownerId)),
    prefixLists: view.list<PrefixListRecord>('prefix-list').map((p) => prefixListModel(p, ownerId)),
    routeTables: view.list<RouteTableRecord>('route-table').map(routeTableModel),
    internetGateways: view.list<InternetGatewayRecord>('internet-gateway').map(internetGatewayModel),
    instances: view.list<InstanceRecord>('instance').map(instanceModel),
  };
}
