/**
 * Stable `sgr-` ids for rules read from describe-security-groups, which predates rule ids and does not print them.
 * The id is a hash of the rule's identity (group, direction, protocol, ports, peer; aws-semantics.md §4.15), so the
 * same input always yields the same ids and an explanation can name the rule again tomorrow. Real ids come from a
 * describe-security-group-rules document when one is given.
 *
 * Pure arithmetic (core may not import node:crypto): two 32-bit FNV-1a lanes with different offsets, each finished
 * with murmur3's avalanche, give 64 bits; EC2's ids are `sgr-` + 17 hex digits and in practice start with 0.
 */
import type { Direction, RulePeer } from '../model/security-group.ts';

export interface RuleIdentity {
  readonly groupId: string;
  readonly direction: Direction;
  readonly protocol: number;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: RulePeer;
}

export function syntheticRuleId(rule: RuleIdentity): string {
  const key = `${rule.groupId}|${rule.direction}|${rule.protocol}|${rule.fromPort}|${rule.toPort}|${peerKey(rule.peer)}`;
  return `sgr-0${hex32(fnv1a(key, 0x811c9dc5))}${hex32(fnv1a(key, 0x01000193 ^ 0x9e3779b9))}`;
}

export function peerKey(peer: RulePeer): string {
  switch (peer.kind) {
    case 'cidr':
      return `cidr:${peer.cidr.text}`;
    case 'group':
      return `group:${peer.groupId}`;
    case 'prefix-list':
      return `pl:${peer.prefixListId}`;
  }
}

function fnv1a(text: string, offset: number): number {
  let h = offset >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // murmur3 fmix32: spreads the last characters' influence over every bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}
