/**
 * Small builders for engine tests: an estate described in a few readable lines, turned into a `Snapshot`.
 * Test-only (no test imports another module's builders; the reference evaluator has its own).
 *
 *   const b = new EstateBuilder().vpc('vpc-1', '10.0.0.0/16').subnet('subnet-a', 'vpc-1', '10.0.1.0/24');
 *   b.group('sg-web', 'vpc-1', { ingress: [tcp(80, '0.0.0.0/0')] });
 *   b.eni('eni-a', 'subnet-a', { ips: ['10.0.1.10'], groups: ['sg-web'] });
 *   const snapshot = b.build();
 */
import { parseCidr, type Cidr } from '../../core/net/cidr.ts';
import { parseIp, type IpAddress } from '../../core/net/ip.ts';
import {
  DEFAULT_CONNECTION_TRACKING,
  type ConnectionTrackingTimeouts,
  type InternetGateway,
  type NetworkInterface,
  type PrefixList,
  type Route,
  type RouteTable,
  type Subnet,
  type Vpc,
} from '../../core/model/network.ts';
import type { NetworkAcl, NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { RulePeer, SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';

export function ip(text: string): IpAddress {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`bad address in test: ${text}`);
  return parsed;
}

export function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad CIDR in test: ${text}`);
  return parsed;
}

/** `sg-…` → group reference, `pl-…` → prefix list, anything else → CIDR. */
export function peer(text: string): RulePeer {
  if (text.startsWith('sg-')) return { kind: 'group', groupId: text };
  if (text.startsWith('pl-')) return { kind: 'prefix-list', prefixListId: text };
  return { kind: 'cidr', cidr: cidr(text) };
}

/** A rule without its group and direction (the group builder fills them in). */
export interface RuleSpec {
  readonly protocol: number;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: RulePeer;
  readonly ruleId?: string;
}

type Ports = number | readonly [number, number];
const range = (ports: Ports): [number, number] => (typeof ports === 'number' ? [ports, ports] : [ports[0], ports[1]]);

export const tcp = (ports: Ports, from: string, ruleId?: string): RuleSpec => ({ protocol: 6, fromPort: range(ports)[0], toPort: range(ports)[1], peer: peer(from), ruleId });
export const udp = (ports: Ports, from: string, ruleId?: string): RuleSpec => ({ protocol: 17, fromPort: range(ports)[0], toPort: range(ports)[1], peer: peer(from), ruleId });
export const icmp = (type: number, code: number, from: string, ruleId?: string): RuleSpec => ({ protocol: 1, fromPort: type, toPort: code, peer: peer(from), ruleId });
export const icmpv6 = (type: number, code: number, from: string, ruleId?: string): RuleSpec => ({ protocol: 58, fromPort: type, toPort: code, peer: peer(from), ruleId });
/** Protocol -1: every protocol, every port. */
export const allTraffic = (from: string, ruleId?: string): RuleSpec => ({ protocol: -1, fromPort: -1, toPort: -1, peer: peer(from), ruleId });
/** Any other protocol number (ports are -1/-1, as EC2 stores them). */
export const protocolRule = (protocol: number, from: string, ruleId?: string): RuleSpec => ({ protocol, fromPort: -1, toPort: -1, peer: peer(from), ruleId });

export function securityGroup(groupId: string, vpcId: string, rules: { ingress?: readonly RuleSpec[]; egress?: readonly RuleSpec[] }): SecurityGroup {
  let n = 0;
  const make = (direction: 'ingress' | 'egress') => (spec: RuleSpec): SecurityGroupRule => ({
    ruleId: spec.ruleId ?? `sgr-${groupId.slice(3)}-${direction === 'ingress' ? 'i' : 'e'}${n++}`,
    groupId,
    direction,
    protocol: spec.protocol,
    fromPort: spec.fromPort,
    toPort: spec.toPort,
    peer: spec.peer,
  });
  return {
    groupId,
    groupName: groupId,
    description: groupId,
    vpcId,
    ownerId: '111122223333',
    ingress: (rules.ingress ?? []).map(make('ingress')),
    egress: (rules.egress ?? []).map(make('egress')),
  };
}

/** A standalone rule, for `Engine.addRule`. */
export function rule(groupId: string, direction: 'ingress' | 'egress', spec: RuleSpec, ruleId: string): SecurityGroupRule {
  return { ruleId, groupId, direction, protocol: spec.protocol, fromPort: spec.fromPort, toPort: spec.toPort, peer: spec.peer };
}

export interface NaclEntrySpec {
  readonly ruleNumber: number;
  readonly action: 'allow' | 'deny';
  readonly protocol: number;
  readonly cidr: string;
  readonly ports?: Ports;
  readonly icmp?: readonly [number, number];
}

export function naclEntry(egress: boolean, spec: NaclEntrySpec): NetworkAclEntry {
  return {
    ruleNumber: spec.ruleNumber,
    egress,
    action: spec.action,
    protocol: spec.protocol,
    cidr: cidr(spec.cidr),
    portRange: spec.ports === undefined ? undefined : { from: range(spec.ports)[0], to: range(spec.ports)[1] },
    icmp: spec.icmp === undefined ? undefined : { type: spec.icmp[0], code: spec.icmp[1] },
  };
}

export interface EniSpec {
  readonly ips: readonly string[];
  readonly ipv6?: readonly string[];
  readonly publicIp?: string;
  readonly groups?: readonly string[];
  readonly timeouts?: Partial<ConnectionTrackingTimeouts>;
}

export function networkInterface(id: string, subnet: Subnet, spec: EniSpec): NetworkInterface {
  return {
    networkInterfaceId: id,
    subnetId: subnet.subnetId,
    vpcId: subnet.vpcId,
    privateIps: spec.ips.map(ip),
    ipv6Addresses: (spec.ipv6 ?? []).map(ip),
    publicIp: spec.publicIp === undefined ? undefined : ip(spec.publicIp),
    groupIds: spec.groups ?? [],
    connectionTracking: { ...DEFAULT_CONNECTION_TRACKING, ...spec.timeouts },
    sourceDestCheck: true,
  };
}

export class EstateBuilder {
  readonly vpcs: Vpc[] = [];
  readonly subnets: Subnet[] = [];
  readonly groups: SecurityGroup[] = [];
  readonly acls: NetworkAcl[] = [];
  readonly enis: NetworkInterface[] = [];
  readonly prefixLists: PrefixList[] = [];
  readonly routeTables: RouteTable[] = [];
  readonly gateways: InternetGateway[] = [];

  vpc(vpcId: string, cidrText: string, ipv6?: string): this {
    this.vpcs.push({ vpcId, cidrBlocks: [cidr(cidrText)], ipv6CidrBlocks: ipv6 ? [cidr(ipv6)] : [], isDefault: false });
    return this;
  }

  subnet(subnetId: string, vpcId: string, cidrText: string, ipv6?: string): this {
    this.subnets.push({ subnetId, vpcId, cidr: cidr(cidrText), ipv6Cidrs: ipv6 ? [cidr(ipv6)] : [], mapPublicIpOnLaunch: false, defaultForAz: false });
    return this;
  }

  group(groupId: string, vpcId: string, rules: { ingress?: readonly RuleSpec[]; egress?: readonly RuleSpec[] }): this {
    this.groups.push(securityGroup(groupId, vpcId, rules));
    return this;
  }

  eni(id: string, subnetId: string, spec: EniSpec): this {
    const subnet = this.subnets.find((s) => s.subnetId === subnetId);
    if (!subnet) throw new Error(`declare ${subnetId} before ${id}`);
    this.enis.push(networkInterface(id, subnet, spec));
    return this;
  }

  nacl(
    networkAclId: string,
    vpcId: string,
    spec: { isDefault?: boolean; subnets?: readonly string[]; inbound?: readonly NaclEntrySpec[]; outbound?: readonly NaclEntrySpec[] },
  ): this {
    this.acls.push({
      networkAclId,
      vpcId,
      isDefault: spec.isDefault ?? false,
      entries: [...(spec.inbound ?? []).map((e) => naclEntry(false, e)), ...(spec.outbound ?? []).map((e) => naclEntry(true, e))],
      associations: (spec.subnets ?? []).map((subnetId, i) => ({ associationId: `aclassoc-${networkAclId}-${i}`, subnetId })),
    });
    return this;
  }

  /** A NACL allowing everything both ways (the default NACL's rule 100, §6.6), IPv4 and IPv6. */
  openNacl(networkAclId: string, vpcId: string, spec: { isDefault?: boolean; subnets?: readonly string[] } = {}): this {
    const open: NaclEntrySpec[] = [
      { ruleNumber: 100, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' },
      { ruleNumber: 101, action: 'allow', protocol: -1, cidr: '::/0' },
    ];
    return this.nacl(networkAclId, vpcId, { ...spec, inbound: open, outbound: open });
  }

  prefixList(prefixListId: string, cidrs: readonly string[]): this {
    const entries = cidrs.map((c) => ({ cidr: cidr(c) }));
    this.prefixLists.push({ prefixListId, prefixListName: prefixListId, addressFamily: entries[0]?.cidr.family ?? 4, maxEntries: 10, version: 1, entries });
    return this;
  }

  internetGateway(internetGatewayId: string, attachedVpcIds: readonly string[]): this {
    this.gateways.push({ internetGatewayId, attachedVpcIds });
    return this;
  }

  routeTable(routeTableId: string, vpcId: string, spec: { main?: boolean; subnets?: readonly string[]; routes: readonly Route[] }): this {
    const associations = [
      ...(spec.main ? [{ associationId: `rtbassoc-${routeTableId}-main`, main: true }] : []),
      ...(spec.subnets ?? []).map((subnetId, i) => ({ associationId: `rtbassoc-${routeTableId}-${i}`, subnetId, main: false })),
    ];
    this.routeTables.push({ routeTableId, vpcId, routes: spec.routes, associations });
    return this;
  }

  build(): Snapshot {
    return {
      vpcs: this.vpcs,
      subnets: this.subnets,
      securityGroups: this.groups,
      networkAcls: this.acls,
      networkInterfaces: this.enis,
      prefixLists: this.prefixLists,
      routeTables: this.routeTables,
      internetGateways: this.gateways,
      instances: [],
    };
  }
}

/** Route helpers. */
export const localRoute = (cidrText: string): Route => ({ destination: cidr(cidrText), target: { kind: 'local' }, active: true });
export const gatewayRoute = (destination: string, internetGatewayId: string, active = true): Route => ({
  destination: destination.startsWith('pl-') ? { prefixListId: destination } : cidr(destination),
  target: { kind: 'internet-gateway', id: internetGatewayId },
  active,
});
export const otherRoute = (destination: string, id: string): Route => ({ destination: cidr(destination), target: { kind: 'other', id }, active: true });
