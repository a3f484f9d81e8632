/**
 * The compiled security-group state, kept current by incremental updates (performance.md §4 "Design consequences"):
 * rules packed per group and direction in the rule pool, interfaces as lists of group slots, group references as
 * member-address sets, prefix lists as entry lists resolved at lookup, and a reverse index from a group to the rules
 * that reference it. Every update costs the size of what changed: a group's slice is rewritten from that group's
 * rules; an interface's membership change adds and removes its addresses in its groups' sets.
 */
import type { NetworkInterface, PrefixList } from '../../core/model/network.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import type { IpAddress } from '../../core/net/ip.ts';
import type { SecurityGroupMatch } from '../decision.ts';
import { Cidr6Pool } from './cidr6-pool.ts';
import { isOpenToEverything, releaseRuleRecord, writeRuleRecord, type PeerSlots } from './compile-rule.ts';
import { GroupTable, openFlag, type DirectionIndex } from './group-table.ts';
import { InterfaceTable } from './interface-table.ts';
import { MemberAddresses } from './member-addresses.ts';
import { PrefixListTable } from './prefix-list-table.ts';
import { PEER_GROUP, RULE_STRIDE, R_PEER, R_PEER_A, RulePool } from './rule-pool.ts';

export class SecurityGroupIndex implements PeerSlots {
  readonly groups = new GroupTable();
  readonly pool: RulePool;
  readonly cidr6 = new Cidr6Pool();
  readonly members = new MemberAddresses();
  readonly prefixLists = new PrefixListTable();
  readonly interfaces = new InterfaceTable();
  /** Referenced group slot → "owner/rule" → the referencing rule. */
  private readonly referencedBy = new Map<number, Map<string, SecurityGroupMatch>>();

  constructor(options: { minGarbageToCompact?: number } = {}) {
    this.pool = new RulePool(1024, options.minGarbageToCompact);
  }

  groupSlot(groupId: string): number {
    return this.groups.slotFor(groupId);
  }

  prefixListSlot(prefixListId: string): number {
    return this.prefixLists.slotFor(prefixListId);
  }

  /** Rewrites one direction of one group from its rules, in their order. */
  setGroupRules(groupId: string, direction: DirectionIndex, rules: readonly SecurityGroupRule[]): void {
    const groupSlot = this.groups.slotFor(groupId);
    const k = groupSlot * 2 + direction;
    this.releaseSlice(groupId, k);
    if (this.pool.wantsCompaction) this.pool.compact(this.groups.sliceStart, this.groups.sliceCount, this.groups.size * 2);
    const start = this.pool.allocate(rules.length);
    const data = this.pool.data;
    let open = 0;
    rules.forEach((rule, i) => {
      const slot = start + i;
      writeRuleRecord(data, slot, rule, this);
      this.pool.ownerGroup[slot] = groupSlot;
      this.pool.ruleIds[slot] = rule.ruleId;
      if (rule.peer.kind === 'group') this.addReference(rule.peer.groupId, groupId, rule.ruleId);
      if (isOpenToEverything(rule) && rule.peer.kind === 'cidr') open |= openFlag(rule.peer.cidr.family, rule.protocol);
    });
    this.groups.sliceStart[k] = start;
    this.groups.sliceCount[k] = rules.length;
    this.groups.openFlags[k] = open;
  }

  /** Sets (or replaces) an interface: its group list, timeouts and group memberships. */
  setInterface(eni: NetworkInterface, previous: NetworkInterface | undefined): number {
    if (previous) this.changeMembership(previous, -1);
    const slot = this.interfaces.set(
      eni,
      eni.groupIds.map((g) => this.groups.slotFor(g)),
    );
    this.changeMembership(eni, +1);
    return slot;
  }

  removeInterface(eni: NetworkInterface): void {
    this.changeMembership(eni, -1);
    this.interfaces.remove(eni.networkInterfaceId);
  }

  setPrefixList(list: PrefixList): void {
    this.prefixLists.set(list);
  }

  clearPrefixList(prefixListId: string): void {
    this.prefixLists.clear(prefixListId);
  }

  /** The rules (of any group) whose peer is this group. */
  rulesReferencing(groupId: string): SecurityGroupMatch[] {
    const slot = this.groups.slotOf(groupId);
    const refs = slot === undefined ? undefined : this.referencedBy.get(slot);
    return refs ? [...refs.values()] : [];
  }

  /** The (groupId, ruleId) a rule slot holds; valid until the next change to that group. */
  ruleAt(ruleSlot: number): SecurityGroupMatch {
    const ruleId = this.pool.ruleIds[ruleSlot];
    if (ruleId === undefined) throw new RangeError(`rule slot ${ruleSlot} holds no rule`);
    return { groupId: this.groups.idOf(this.pool.ownerGroup[ruleSlot]), ruleId };
  }

  /** Bytes of every typed structure behind the classifier (not the model objects). */
  get byteLength(): number {
    return (
      this.pool.byteLength +
      this.cidr6.byteLength +
      this.groups.byteLength +
      this.interfaces.byteLength +
      this.members.byteLength +
      this.prefixLists.byteLength
    );
  }

  private releaseSlice(groupId: string, k: number): void {
    const start = this.groups.sliceStart[k];
    const count = this.groups.sliceCount[k];
    const data = this.pool.data;
    for (let slot = start; slot < start + count; slot++) {
      releaseRuleRecord(data, slot, this.cidr6);
      if (data[slot * RULE_STRIDE + R_PEER] === PEER_GROUP) {
        this.referencedBy.get(data[slot * RULE_STRIDE + R_PEER_A])?.delete(referenceKey(groupId, this.pool.ruleIds[slot]!));
      }
    }
    this.pool.release(start, count);
    this.groups.sliceStart[k] = -1;
    this.groups.sliceCount[k] = 0;
    this.groups.openFlags[k] = 0;
  }

  private addReference(referencedGroupId: string, groupId: string, ruleId: string): void {
    const slot = this.groups.slotFor(referencedGroupId);
    let refs = this.referencedBy.get(slot);
    if (!refs) this.referencedBy.set(slot, (refs = new Map()));
    refs.set(referenceKey(groupId, ruleId), { groupId, ruleId });
  }

  private changeMembership(eni: NetworkInterface, delta: 1 | -1): void {
    // Member addresses: private IPv4 (primary and secondary) and IPv6, never the public address (§4.8, §4.10).
    const addresses: readonly IpAddress[] = eni.ipv6Addresses.length === 0 ? eni.privateIps : [...eni.privateIps, ...eni.ipv6Addresses];
    for (const groupId of eni.groupIds) {
      const g = this.groups.slotFor(groupId);
      for (const ip of addresses) {
        if (delta > 0) this.members.add(g, ip);
        else this.members.remove(g, ip);
      }
    }
  }
}

function referenceKey(groupId: string, ruleId: string): string {
  return `${groupId}\u0000${ruleId}`;
}
