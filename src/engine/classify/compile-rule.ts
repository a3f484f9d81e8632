/**
 * One `SecurityGroupRule` → one packed record (layout in rule-pool.ts), following docs/semantics.md §3:
 * protocol 6/17 check the destination port against [fromPort, toPort]; 1/58 check ICMP type = fromPort and
 * code = toPort with -1 wildcards; -1 and every other protocol check no port (aws-semantics.md §4.5, §4.6).
 */
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { isWholeFamily } from '../../core/net/cidr.ts';
import { hasPorts } from '../../core/net/protocol.ts';
import type { Cidr6Pool } from './cidr6-pool.ts';
import {
  PEER_ANY4,
  PEER_ANY6,
  PEER_CIDR4,
  PEER_CIDR6,
  PEER_GROUP,
  PEER_PREFIX_LIST,
  RULE_STRIDE,
  R_HI,
  R_LO,
  R_PEER,
  R_PEER_A,
  R_PEER_B,
  R_PROTOCOL,
} from './rule-pool.ts';

export interface PeerSlots {
  groupSlot(groupId: string): number;
  prefixListSlot(prefixListId: string): number;
  readonly cidr6: Cidr6Pool;
}

export function writeRuleRecord(data: Int32Array, ruleSlot: number, rule: SecurityGroupRule, peers: PeerSlots): void {
  const o = ruleSlot * RULE_STRIDE;
  data[o + R_PROTOCOL] = rule.protocol;
  data[o + R_LO] = rule.fromPort;
  data[o + R_HI] = rule.toPort;
  data[o + R_PEER_A] = 0;
  data[o + R_PEER_B] = 0;
  const peer = rule.peer;
  switch (peer.kind) {
    case 'cidr':
      if (isWholeFamily(peer.cidr)) {
        data[o + R_PEER] = peer.cidr.family === 4 ? PEER_ANY4 : PEER_ANY6;
      } else if (peer.cidr.family === 4) {
        data[o + R_PEER] = PEER_CIDR4;
        data[o + R_PEER_A] = peer.cidr.words[0];
        data[o + R_PEER_B] = peer.cidr.mask[0];
      } else {
        data[o + R_PEER] = PEER_CIDR6;
        data[o + R_PEER_A] = peers.cidr6.add(peer.cidr);
      }
      break;
    case 'group':
      data[o + R_PEER] = PEER_GROUP;
      data[o + R_PEER_A] = peers.groupSlot(peer.groupId);
      break;
    case 'prefix-list':
      data[o + R_PEER] = PEER_PREFIX_LIST;
      data[o + R_PEER_A] = peers.prefixListSlot(peer.prefixListId);
      break;
  }
}

/** Undoes what the record holds outside the pool (its IPv6 CIDR slot). */
export function releaseRuleRecord(data: Int32Array, ruleSlot: number, cidr6: Cidr6Pool): void {
  const o = ruleSlot * RULE_STRIDE;
  if (data[o + R_PEER] === PEER_CIDR6) cidr6.release(data[o + R_PEER_A]);
}

/** True when the rule opens all ports 0–65535 of protocol -1, TCP or UDP to a whole-family CIDR (§5.3, part b). */
export function isOpenToEverything(rule: SecurityGroupRule): boolean {
  if (rule.peer.kind !== 'cidr' || !isWholeFamily(rule.peer.cidr)) return false;
  if (rule.protocol === -1) return true;
  return hasPorts(rule.protocol) && rule.fromPort <= 0 && rule.toPort >= 65535;
}
