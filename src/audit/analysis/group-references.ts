/**
 * Every rule whose peer is a security group, with the group it points at, resolved once per audit. SG-015, SG-021
 * and SG-024 each walk these references; at a million rules (350,000 references) one string-keyed look-up per
 * reference costs ~0.2 s in cache misses alone, so each check paying it again cost more than the checks' own work.
 *
 * Groups are numbered by position in the estate; a reference's target is the group `index.groups` returns for its
 * id (the last group with that id), or -1 when no group of the estate has it.
 */
import type { SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';

export interface GroupReferences {
  /** Group id → the number of the group `index.groups` holds for it. */
  readonly numberOf: ReadonlyMap<string, number>;
  /** The references of group i are rules[start[i]] … rules[start[i + 1] - 1]: ingress, then egress, in list order. */
  readonly start: Int32Array;
  readonly rules: readonly SecurityGroupRule[];
  /** The referenced group's number, index for index with `rules`; -1 when it is not in the estate. */
  readonly target: Int32Array;
  /** 1 for a group referenced by a rule of another group (a different group id), in either direction. */
  readonly referencedByOther: Uint8Array;
}

export function groupReferences(groups: readonly SecurityGroup[]): GroupReferences {
  const numberOf = new Map<string, number>();
  for (let i = 0; i < groups.length; i++) numberOf.set(groups[i].groupId, i);
  const start = new Int32Array(groups.length + 1);
  const rules: SecurityGroupRule[] = [];
  const targets: number[] = [];
  const referencedByOther = new Uint8Array(groups.length);
  const add = (list: readonly SecurityGroupRule[]) => {
    for (const rule of list) {
      if (rule.peer.kind !== 'group') continue;
      const target = numberOf.get(rule.peer.groupId) ?? -1;
      rules.push(rule);
      targets.push(target);
      if (target >= 0 && rule.groupId !== rule.peer.groupId) referencedByOther[target] = 1;
    }
  };
  for (let i = 0; i < groups.length; i++) {
    start[i] = rules.length;
    add(groups[i].ingress);
    add(groups[i].egress);
  }
  start[groups.length] = rules.length;
  return { numberOf, start, rules, target: Int32Array.from(targets), referencedByOther };
}
