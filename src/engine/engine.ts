/**
 * The engine facade: builds the compiled state from a snapshot, decides flows with their explanation (stateless
 * `decide`, stateful `process`), and applies incremental updates whose cost is the size of the change.
 *
 * Exact semantics: docs/semantics.md. Design and measured figures: docs/engine.md.
 */
import { ec2Error } from '../core/errors/ec2-error.ts';
import type { NetworkAcl } from '../core/model/network-acl.ts';
import type { InternetGateway, NetworkInterface, PrefixList, RouteTable, Subnet, Vpc } from '../core/model/network.ts';
import type { SecurityGroup, SecurityGroupRule } from '../core/model/security-group.ts';
import type { Snapshot } from '../core/model/snapshot.ts';
import { NO_MATCH, SecurityGroupClassifier } from './classify/classifier.ts';
import { EGRESS, INGRESS, type DirectionIndex } from './classify/group-table.ts';
import { SecurityGroupIndex } from './classify/security-group-index.ts';
import { MAX_GROUPS_PER_INTERFACE } from './classify/interface-table.ts';
import { ADMITTED_BY_CONNTRACK, ConnectionTracker } from './conntrack/connection-tracker.ts';
import type { Decision, SecurityGroupMatch, StageResult } from './decision.ts';
import { Estate } from './estate/estate.ts';
import { sameAddresses } from './estate/same-addresses.ts';
import type { Flow } from './flow.ts';
import { NetworkAclTable, type PackedNetworkAcl } from './nacl/nacl-table.ts';
import { locate, walkPath, type PathContext, type SecurityGroupStage } from './path/walk-path.ts';
import type { IpAddress } from '../core/net/ip.ts';

export interface EngineOptions {
  /** Clock in seconds for connection tracking; default `Date.now() / 1000`. */
  now?: () => number;
  /** Expected number of tracked IPv4 connections, to presize the table (it grows as needed; default 1024). */
  expectedConnections?: number;
}

export class Engine {
  /** The numeric security-group classifier (see docs/engine.md for its use in benchmarks). */
  readonly classifier: SecurityGroupClassifier;
  /** Connection tracking for `process`. */
  readonly tracker: ConnectionTracker;
  private readonly estate: Estate;
  private readonly index = new SecurityGroupIndex();
  private readonly nacls = new NetworkAclTable();
  private readonly now: () => number;
  private readonly statelessPath: PathContext;
  private readonly statefulPath: PathContext;

  private constructor(estate: Estate, options: EngineOptions) {
    this.estate = estate;
    this.now = options.now ?? (() => Date.now() / 1000);
    this.classifier = new SecurityGroupClassifier(this.index);
    this.tracker = new ConnectionTracker(this.classifier, this.index.interfaces, options.expectedConnections);
    this.statelessPath = { estate, nacls: this.nacls, securityGroupStage: this.statelessStage };
    this.statefulPath = { estate, nacls: this.nacls, securityGroupStage: this.statefulStage };
  }

  static fromSnapshot(snapshot: Snapshot, options: EngineOptions = {}): Engine {
    const engine = new Engine(Estate.fromSnapshot(snapshot), options);
    const { estate, index } = engine;
    let rules = 0;
    for (const group of estate.securityGroups.values()) rules += group.ingress.length + group.egress.length;
    index.pool.reserve(rules + (rules >> 4));
    let memberships = 0;
    let addresses = 0;
    const enis = estate.networkInterfaces.values();
    for (const eni of enis) {
      memberships += eni.groupIds.length;
      addresses += eni.groupIds.length * eni.privateIps.length;
    }
    index.interfaces.reserve(enis.length, memberships);
    index.members.reserve(addresses);
    for (const list of estate.prefixLists.values()) index.setPrefixList(list);
    for (const group of estate.securityGroups.values()) {
      index.setGroupRules(group.groupId, INGRESS, group.ingress);
      index.setGroupRules(group.groupId, EGRESS, group.egress);
    }
    for (const eni of estate.networkInterfaces.values()) index.setInterface(eni, undefined);
    for (const acl of estate.networkAcls.values()) engine.nacls.set(acl);
    return engine;
  }

  /** Stateless: every packet judged as the first of its connection (docs/semantics.md §1–§4). */
  decide(flow: Flow): Decision {
    return walkPath(this.statelessPath, flow);
  }

  /** Stateful: per-interface connection tracking (§5), time from `options.now`. */
  process(flow: Flow): Decision {
    return walkPath(this.statefulPath, flow);
  }

  // ---- numeric access for benchmarks and tools -------------------------------------------------------------------

  /** The slot of an interface for `classifier.classify` / `tracker.admit`, or -1. */
  interfaceSlot(networkInterfaceId: string): number {
    return this.index.interfaces.slotOf(networkInterfaceId);
  }

  /** The (groupId, ruleId) behind a rule slot returned by the classifier; valid until that group changes. */
  ruleAt(ruleSlot: number): SecurityGroupMatch {
    return this.index.ruleAt(ruleSlot);
  }

  /** `ruleAt` without allocating: the rule id, and the group id, of a rule slot. */
  ruleIdAt(ruleSlot: number): string {
    return this.index.pool.rules[ruleSlot]!.ruleId;
  }

  groupIdAt(ruleSlot: number): string {
    return this.index.pool.rules[ruleSlot]!.groupId;
  }

  /** The model rule behind a rule slot (no allocation); valid until the next update. */
  ruleObjectAt(ruleSlot: number): SecurityGroupRule {
    return this.index.ruleObjectAt(ruleSlot);
  }

  /** The packed entries of an ACL (for `evaluateNetworkAcl`). */
  networkAclEntries(networkAclId: string): PackedNetworkAcl | undefined {
    return this.nacls.get(networkAclId);
  }

  /** The ACL a subnet uses: its associated ACL, else its VPC's default ACL (docs/semantics.md §4). */
  networkAclFor(subnetId: string): string | undefined {
    const subnet = this.estate.subnets.get(subnetId);
    return this.estate.aclBySubnet.resolve(subnetId) ?? (subnet ? this.estate.defaultAclByVpc.resolve(subnet.vpcId) : undefined);
  }

  /** The route table a subnet uses: its associated table, else its VPC's main table (docs/semantics.md §2). */
  routeTableFor(subnetId: string): string | undefined {
    const subnet = this.estate.subnets.get(subnetId);
    return this.estate.routeTableBySubnet.resolve(subnetId) ?? (subnet ? this.estate.mainRouteTableByVpc.resolve(subnet.vpcId) : undefined);
  }

  /** The interface an address belongs to (docs/semantics.md §1), and whether through its public address. */
  interfaceAt(address: IpAddress): { networkInterfaceId: string; viaPublic: boolean } | undefined {
    const located = locate(this.estate, address);
    return located && { networkInterfaceId: located.eni.networkInterfaceId, viaPublic: located.viaPublic };
  }

  /** Rules of any group whose peer is the group `groupId` (the reverse index). */
  rulesReferencing(groupId: string): SecurityGroupMatch[] {
    return this.index.rulesReferencing(groupId);
  }

  /** Bytes of the compiled security-group structures, and the number of rules they hold. */
  indexSize(): { bytes: number; rules: number } {
    return { bytes: this.index.byteLength, rules: this.index.pool.liveRules };
  }

  // ---- incremental updates ---------------------------------------------------------------------------------------

  upsertSecurityGroup(group: SecurityGroup): void {
    this.estate.securityGroups.set(group.groupId, group);
    this.index.setGroupRules(group.groupId, INGRESS, group.ingress);
    this.index.setGroupRules(group.groupId, EGRESS, group.egress);
  }

  removeSecurityGroup(groupId: string): void {
    if (!this.estate.securityGroups.delete(groupId)) throw ec2Error('InvalidGroup.NotFound', groupId);
    this.index.setGroupRules(groupId, INGRESS, []);
    this.index.setGroupRules(groupId, EGRESS, []);
  }

  /** Adds a rule to its group, or replaces the group's rule with the same id. */
  addRule(rule: SecurityGroupRule): void {
    const group = this.estate.securityGroups.get(rule.groupId);
    if (!group) throw ec2Error('InvalidGroup.NotFound', rule.groupId);
    const same = rule.direction === 'ingress' ? group.ingress : group.egress;
    const other = rule.direction === 'ingress' ? group.egress : group.ingress;
    const at = same.findIndex((r) => r.ruleId === rule.ruleId);
    const nextSame = at >= 0 ? same.map((r, i) => (i === at ? rule : r)) : [...same, rule];
    const nextOther = other.some((r) => r.ruleId === rule.ruleId) ? other.filter((r) => r.ruleId !== rule.ruleId) : other;
    const ingress = rule.direction === 'ingress' ? nextSame : nextOther;
    const egress = rule.direction === 'ingress' ? nextOther : nextSame;
    this.estate.securityGroups.set(group.groupId, { ...group, ingress, egress });
    if (ingress !== group.ingress) this.index.setGroupRules(group.groupId, INGRESS, ingress);
    if (egress !== group.egress) this.index.setGroupRules(group.groupId, EGRESS, egress);
  }

  removeRule(groupId: string, ruleId: string): void {
    const group = this.estate.securityGroups.get(groupId);
    if (!group) throw ec2Error('InvalidGroup.NotFound', groupId);
    const ingress = group.ingress.filter((r) => r.ruleId !== ruleId);
    const egress = group.egress.filter((r) => r.ruleId !== ruleId);
    if (ingress.length === group.ingress.length && egress.length === group.egress.length) {
      throw ec2Error('InvalidSecurityGroupRuleId.NotFound', ruleId);
    }
    this.estate.securityGroups.set(groupId, { ...group, ingress, egress });
    if (ingress.length !== group.ingress.length) this.index.setGroupRules(groupId, INGRESS, ingress);
    if (egress.length !== group.egress.length) this.index.setGroupRules(groupId, EGRESS, egress);
  }

  upsertInterface(eni: NetworkInterface): void {
    // Checked before anything changes, so a refused update leaves the engine as it was.
    if (eni.groupIds.length > MAX_GROUPS_PER_INTERFACE) throw ec2Error('SecurityGroupsPerInterfaceLimitExceeded');
    // Compared once here: a group-only change (the common ModifyNetworkInterfaceAttribute) skips the address work.
    const stored = this.estate.networkInterfaces.get(eni.networkInterfaceId);
    const sameAddressesAsBefore = stored !== undefined && sameAddresses(stored, eni);
    const previous = this.estate.setInterface(eni, sameAddressesAsBefore);
    this.index.setInterface(eni, previous, sameAddressesAsBefore);
  }

  removeInterface(networkInterfaceId: string): void {
    const previous = this.estate.deleteInterface(networkInterfaceId);
    if (!previous) throw ec2Error('InvalidNetworkInterfaceID.NotFound', networkInterfaceId);
    this.index.removeInterface(previous);
  }

  upsertPrefixList(list: PrefixList): void {
    this.estate.prefixLists.set(list.prefixListId, list);
    this.index.setPrefixList(list);
  }

  removePrefixList(prefixListId: string): void {
    if (!this.estate.prefixLists.delete(prefixListId)) throw ec2Error('InvalidPrefixListID.NotFound', prefixListId);
    this.index.clearPrefixList(prefixListId);
  }

  upsertNetworkAcl(acl: NetworkAcl): void {
    this.estate.setNetworkAcl(acl);
    this.nacls.set(acl);
  }

  removeNetworkAcl(networkAclId: string): void {
    if (!this.estate.deleteNetworkAcl(networkAclId)) throw ec2Error('InvalidNetworkAclID.NotFound', networkAclId);
    this.nacls.delete(networkAclId);
  }

  upsertSubnet(subnet: Subnet): void {
    this.estate.subnets.set(subnet.subnetId, subnet);
  }

  removeSubnet(subnetId: string): void {
    if (!this.estate.subnets.delete(subnetId)) throw ec2Error('InvalidSubnetID.NotFound', subnetId);
  }

  upsertVpc(vpc: Vpc): void {
    this.estate.vpcs.set(vpc.vpcId, vpc);
  }

  removeVpc(vpcId: string): void {
    if (!this.estate.vpcs.delete(vpcId)) throw ec2Error('InvalidVpcID.NotFound', vpcId);
  }

  upsertRouteTable(table: RouteTable): void {
    this.estate.setRouteTable(table);
  }

  removeRouteTable(routeTableId: string): void {
    if (!this.estate.deleteRouteTable(routeTableId)) throw ec2Error('InvalidRouteTableID.NotFound', routeTableId);
  }

  upsertInternetGateway(gateway: InternetGateway): void {
    this.estate.internetGateways.set(gateway.internetGatewayId, gateway);
  }

  removeInternetGateway(internetGatewayId: string): void {
    if (!this.estate.internetGateways.delete(internetGatewayId)) throw ec2Error('InvalidInternetGatewayID.NotFound', internetGatewayId);
  }

  /** The model as it stands after updates, in snapshot order. */
  snapshot(): Snapshot {
    return this.estate.snapshot();
  }

  // ---- security-group stages ---------------------------------------------------------------------------------------

  private readonly statelessStage: SecurityGroupStage = (eni, direction, _local, remote, localPort, remotePort, flow) => {
    const iface = this.index.interfaces.slotOf(eni.networkInterfaceId);
    const dstPort = direction === EGRESS ? remotePort : localPort;
    const srcPort = direction === EGRESS ? localPort : remotePort;
    const w = remote.words;
    const rule = this.classifier.classify(iface, direction, remote.family, w[0], w[1], w[2], w[3], flow.protocol, dstPort, flow.icmpType, flow.icmpCode);
    if (rule === NO_MATCH) return sgResult(eni, direction, 'default-deny');
    const untracked = this.classifier.isUntracked(iface, direction, remote.family, flow.protocol, srcPort, dstPort, rule);
    return sgResult(eni, direction, 'rule', this.index.ruleAt(rule), !untracked);
  };

  private readonly statefulStage: SecurityGroupStage = (eni, direction, local, remote, localPort, remotePort, flow) => {
    const iface = this.index.interfaces.slotOf(eni.networkInterfaceId);
    const verdict = this.tracker.admit(
      iface,
      direction,
      remote.family,
      local.words,
      remote.words,
      flow.protocol,
      localPort,
      remotePort,
      flow.icmpType,
      flow.icmpCode,
      this.now(),
    );
    if (verdict === ADMITTED_BY_CONNTRACK) return sgResult(eni, direction, 'conntrack', undefined, true);
    if (verdict === NO_MATCH) return sgResult(eni, direction, 'default-deny');
    return sgResult(eni, direction, 'rule', this.index.ruleAt(verdict), this.tracker.lastTracked);
  };
}

function sgResult(
  eni: NetworkInterface,
  direction: DirectionIndex,
  reason: 'rule' | 'conntrack' | 'default-deny',
  match?: SecurityGroupMatch,
  tracked?: boolean,
): StageResult {
  const kind = direction === EGRESS ? 'sg-egress' : 'sg-ingress';
  const base = { kind, allowed: reason !== 'default-deny', networkInterfaceId: eni.networkInterfaceId, reason } as const;
  if (reason === 'default-deny') return base;
  return match ? { ...base, match, tracked } : { ...base, tracked };
}

const engines = new WeakMap<Snapshot, Engine>();

/** Stateless decision on a snapshot; the compiled engine is cached per snapshot object. */
export function decide(snapshot: Snapshot, flow: Flow): Decision {
  let engine = engines.get(snapshot);
  if (!engine) engines.set(snapshot, (engine = Engine.fromSnapshot(snapshot)));
  return engine.decide(flow);
}

