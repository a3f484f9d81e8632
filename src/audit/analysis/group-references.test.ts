import { describe, expect, it } from 'vitest';
import type { Direction, SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import { groupReferences } from './group-references.ts';

const rule = (groupId: string, direction: Direction, peer: SecurityGroupRule['peer']): SecurityGroupRule => ({
  ruleId: `sgr-${groupId}-${direction}-${JSON.stringify(peer)}`,
  groupId,
  direction,
  protocol: 6,
  fromPort: 22,
  toPort: 22,
  peer,
});
const ref = (groupId: string) => ({ kind: 'group', groupId }) as const;
const group = (groupId: string, ingress: Array<SecurityGroupRule['peer']>, egress: Array<SecurityGroupRule['peer']> = []): SecurityGroup => ({
  groupId,
  groupName: groupId,
  description: '',
  vpcId: 'vpc-1',
  ownerId: '123456789012',
  ingress: ingress.map((p) => rule(groupId, 'ingress', p)),
  egress: egress.map((p) => rule(groupId, 'egress', p)),
});

describe('group references', () => {
  it('lists each group\'s group-peer rules (ingress, then egress) with their targets, -1 when not in the estate', () => {
    const groups = [
      group('sg-a', [ref('sg-b'), { kind: 'cidr', cidr: { family: 4, prefixLength: 0, words: [0, 0, 0, 0], mask: [0, 0, 0, 0], text: '0.0.0.0/0' } }, ref('sg-gone')], [ref('sg-a')]),
      group('sg-b', []),
      group('sg-c', [ref('sg-c')], [ref('sg-a')]),
    ];
    const refs = groupReferences(groups);
    expect([...refs.start]).toEqual([0, 3, 3, 5]);
    expect(refs.rules.map((r) => `${r.groupId} ${r.direction} ${(r.peer as { groupId: string }).groupId}`)).toEqual([
      'sg-a ingress sg-b',
      'sg-a ingress sg-gone',
      'sg-a egress sg-a',
      'sg-c ingress sg-c',
      'sg-c egress sg-a',
    ]);
    expect([...refs.target]).toEqual([1, -1, 0, 2, 0]);
    // Self-references do not count as "referenced by another group".
    expect([...refs.referencedByOther]).toEqual([1, 1, 0]);
  });

  it('numbers a repeated group id like index.groups does: the last group with it', () => {
    const refs = groupReferences([group('sg-a', [ref('sg-x')]), group('sg-x', []), group('sg-x', [])]);
    expect(refs.numberOf.get('sg-x')).toBe(2);
    expect([...refs.target]).toEqual([2]);
  });
});
