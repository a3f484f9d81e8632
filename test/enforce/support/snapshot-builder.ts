/**
 * A terse way to write snapshots in tests: VPCs, subnets, instances with one interface each, groups, NACLs,
 * route tables and gateways, with EC2 defaults (new groups allow all egress only when asked).
 */
import type { NetworkAcl, NetworkAclEntry } from '../../../src/core/model/network-acl.ts';
import { DEFAULT_CONNECTION_TRACKING, type Instance, type InternetGateway, type NetworkInterface, type PrefixList, type Route, type RouteTable, type Subnet, type Vpc } from '../../../src/core/model/network.ts';
import type { Direction, RulePeer, SecurityGroup, SecurityGroupRule } from '../../../src/core/model/security-group.ts';
import type { Snapshot } from '../../../src/core/model/snapshot.ts';
import { parseCidr, type Cidr } from '../../../src/core/net/cidr.ts';
import { parseIp, type IpAddress } from '../../../src/core/net/ip.ts';

export function cidr(text: string): Cidr {
  const c = parseCidr(text);
  if (!c) throw new Error(`bad CIDR ${text}`);
  return c;
}

export function ip(text: string): IpAddress {
  const a = parseIp(text);
  if (!a) throw new Error(`bad IP ${text}`);
  return a;
}

/** A rule peer: a CIDR text, `sg-…` for a group reference, `pl-…` for a prefix list. */
export function peer(text: string): RulePeer {
  if (text.startsWith('sg-')) return { kind: 'group', groupId: text };
  if (text.startsWith('pl-')) return { kind: 'prefix-list', prefixListId: text };
  return { kind: 'cidr', cidr: cidr(text) };
}

export interface RuleSpec {
  /** -1, 6, 17, 1, 58 or any protocol number. */
  readonly protocol: number;
  /** Ports (tcp/udp) or ICMP type (-1 = all). */
  readonly from?: number;
  readonly to?: number;
  readonly peer: string;
}

export const tcp = (from: number, p: string, to = from): RuleSpec => ({ protocol: 6, from, to, peer: p });
export const udp = (from: number, p: string, to = from): RuleSpec => ({ protocol: 17, from, to, peer: p });
export const icmp = (type: number, code: number, p: string): RuleSpec => ({ protocol: 1, from: type, to: code, peer: p });
export const icmpv6 = (type: number, code: number, p: string): RuleSpec => ({ protocol: 58, from: type, to: code, peer: p });
export const all = (p: string): RuleSpec => ({ protocol: -1, peer: p });

export interface InstanceSpec {
  readonly subnetId: string;
  readonly privateIps: readonly string[];
  readonly ipv6?: readonly string[];
  readonly publicIp?: string;
  readonly groups: readonly string[];
}

export interface AclEntrySpec {
  readonly n: number;
  readonly egress: boolean;
  readonly action: 'allow' | 'deny';
  readonly protocol: number;
  readonly cidr: string;
  readonly ports?: readonly [number, number];
  readonly icmp?: readonly [number, number];
}

export class SnapshotBuilder {
  private readonly vpcs: Vpc[] = [];
  private readonly subnets: Subnet[] = [];
  private readonly groups: SecurityGroup[] = [];
  private readonly acls: NetworkAcl[] = [];
  private readonly interfaces: NetworkInterface[] = [];
  private readonly instances: Instance[] = [];
  private readonly prefixLists: PrefixList[] = [];
  private readonly routeTables: RouteTable[] = [];
  private readonly gateways: InternetGateway[] = [];
  private ruleCounter = 0;

  vpc(vpcId: string, cidrText: string, ipv6?: string): this {
    this.vpcs.push({ vpcId, cidrBlocks: [cidr(cidrText)], ipv6CidrBlocks: ipv6 ? [cidr(ipv6)] : [], isDefault: false });
    return this;
  }

  subnet(subnetId: string, vpcId: string, cidrText: string, ipv6?: string): this {
    this.subnets.push({ subnetId, vpcId, cidr: cidr(cidrText), ipv6Cidrs: ipv6 ? [cidr(ipv6)] : [], mapPublicIpOnLaunch: false, defaultForAz: false });
    return this;
  }

  group(groupId: string, vpcId: string, rules: { ingress?: readonly RuleSpec[]; egress?: readonly RuleSpec[] }): this {
    const make = (d: Direction, specs: readonly RuleSpec[] = []): SecurityGroupRule[] =>
      specs.map((s) => ({ ruleId: `sgr-${String(++this.ruleCounter).padStart(6, '0')}`, groupId, direction: d, protocol: s.protocol, fromPort: s.from ?? -1, toPort: s.to ?? -1, peer: peer(s.peer) }));
    this.groups.push({ groupId, groupName: groupId, description: groupId, vpcId, ownerId: '000000000000', ingress: make('ingress', rules.ingress), egress: make('egress', rules.egress) });
    return this;
  }

  instance(instanceId: string, spec: InstanceSpec): this {
    const subnet = this.subnets.find((s) => s.subnetId === spec.subnetId);
    if (!subnet) throw new Error(`unknown subnet ${spec.subnetId}`);
    const networkInterfaceId = `eni-${instanceId.slice(2)}`;
    this.interfaces.push({
      networkInterfaceId,
      subnetId: subnet.subnetId,
      vpcId: subnet.vpcId,
      privateIps: spec.privateIps.map(ip),
      ipv6Addresses: (spec.ipv6 ?? []).map(ip),
      ...(spec.publicIp ? { publicIp: ip(spec.publicIp) } : {}),
      groupIds: [...spec.groups],
      instanceId,
      connectionTracking: DEFAULT_CONNECTION_TRACKING,
      sourceDestCheck: true,
    });
    this.instances.push({ instanceId, subnetId: subnet.subnetId, vpcId: subnet.vpcId, state: 'running', networkInterfaceIds: [networkInterfaceId] });
    return this;
  }

  nacl(networkAclId: string, vpcId: string, subnetIds: readonly string[], entries: readonly AclEntrySpec[], isDefault = false): this {
    const toEntry = (e: AclEntrySpec): NetworkAclEntry => ({
      ruleNumber: e.n,
      egress: e.egress,
      action: e.action,
      protocol: e.protocol,
      cidr: cidr(e.cidr),
      ...(e.ports ? { portRange: { from: e.ports[0], to: e.ports[1] } } : {}),
      ...(e.icmp ? { icmp: { type: e.icmp[0], code: e.icmp[1] } } : {}),
    });
    this.acls.push({ networkAclId, vpcId, isDefault, entries: entries.map(toEntry), associations: subnetIds.map((subnetId, i) => ({ associationId: `aclassoc-${networkAclId}-${i}`, subnetId })) });
    return this;
  }

  prefixList(prefixListId: string, family: 4 | 6, cidrs: readonly string[]): this {
    this.prefixLists.push({ prefixListId, prefixListName: prefixListId, addressFamily: family, maxEntries: 10, version: 1, entries: cidrs.map((c) => ({ cidr: cidr(c) })) });
    return this;
  }

  internetGateway(internetGatewayId: string, vpcId: string): this {
    this.gateways.push({ internetGatewayId, attachedVpcIds: [vpcId] });
    return this;
  }

  /** `routes`: [destination CIDR, target] with target `local`, an `igw-…` id or anything else. */
  routeTable(routeTableId: string, vpcId: string, opts: { main?: boolean; subnets?: readonly string[]; routes: ReadonlyArray<readonly [string, string]> }): this {
    const routes: Route[] = opts.routes.map(([dest, target]) => ({
      destination: cidr(dest),
      target: target === 'local' ? { kind: 'local' } : target.startsWith('igw-') ? { kind: 'internet-gateway', id: target } : { kind: 'other', id: target },
      active: true,
    }));
    const associations = [
      ...(opts.main ? [{ associationId: `rtbassoc-${routeTableId}-main`, main: true }] : []),
      ...(opts.subnets ?? []).map((subnetId, i) => ({ associationId: `rtbassoc-${routeTableId}-${i}`, subnetId, main: false })),
    ];
    this.routeTables.push({ routeTableId, vpcId, routes, associations });
    return this;
  }

  build(): Snapshot {
    return {
      vpcs: [...this.vpcs],
      subnets: [...this.subnets],
      securityGroups: [...this.groups],
      networkAcls: [...this.acls],
      networkInterfaces: [...this.interfaces],
      prefixLists: [...this.prefixLists],
      routeTables: [...this.routeTables],
      internetGateways: [...this.gateways],
      instances: [...this.instances],
    };
  }
}
