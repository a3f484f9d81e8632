import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCidr } from '../net/cidr.ts';
import type { RulePeer } from '../model/security-group.ts';
import { peerKey, syntheticRuleId, type RuleIdentity } from './synthetic-rule-id.ts';

const hex = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength });
const peer: fc.Arbitrary<RulePeer> = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, len]) => ({ kind: 'cidr', cidr: parseCidr(`${ip}/${len}`)! }) as const),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, len]) => ({ kind: 'cidr', cidr: parseCidr(`${ip}/${len}`)! }) as const),
  hex(17, 17).map((h) => ({ kind: 'group', groupId: `sg-${h}` }) as const),
  hex(8, 17).map((h) => ({ kind: 'prefix-list', prefixListId: `pl-${h}` }) as const),
);
const identity: fc.Arbitrary<RuleIdentity> = fc.record({
  groupId: fc.constantFrom('sg-0a1b2c3d4e5f6a7b8', 'sg-0b2c3d4e5f6a7b8c9'),
  direction: fc.constantFrom('ingress', 'egress'),
  protocol: fc.constantFrom(-1, 1, 6, 17, 50, 58),
  fromPort: fc.integer({ min: -1, max: 65535 }),
  toPort: fc.integer({ min: -1, max: 65535 }),
  peer,
});
const key = (r: RuleIdentity) => `${r.groupId}|${r.direction}|${r.protocol}|${r.fromPort}|${r.toPort}|${peerKey(r.peer)}`;

describe('syntheticRuleId', () => {
  it('looks like an EC2 rule id and depends only on the rule identity', () => {
    fc.assert(
      fc.property(identity, (r) => {
        expect(syntheticRuleId(r)).toMatch(/^sgr-0[0-9a-f]{16}$/);
        expect(syntheticRuleId(structuredClone(r))).toBe(syntheticRuleId(r));
      }),
    );
  });

  it('gives distinct rules distinct ids (no collision among 20,000)', () => {
    const rules = fc.sample(identity, { numRuns: 20_000, seed: 42 });
    const ids = new Map<string, string>();
    for (const r of rules) {
      const id = syntheticRuleId(r);
      const seen = ids.get(id);
      if (seen !== undefined) expect(seen).toBe(key(r));
      ids.set(id, key(r));
    }
    expect(new Set(ids.values()).size).toBe(ids.size);
  });
});
