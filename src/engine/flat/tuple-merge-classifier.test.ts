import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatRuleMatches, type FlatHeader, type FlatRule } from './flat-rule.ts';
import { TupleMergeClassifier, type TupleMergeOptions } from './tuple-merge-classifier.ts';

// Addresses drawn from a few small pools so that random headers often fall inside random rules (a uniform uint32
// would almost never match a /24 and the property would only test misses).
const address = fc.oneof(
  fc.constantFrom(0x0a000000, 0x0a000001, 0x0a0000ff, 0x0a010000, 0xc0a80001, 0xffffffff, 0x80000000, 0),
  fc.integer({ min: 0x0a000000, max: 0x0a0003ff }),
  fc.integer({ min: 0, max: 0xffffffff }),
);
const prefixLength = fc.oneof(fc.constantFrom(0, 1, 8, 16, 22, 24, 30, 31, 32), fc.integer({ min: 0, max: 32 }));
const port = fc.oneof(fc.constantFrom(0, 22, 80, 443, 1024, 65535), fc.integer({ min: 0, max: 65535 }));
const portRange = fc.oneof(
  fc.constant([0, 65535] as const),
  port.map((p) => [p, p] as const),
  fc.tuple(port, port).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
);
const protocol = fc.constantFrom(-1, 1, 6, 17, 47);

const rule: fc.Arbitrary<FlatRule> = fc
  .record({ src: address, srcLen: prefixLength, dst: address, dstLen: prefixLength, sp: portRange, dp: portRange, protocol })
  .map((r) => ({
    srcAddr: r.src,
    srcPrefixLength: r.srcLen,
    dstAddr: r.dst,
    dstPrefixLength: r.dstLen,
    srcPortFrom: r.sp[0],
    srcPortTo: r.sp[1],
    dstPortFrom: r.dp[0],
    dstPortTo: r.dp[1],
    protocol: r.protocol,
  }));
const header: fc.Arbitrary<FlatHeader> = fc.record({
  src: address,
  dst: address,
  srcPort: port,
  dstPort: port,
  protocol: fc.constantFrom(1, 6, 17, 47, 0, 255),
});
const options: fc.Arbitrary<TupleMergeOptions> = fc.record({
  collisionLimit: fc.constantFrom(1, 2, 8),
  lengthStep: fc.constantFrom(1, 4, 8, 33),
  serviceKeys: fc.boolean(),
});

/** The oracle: does any live rule match? */
function linearAllows(rules: ReadonlyMap<number, FlatRule>, h: FlatHeader): boolean {
  for (const r of rules.values()) if (flatRuleMatches(r, h)) return true;
  return false;
}

/** The classifier's answer must agree with the oracle, and a returned id must name a live rule that matches. */
function expectAgreement(c: TupleMergeClassifier, live: ReadonlyMap<number, FlatRule>, h: FlatHeader): void {
  const id = c.classifyHeader(h);
  expect(id !== -1).toBe(linearAllows(live, h));
  if (id !== -1) expect(flatRuleMatches(live.get(id)!, h)).toBe(true);
}

describe('TupleMergeClassifier', () => {
  it('agrees with a linear scan on random rule sets and headers', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 120 }), fc.array(header, { minLength: 1, maxLength: 60 }), options, (rules, headers, opts) => {
        const c = TupleMergeClassifier.build(rules, opts);
        const live = new Map(rules.map((r, i) => [i, r]));
        expect(c.size).toBe(rules.length);
        for (const h of headers) expectAgreement(c, live, h);
        // Headers built inside a rule (its low corner) must be allowed.
        for (const r of rules) {
          const inside = { src: r.srcAddr, dst: r.dstAddr, srcPort: r.srcPortFrom, dstPort: r.dstPortTo, protocol: r.protocol === -1 ? 6 : r.protocol };
          expect(c.classifyHeader(inside)).not.toBe(-1);
          expectAgreement(c, live, inside);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays in agreement through interleaved adds and removes', () => {
    const op = fc.oneof(rule.map((r) => ({ add: r })), fc.nat().map((k) => ({ removeNth: k })));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), fc.array(header, { minLength: 1, maxLength: 30 }), options, (ops, headers, opts) => {
        const c = new TupleMergeClassifier(opts, 4);
        const live = new Map<number, FlatRule>();
        for (const o of ops) {
          if ('add' in o) {
            const id = c.add(o.add);
            expect(live.has(id)).toBe(false);
            live.set(id, o.add);
          } else if (live.size > 0) {
            const id = [...live.keys()][o.removeNth % live.size];
            c.remove(id);
            live.delete(id);
          }
          expect(c.size).toBe(live.size);
          for (const h of headers) expectAgreement(c, live, h);
        }
        // Removing everything leaves a classifier that denies everything.
        for (const id of [...live.keys()]) c.remove(id);
        for (const h of headers) expect(c.classifyHeader(h)).toBe(-1);
        expect(c.tableCount).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps many rules of one bucket (beyond the collision limit) reachable', () => {
    const rules: FlatRule[] = [];
    for (let p = 0; p < 50; p++) {
      rules.push({ srcAddr: 0, srcPrefixLength: 0, dstAddr: 0x0a000000, dstPrefixLength: 8, srcPortFrom: p, srcPortTo: p, dstPortFrom: 0, dstPortTo: 65535, protocol: 6 });
    }
    const c = TupleMergeClassifier.build(rules, { collisionLimit: 2 });
    for (let p = 0; p < 50; p++) expect(c.classify(0x01020304, 0x0a0b0c0d, p, 80, 6)).toBe(p);
    expect(c.classify(0x01020304, 0x0a0b0c0d, 50, 80, 6)).toBe(-1);
    expect(c.classify(0x01020304, 0x0b000000, 1, 80, 6)).toBe(-1);
  });

  it('rejects removing a rule it does not hold', () => {
    const c = new TupleMergeClassifier();
    expect(() => c.remove(3)).toThrow(/no rule 3/);
  });
});
