/**
 * Builds an audit estate from what an IaC source declares, and adds what EC2 itself would create around it, so
 * the checks see the estate as it will be once deployed (aws-semantics.md fact 4, §6.6):
 * - a VPC gets a default security group (ingress -1 from itself, egress -1 to 0.0.0.0/0, plus ::/0 when the VPC
 *   has IPv6), a default NACL (rule 100 allow all each way, 101 for IPv6) and a main route table (local routes),
 *   unless the configuration adopts them (Terraform `aws_default_*`);
 * - a new group gets the allow-all egress rule when the source says EC2 keeps it (CloudFormation without
 *   SecurityGroupEgress; Terraform removes it);
 * - an instance launched without groups gets its VPC's default group;
 * - interfaces get addresses: the declared ones, else stand-ins inside their subnet, and a stand-in public
 *   address (from 198.18.0.0/15, never a real one) when one will be assigned at launch, so the engine can judge
 *   the path. Values the source could not resolve become unresolved rules and notes, never guesses.
 */
import { syntheticRuleId } from '../../core/describe/index.ts';
import type { NetworkAcl, NetworkAclEntry } from '../../core/model/network-acl.ts';
import {
  DEFAULT_CONNECTION_TRACKING,
  type InternetGateway,
  type NetworkInterface,
  type PrefixList,
  type Route,
  type RouteTable,
  type Subnet,
  type Vpc,
} from '../../core/model/network.ts';
import type { Direction, RulePeer, SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import { parseCidr, type Cidr } from '../../core/net/cidr.ts';
import { parseIp, type IpAddress } from '../../core/net/ip.ts';
import { validatePermissionPorts } from '../../core/rules/permission.ts';
import { bigToAddress, cidrInterval } from '../analysis/address-set.ts';
import type { AuditEstate, DeclaredNaclEntry, SourceKind, SourceLocation, UnresolvedRule } from '../model/estate.ts';

/** A value the source could not resolve, with the reason. */
export interface Unknown {
  readonly unknown: string;
}

export function isUnknown(v: unknown): v is Unknown {
  return typeof v === 'object' && v !== null && 'unknown' in v;
}

export type PeerInput =
  | { readonly kind: 'cidr'; readonly text: string; readonly family: 4 | 6 }
  | { readonly kind: 'group'; readonly groupId: string; readonly userId?: string }
  | { readonly kind: 'prefix-list'; readonly prefixListId: string }
  | { readonly kind: 'unknown'; readonly reason: string; readonly family?: 4 | 6 };

export interface RuleInput {
  readonly groupId: string;
  readonly direction: Direction;
  readonly protocol: string | number | Unknown | undefined;
  readonly fromPort: number | Unknown | undefined;
  readonly toPort: number | Unknown | undefined;
  readonly peer: PeerInput;
  readonly description?: string;
  readonly location: SourceLocation;
}

export interface InterfaceInput {
  readonly id: string;
  readonly subnetId: string;
  /** Group ids; `undefined` when none were named (EC2 then attaches the VPC's default group). */
  readonly groupIds: readonly string[] | undefined;
  readonly groupsUnresolved?: string;
  readonly privateIp?: string;
  readonly publicIp: boolean;
  readonly ipv6Count: number;
  readonly instanceId?: string;
  readonly location: SourceLocation;
}

export const DEFAULT_SECURITY_GROUP = 'DefaultSecurityGroup';
export const DEFAULT_NETWORK_ACL = 'DefaultNetworkAcl';
export const MAIN_ROUTE_TABLE = 'MainRouteTable';
const STAND_IN_PUBLIC = cidrInterval(parseCidr('198.18.0.0/15')!)[0];

interface VpcDraft {
  vpc: Vpc;
  location: SourceLocation;
  adoptedDefaultGroup?: string;
  adoptedDefaultAcl?: string;
  adoptedMainTable?: string;
}

export class IacEstateBuilder {
  private readonly vpcs = new Map<string, VpcDraft>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly groups = new Map<string, { group: Omit<SecurityGroup, 'ingress' | 'egress'>; ingress: SecurityGroupRule[]; egress: SecurityGroupRule[]; implicitEgress: boolean }>();
  private readonly unresolved: UnresolvedRule[] = [];
  private readonly implicit = new Set<string>();
  private readonly acls = new Map<string, { acl: Omit<NetworkAcl, 'entries' | 'associations'>; entries: NetworkAclEntry[]; declared: DeclaredNaclEntry[] }>();
  private readonly aclBySubnet = new Map<string, string>();
  private readonly tables = new Map<string, { table: Omit<RouteTable, 'routes' | 'associations'>; routes: Route[]; main: boolean }>();
  private readonly tableBySubnet = new Map<string, string>();
  private readonly gateways = new Map<string, Set<string>>();
  private readonly interfaces: InterfaceInput[] = [];
  private readonly prefixLists: PrefixList[] = [];
  private readonly locations = new Map<string, SourceLocation>();
  private readonly notes: string[] = [];
  private readonly otherReferences = new Set<string>();
  private readonly unresolvedReferences: string[] = [];
  private unresolvedCounter = 0;

  constructor(
    private readonly source: SourceKind,
    private readonly origin: string,
  ) {}

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  locate(id: string, location: SourceLocation): void {
    if (!this.locations.has(id)) this.locations.set(id, location);
  }

  addVpc(id: string, cidrs: readonly string[], ipv6Cidrs: readonly string[], location: SourceLocation): void {
    this.vpcs.set(id, {
      vpc: { vpcId: id, cidrBlocks: cidrList(cidrs, 4), ipv6CidrBlocks: cidrList(ipv6Cidrs, 6), isDefault: false },
      location,
    });
    this.locate(id, location);
  }

  addVpcIpv6(id: string, cidr: string | undefined): void {
    const d = this.vpcs.get(id);
    if (!d) return;
    // An Amazon-provided block is unknown before deployment; a stand-in keeps "this VPC has IPv6" true.
    const block = (cidr ? parseCidr(cidr, 6) : undefined) ?? parseCidr(`2600:1f00:${(this.vpcs.size).toString(16)}::/56`)!;
    d.vpc = { ...d.vpc, ipv6CidrBlocks: [...d.vpc.ipv6CidrBlocks, block] };
  }

  /** Terraform aws_default_security_group / aws_default_network_acl / aws_default_route_table take over EC2's. */
  adoptDefaultGroup(vpcId: string, groupId: string): void {
    const d = this.vpcs.get(vpcId);
    if (d) d.adoptedDefaultGroup = groupId;
  }
  adoptDefaultAcl(vpcId: string, aclId: string): void {
    const d = this.vpcs.get(vpcId);
    if (d) d.adoptedDefaultAcl = aclId;
  }
  adoptMainTable(vpcId: string, tableId: string): void {
    const d = this.vpcs.get(vpcId);
    if (d) d.adoptedMainTable = tableId;
  }

  hasVpc(id: string): boolean {
    return this.vpcs.has(id);
  }

  addSubnet(subnet: Subnet, location: SourceLocation): void {
    this.subnets.set(subnet.subnetId, subnet);
    this.locate(subnet.subnetId, location);
  }

  subnet(id: string): Subnet | undefined {
    return this.subnets.get(id);
  }

  addSecurityGroup(g: { id: string; name: string; description: string; vpcId: string; implicitEgress: boolean }, location: SourceLocation): void {
    this.groups.set(g.id, { group: { groupId: g.id, groupName: g.name, description: g.description, vpcId: g.vpcId, ownerId: '' }, ingress: [], egress: [], implicitEgress: g.implicitEgress });
    this.locate(g.id, location);
  }

  hasGroup(id: string): boolean {
    return this.groups.has(id);
  }

  /** Declares one rule with one peer; unresolved parts make it an unresolved rule. */
  addRule(input: RuleInput): void {
    const unknownPart = [input.protocol, input.fromPort, input.toPort].find(isUnknown);
    if (unknownPart || input.peer.kind === 'unknown') {
      this.addUnresolved(input, (unknownPart as Unknown | undefined)?.unknown ?? (input.peer as { reason: string }).reason);
      return;
    }
    let ports;
    try {
      ports = validatePermissionPorts({
        ipProtocol: input.protocol === undefined ? undefined : String(input.protocol),
        fromPort: input.fromPort as number | undefined,
        toPort: input.toPort as number | undefined,
      });
    } catch (e) {
      this.addUnresolved(input, `EC2 would reject this rule: ${(e as Error).message}`);
      return;
    }
    let peer: RulePeer;
    if (input.peer.kind === 'cidr') {
      const cidr = parseCidr(input.peer.text.trim(), input.peer.family);
      if (!cidr) {
        this.addUnresolved(input, `"${input.peer.text}" is not an IPv${input.peer.family} CIDR; EC2 would reject it`);
        return;
      }
      peer = { kind: 'cidr', cidr };
    } else if (input.peer.kind === 'group') {
      peer = { kind: 'group', groupId: input.peer.groupId, ...(input.peer.userId ? { userId: input.peer.userId } : {}) };
    } else {
      peer = { kind: 'prefix-list', prefixListId: input.peer.prefixListId };
    }
    const target = this.groups.get(input.groupId);
    if (!target) {
      this.note(`${input.location.logicalName ?? input.groupId}: the rule's group ${input.groupId} is not in the input; rule skipped`);
      return;
    }
    const identity = { groupId: input.groupId, direction: input.direction, ...ports, peer };
    const ruleId = syntheticRuleId(identity);
    const list = input.direction === 'ingress' ? target.ingress : target.egress;
    if (list.some((r) => r.ruleId === ruleId)) return; // EC2 keeps one copy of a duplicate
    list.push({ ruleId, ...identity, ...(input.description ? { description: input.description } : {}) });
    this.locate(ruleId, input.location);
  }

  private addUnresolved(input: RuleInput, reason: string): void {
    const ruleId = `unresolved-${++this.unresolvedCounter}:${input.location.logicalName ?? input.groupId}${input.location.property ? `.${input.location.property}` : ''}`;
    const known = <T>(v: T | Unknown | undefined): T | undefined => (isUnknown(v) ? undefined : v);
    const protocolText = known(input.protocol);
    let protocol: number | undefined;
    if (protocolText !== undefined) {
      try {
        protocol = validatePermissionPorts({ ipProtocol: String(protocolText), fromPort: 0, toPort: 0 }).protocol;
      } catch {
        protocol = undefined;
      }
    }
    const peer = input.peer.kind === 'unknown' ? undefined : input.peer.kind === 'cidr' ? (parseCidr(input.peer.text, input.peer.family) ? { kind: 'cidr' as const, cidr: parseCidr(input.peer.text, input.peer.family)! } : undefined) : input.peer.kind === 'group' ? { kind: 'group' as const, groupId: input.peer.groupId } : { kind: 'prefix-list' as const, prefixListId: input.peer.prefixListId };
    this.unresolved.push({
      ruleId,
      groupId: input.groupId,
      direction: input.direction,
      ...(protocol !== undefined ? { protocol } : {}),
      ...(known(input.fromPort) !== undefined ? { fromPort: known(input.fromPort) } : {}),
      ...(known(input.toPort) !== undefined ? { toPort: known(input.toPort) } : {}),
      ...(input.peer.kind === 'unknown' ? (input.peer.family ? { family: input.peer.family } : {}) : input.peer.kind === 'cidr' ? { family: input.peer.family } : {}),
      ...(peer ? { peer } : {}),
      reason,
    });
    this.locate(ruleId, input.location);
  }

  addNetworkAcl(id: string, vpcId: string, location: SourceLocation, isDefault = false): void {
    this.acls.set(id, { acl: { networkAclId: id, vpcId, isDefault }, entries: [], declared: [] });
    this.locate(id, location);
  }

  hasNetworkAcl(id: string): boolean {
    return this.acls.has(id);
  }

  addNaclEntry(aclId: string, entry: NetworkAclEntry, location: SourceLocation): void {
    const acl = this.acls.get(aclId);
    if (!acl) {
      this.note(`${location.logicalName}: network ACL ${aclId} is not in the input; entry skipped`);
      return;
    }
    acl.declared.push({ ruleNumber: entry.ruleNumber, egress: entry.egress, location });
    // EC2 keeps one entry per (number, direction); a duplicate is NACL-005's business, the first one is modelled.
    if (!acl.entries.some((e) => e.ruleNumber === entry.ruleNumber && e.egress === entry.egress)) acl.entries.push(entry);
    this.locate(`${aclId}:${entry.egress ? 'egress' : 'ingress'}:${entry.ruleNumber}`, location);
  }

  associateNetworkAcl(subnetId: string, aclId: string): void {
    this.aclBySubnet.set(subnetId, aclId);
  }

  addRouteTable(id: string, vpcId: string, location: SourceLocation, main = false): void {
    this.tables.set(id, { table: { routeTableId: id, vpcId }, routes: [], main });
    this.locate(id, location);
  }

  addRoute(tableId: string, route: Route): void {
    this.tables.get(tableId)?.routes.push(route);
  }

  associateRouteTable(subnetId: string, tableId: string): void {
    this.tableBySubnet.set(subnetId, tableId);
  }

  addInternetGateway(id: string, location: SourceLocation): void {
    if (!this.gateways.has(id)) this.gateways.set(id, new Set());
    this.locate(id, location);
  }

  attachInternetGateway(id: string, vpcId: string): void {
    if (!this.gateways.has(id)) this.gateways.set(id, new Set());
    this.gateways.get(id)!.add(vpcId);
  }

  isInternetGateway(id: string): boolean {
    return this.gateways.has(id) || id.startsWith('igw-');
  }

  addInterface(input: InterfaceInput): void {
    this.interfaces.push(input);
    this.locate(input.id, input.location);
  }

  addPrefixList(list: PrefixList, location: SourceLocation): void {
    this.prefixLists.push(list);
    this.locate(list.prefixListId, location);
  }

  /** A group named by something other than an interface or a rule (launch template, load balancer, …). */
  referenceGroup(id: string): void {
    this.otherReferences.add(id);
  }

  /** Something whose group memberships could not be resolved: "unused" cannot be asserted. */
  unresolvedGroupReference(what: string): void {
    if (!this.unresolvedReferences.includes(what)) this.unresolvedReferences.push(what);
  }

  build(): AuditEstate {
    const vpcs = [...this.vpcs.values()];
    for (const d of vpcs) this.addVpcDefaults(d);
    const securityGroups: SecurityGroup[] = [...this.groups.values()].map(({ group, ingress, egress, implicitEgress }) => {
      const allEgress = [...egress];
      if (implicitEgress) allEgress.push(this.implicitRule(group.groupId, 'egress', { kind: 'cidr', cidr: parseCidr('0.0.0.0/0')! }));
      return { ...group, ingress, egress: allEgress };
    });
    const subnets = [...this.subnets.values()];
    const networkAcls: NetworkAcl[] = [...this.acls.values()].map(({ acl, entries }) => ({
      ...acl,
      entries: [...entries].sort((a, b) => a.ruleNumber - b.ruleNumber),
      associations: subnets
        .filter((s) => (this.aclBySubnet.get(s.subnetId) ?? this.defaultAclOf(s.vpcId)) === acl.networkAclId)
        .map((s) => ({ associationId: `aclassoc:${s.subnetId}`, subnetId: s.subnetId })),
    }));
    const routeTables: RouteTable[] = [...this.tables.values()].map(({ table, routes, main }) => ({
      ...table,
      routes,
      associations: [
        ...(main ? [{ associationId: `rtbassoc:main:${table.routeTableId}`, main: true }] : []),
        ...[...this.tableBySubnet].filter(([, t]) => t === table.routeTableId).map(([subnetId]) => ({ associationId: `rtbassoc:${subnetId}`, subnetId, main: false })),
      ],
    }));
    const internetGateways: InternetGateway[] = [...this.gateways].map(([id, attached]) => ({ internetGatewayId: id, attachedVpcIds: [...attached] }));
    return {
      source: this.source,
      origin: this.origin,
      snapshot: {
        vpcs: vpcs.map((d) => d.vpc),
        subnets,
        securityGroups,
        networkAcls,
        networkInterfaces: this.buildInterfaces(),
        prefixLists: this.prefixLists,
        routeTables,
        internetGateways,
        instances: [],
      },
      locations: this.locations,
      unresolvedRules: this.unresolved,
      implicitRuleIds: this.implicit,
      otherGroupReferences: this.otherReferences,
      unresolvedGroupReferences: this.unresolvedReferences,
      declaredNaclEntries: new Map([...this.acls].map(([id, a]) => [id, a.declared])),
      notes: this.notes,
    };
  }

  private defaultAclOf(vpcId: string): string {
    return this.vpcs.get(vpcId)?.adoptedDefaultAcl ?? `${vpcId}.${DEFAULT_NETWORK_ACL}`;
  }

  private defaultGroupOf(vpcId: string): string {
    return this.vpcs.get(vpcId)?.adoptedDefaultGroup ?? `${vpcId}.${DEFAULT_SECURITY_GROUP}`;
  }

  private addVpcDefaults(d: VpcDraft): void {
    const { vpc, location } = d;
    const ipv6 = vpc.ipv6CidrBlocks.length > 0;
    if (!d.adoptedDefaultGroup) {
      const id = `${vpc.vpcId}.${DEFAULT_SECURITY_GROUP}`;
      if (!this.groups.has(id)) {
        this.addSecurityGroup({ id, name: 'default', description: 'default VPC security group', vpcId: vpc.vpcId, implicitEgress: false }, location);
        const g = this.groups.get(id)!;
        g.ingress.push(this.implicitRule(id, 'ingress', { kind: 'group', groupId: id }));
        g.egress.push(this.implicitRule(id, 'egress', { kind: 'cidr', cidr: parseCidr('0.0.0.0/0')! }));
        if (ipv6) g.egress.push(this.implicitRule(id, 'egress', { kind: 'cidr', cidr: parseCidr('::/0')! }));
      }
    }
    if (!d.adoptedDefaultAcl) {
      const id = `${vpc.vpcId}.${DEFAULT_NETWORK_ACL}`;
      if (!this.acls.has(id)) {
        this.addNetworkAcl(id, vpc.vpcId, location, true);
        const acl = this.acls.get(id)!;
        for (const egress of [false, true]) {
          acl.entries.push({ ruleNumber: 100, egress, action: 'allow', protocol: -1, cidr: parseCidr('0.0.0.0/0')! });
          if (ipv6) acl.entries.push({ ruleNumber: 101, egress, action: 'allow', protocol: -1, cidr: parseCidr('::/0')! });
        }
      }
    }
    if (!d.adoptedMainTable && ![...this.tables.values()].some((t) => t.main && t.table.vpcId === vpc.vpcId)) {
      const id = `${vpc.vpcId}.${MAIN_ROUTE_TABLE}`;
      this.addRouteTable(id, vpc.vpcId, location, true);
    }
    for (const t of this.tables.values()) {
      if (t.table.vpcId !== vpc.vpcId) continue;
      // Every route table of a VPC has the local routes for its CIDRs (EC2 adds them; they cannot be removed).
      for (const c of [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks]) {
        if (!t.routes.some((r) => 'text' in r.destination && r.destination.text === c.text && r.target.kind === 'local')) t.routes.unshift({ destination: c, target: { kind: 'local' }, active: true });
      }
    }
  }

  private implicitRule(groupId: string, direction: Direction, peer: RulePeer): SecurityGroupRule {
    const identity = { groupId, direction, protocol: -1, fromPort: -1, toPort: -1, peer };
    const rule = { ruleId: syntheticRuleId(identity), ...identity };
    this.implicit.add(rule.ruleId);
    return rule;
  }

  private buildInterfaces(): NetworkInterface[] {
    const out: NetworkInterface[] = [];
    const usedBySubnet = new Map<string, number>();
    let publicCounter = 0;
    for (const input of this.interfaces) {
      const subnet = this.subnets.get(input.subnetId);
      if (!subnet) {
        this.note(`${input.location.logicalName ?? input.id}: its subnet ${input.subnetId} is not in the input; the interface is not placed (its groups count as used)`);
        for (const g of input.groupIds ?? []) this.otherReferences.add(g);
        continue;
      }
      const n = (usedBySubnet.get(subnet.subnetId) ?? 0) + 1;
      usedBySubnet.set(subnet.subnetId, n);
      const given = input.privateIp ? parseIp(input.privateIp) : undefined;
      // EC2 reserves the first four addresses of a subnet; stand-ins start after them.
      const privateIp: IpAddress = given ?? bigToAddress(4, cidrInterval(subnet.cidr)[0] + 3n + BigInt(n));
      const ipv6: IpAddress[] = [];
      for (let i = 0; i < input.ipv6Count && subnet.ipv6Cidrs.length > 0; i++) ipv6.push(bigToAddress(6, cidrInterval(subnet.ipv6Cidrs[0])[0] + BigInt(n * 16 + i + 4)));
      if (input.groupsUnresolved) this.unresolvedGroupReference(`${input.location.logicalName ?? input.id} (${input.groupsUnresolved})`);
      out.push({
        networkInterfaceId: input.id,
        subnetId: subnet.subnetId,
        vpcId: subnet.vpcId,
        privateIps: [privateIp],
        ipv6Addresses: ipv6,
        ...(input.publicIp ? { publicIp: bigToAddress(4, STAND_IN_PUBLIC + BigInt(++publicCounter)) } : {}),
        groupIds: input.groupIds && input.groupIds.length > 0 ? input.groupIds : input.groupsUnresolved ? [] : [this.defaultGroupOf(subnet.vpcId)],
        ...(input.instanceId ? { instanceId: input.instanceId } : {}),
        connectionTracking: DEFAULT_CONNECTION_TRACKING,
        sourceDestCheck: true,
        description: 'planned interface (addresses are stand-ins until launch)',
      });
    }
    return out;
  }
}

function cidrList(texts: readonly string[], family: 4 | 6): Cidr[] {
  return texts.map((t) => parseCidr(t, family)).filter((c): c is Cidr => c !== undefined);
}
