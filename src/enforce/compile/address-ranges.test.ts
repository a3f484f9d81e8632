import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disjointBoxes, formatRange, mergeRanges, type AddressPortBox } from './address-ranges.ts';

const box = (lo: number, hi: number, from: number, to: number): AddressPortBox => ({ range: { family: 4, lo: BigInt(lo), hi: BigInt(hi) }, ports: { from, to } });
const covers = (boxes: readonly AddressPortBox[], a: number, p: number): boolean => boxes.some((b) => b.range.lo <= BigInt(a) && BigInt(a) <= b.range.hi && b.ports.from <= p && p <= b.ports.to);

describe('disjointBoxes', () => {
  it('covers exactly the union, with pairwise disjoint boxes (nft rejects overlapping interval elements)', () => {
    const arbBox = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 8 })).map(([lo, len, from, plen]) => box(lo, lo + len, from, from + plen));
    fc.assert(
      fc.property(fc.array(arbBox, { maxLength: 12 }), (boxes) => {
        const out = disjointBoxes(boxes);
        for (let a = 0; a <= 40; a++) for (let p = 0; p <= 30; p++) expect(covers(out, a, p)).toBe(covers(boxes, a, p));
        for (let i = 0; i < out.length; i++) {
          for (let j = i + 1; j < out.length; j++) {
            const x = out[i];
            const y = out[j];
            const addrOverlap = x.range.lo <= y.range.hi && y.range.lo <= x.range.hi;
            const portOverlap = x.ports.from <= y.ports.to && y.ports.from <= x.ports.to;
            expect(addrOverlap && portOverlap).toBe(false);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('ranges', () => {
  it('merges overlapping and adjacent ranges', () => {
    const r = (lo: number, hi: number) => ({ family: 4 as const, lo: BigInt(lo), hi: BigInt(hi) });
    expect(mergeRanges([r(10, 20), r(21, 30), r(5, 12), r(40, 50)])).toEqual([r(5, 30), r(40, 50)]);
  });
  it('prints CIDRs as CIDRs and other ranges as a-b', () => {
    expect(formatRange({ family: 4, lo: 0x0a000000n, hi: 0x0a0000ffn })).toBe('10.0.0.0/24');
    expect(formatRange({ family: 4, lo: 0x0a000001n, hi: 0x0a0000ffn })).toBe('10.0.0.1-10.0.0.255');
    expect(formatRange({ family: 4, lo: 5n, hi: 5n })).toBe('0.0.0.5');
    expect(formatRange({ family: 6, lo: 0n, hi: (1n << 128n) - 1n })).toBe('::/0');
  });
});
