/**
 * The compiled security-group state, kept current by incremental updates (performance.md §4 "Design consequences"):
 * rules packed per group and direction in the rule pool, interfaces as lists of group slots, group references as
 * member-address sets, prefix lists as entry lists resolved at lookup, and a reverse index from a group to the rules
 * that reference it. Every update costs the size of what changed: a group's slice is rewritten from that group's
 * rules; an interface's membership change adds and removes its addresses in its groups' sets.
 */
import type { NetworkInterface, PrefixList } from '../../core/model/network.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import type { SecurityGroupMatch } from '../decision.ts';
import { Cidr6Pool } from './cidr6-pool.ts';
import { isOpenToEverything, releaseRuleRecord, writeRuleRecord, type PeerSlots } from './compile-rule.ts';
import { GroupTable, openFlag, wholeFamilyFlag, type DirectionIndex } from './group-table.ts';
import { isWholeFamily } from '../../core/net/cidr.ts';
import { InterfaceTable, MAX_GROUPS_PER_INTERFACE } from './interface-table.ts';
import { MemberAddresses } from './member-addresses.ts';
import { PrefixListTable } from './prefix-list-table.ts';
import { sameAddresses } from '../estate/same-addresses.ts';
import { PEER_GROUP, RULE_STRIDE, R_PEER, R_PEER_A, RulePool } from './rule-pool.ts';

export class SecurityGroupIndex implements PeerSlots {
  readonly groups = new GroupTable();
  readonly pool: RulePool;
  readonly cidr6 = new Cidr6Pool();
  readonly members = new MemberAddresses();
  readonly prefixLists = new PrefixListTable();
  readonly interfaces = new InterfaceTable();
  /** Referenced group slot → rules (by the model object) whose peer it is; a group has few, so an array does. */
  private readonly referencedBy = new Map<number, SecurityGroupRule[]>();
  /** Scratch for regroupInterface: an interface's group slots before the change, and after. */
  private readonly scratchGroupSlots = new Int32Array(MAX_GROUPS_PER_INTERFACE);
  private readonly scratchSlotList: number[] = [];

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
    this.releaseSlice(k);
    if (this.pool.wantsCompaction) this.pool.compact(this.groups.sliceStart, this.groups.sliceCount, this.groups.size * 2);
    const start = this.pool.allocate(rules.length);
    const data = this.pool.data;
    let open = 0;
    for (let i = 0; i < rules.length; i++) {
      // The stored rule is the explanation: make sure it names the group it is compiled into.
      const rule = rules[i].groupId === groupId ? rules[i] : { ...rules[i], groupId };
      const slot = start + i;
      writeRuleRecord(data, slot, rule, this);
      this.pool.rules[slot] = rule;
      if (rule.peer.kind === 'group') this.referencesTo(data[slot * RULE_STRIDE + R_PEER_A]).push(rule);
      if (rule.peer.kind === 'cidr' && isWholeFamily(rule.peer.cidr)) {
        open |= wholeFamilyFlag(rule.peer.cidr.family);
        if (isOpenToEverything(rule)) open |= openFlag(rule.peer.cidr.family, rule.protocol);
      }
    }
    this.groups.sliceStart[k] = start;
    this.groups.sliceCount[k] = rules.length;
    this.groups.trackingFlags[k] = open;
  }

  /** Sets (or replaces) an interface: its group list, timeouts and group memberships. */
  setInterface(eni: NetworkInterface, previous: NetworkInterface | undefined, sameAddressesAsBefore = false): number {
    if (previous && (sameAddressesAsBefore || sameAddresses(previous, eni))) return this.regroupInterface(eni, previous);
    const groupSlots = eni.groupIds.map((g) => this.groups.slotFor(g));
    if (previous) this.changeMembership(previous, previous.groupIds.map((g) => this.groups.slotFor(g)), false);
    const slot = this.interfaces.set(eni, groupSlots);
    this.changeMembership(eni, groupSlots, true);
    return slot;
  }

  /**
   * A group-only change (same addresses): only the groups left or joined change their member sets, O(groups
   * changed) (performance.md §4 G9). The slots of the groups kept come from the interface table (its list is in
   * `previous.groupIds` order), so only a joined group costs a lookup by id: at 100k rules the id → slot `Map` misses
   * the cache and was most of the cost of a change.
   */
  private regroupInterface(eni: NetworkInterface, previous: NetworkInterface): number {
    // Allocation-free apart from the interface table's own work: a change allocating a few arrays and closures
    // showed up in the p99 as young-generation collections.
    const interfaces = this.interfaces;
    const at = interfaces.slotOf(eni.networkInterfaceId);
    const start = interfaces.listStart[at];
    const before = this.scratchGroupSlots;
    for (let k = 0; k < interfaces.groupCount[at]; k++) before[k] = interfaces.groupLists[start + k];
    const was = previous.groupIds;
    const now = eni.groupIds;
    for (let k = 0; k < was.length; k++) if (!now.includes(was[k])) this.changeGroupMembership(previous, before[k], false);
    const slots = this.scratchSlotList;
    slots.length = 0;
    for (const g of now) {
      const k = was.indexOf(g);
      slots.push(k >= 0 ? before[k] : this.groups.slotFor(g));
    }
    const slot = interfaces.set(eni, slots);
    for (let k = 0; k < now.length; k++) if (!was.includes(now[k])) this.changeGroupMembership(eni, slots[k], true);
    return slot;
  }

  removeInterface(eni: NetworkInterface): void {
    this.changeMembership(eni, eni.groupIds.map((g) => this.groups.slotFor(g)), false);
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
    return refs ? refs.map((r) => ({ groupId: r.groupId, ruleId: r.ruleId })) : [];
  }

  /** The model rule a rule slot holds (its groupId and ruleId explain a match); valid until the next update. */
  ruleObjectAt(ruleSlot: number): SecurityGroupRule {
    const rule = this.pool.rules[ruleSlot];
    if (rule === undefined) throw new RangeError(`rule slot ${ruleSlot} holds no rule`);
    return rule;
  }

  ruleAt(ruleSlot: number): SecurityGroupMatch {
    const rule = this.ruleObjectAt(ruleSlot);
    return { groupId: rule.groupId, ruleId: rule.ruleId };
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

  private releaseSlice(k: number): void {
    const start = this.groups.sliceStart[k];
    const count = this.groups.sliceCount[k];
    const data = this.pool.data;
    for (let slot = start; slot < start + count; slot++) {
      releaseRuleRecord(data, slot, this.cidr6);
      if (data[slot * RULE_STRIDE + R_PEER] === PEER_GROUP) this.forgetReference(data[slot * RULE_STRIDE + R_PEER_A], this.pool.rules[slot]!);
    }
    this.pool.release(start, count);
    this.groups.sliceStart[k] = -1;
    this.groups.sliceCount[k] = 0;
    this.groups.trackingFlags[k] = 0;
  }

  private referencesTo(groupSlot: number): SecurityGroupRule[] {
    let refs = this.referencedBy.get(groupSlot);
    if (!refs) this.referencedBy.set(groupSlot, (refs = []));
    return refs;
  }

  private forgetReference(groupSlot: number, rule: SecurityGroupRule): void {
    const refs = this.referencedBy.get(groupSlot);
    const at = refs ? refs.indexOf(rule) : -1;
    if (at < 0) return;
    refs![at] = refs![refs!.length - 1];
    refs!.pop();
  }

  private changeMembership(eni: NetworkInterface, groupSlots: readonly number[], add: boolean): void {
    for (const g of groupSlots) this.changeGroupMembership(eni, g, add);
  }

  private changeGroupMembership(eni: NetworkInterface, g: number, add: boolean): void {
    // Member addresses: private IPv4 (primary and secondary) and IPv6, never the public address (§4.8, §4.10).
    for (const ip of eni.privateIps) {
      if (add) this.members.add(g, ip);
      else this.members.remove(g, ip);
    }
    for (const ip of eni.ipv6Addresses) {
      if (add) this.members.add(g, ip);
      else this.members.remove(g, ip);
    }
  }
}
