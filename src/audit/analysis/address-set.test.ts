import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../core/net/cidr.ts';
import { covers, describeSet, firstAddress, firstAddressOutside, intersect, isWhole, setOfCidrs, subtract, toCidrs, union, wholeFamily, type AddressSet } from './address-set.ts';
import { hasPublicAddresses, insideNonPublicBlock, isPrivateSet } from './address-classes.ts';

/** CIDRs inside 10.0.0.0/24, so membership can be checked address by address. */
const smallCidr = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 })).map(([host, len]) => parseCidr(`10.0.0.${host}/${len}`)!);
const member = (s: AddressSet, host: number) => s.intervals.some(([lo, hi]) => lo <= BigInt(0x0a000000 + host) && BigInt(0x0a000000 + host) <= hi);
const inCidrs = (cidrs: ReturnType<typeof parseCidr>[], host: number) => cidrs.some((c) => member(setOfCidrs(4, [c!]), host));

describe('address sets', () => {
  it('union, intersection and difference agree with membership, address by address', () => {
    fc.assert(
      fc.property(fc.array(smallCidr, { maxLength: 5 }), fc.array(smallCidr, { maxLength: 5 }), (as, bs) => {
        const a = setOfCidrs(4, as);
        const b = setOfCidrs(4, bs);
        for (let h = 0; h < 256; h++) {
          expect(member(union(a, b), h)).toBe(inCidrs(as, h) || inCidrs(bs, h));
          expect(member(intersect(a, b), h)).toBe(inCidrs(as, h) && inCidrs(bs, h));
          expect(member(subtract(a, b), h)).toBe(inCidrs(as, h) && !inCidrs(bs, h));
        }
        expect(setOfCidrs(4, toCidrs(a))).toEqual(a);
      }),
      { numRuns: 40 },
    );
  });

  it('settles CIDRs inside one non-public block by arithmetic, and never calls a public range non-public', () => {
    const v4 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([n, len]) => parseCidr(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${len}`)!);
    fc.assert(fc.property(v4, (c) => !insideNonPublicBlock(c) || !hasPublicAddresses(setOfCidrs(4, [c]))), { numRuns: 2000 });
    for (const t of ['10.1.2.0/24', '172.16.5.0/24', '100.64.0.0/10', '192.168.0.0/16', '240.0.0.0/8', 'fd00::/8', '2001:db8:1::/48']) expect(insideNonPublicBlock(parseCidr(t)!), t).toBe(true);
    for (const t of ['8.8.8.0/24', '172.32.0.0/16', '0.0.0.0/0', '10.0.0.0/7', '2600::/16', 'fc00::/6']) expect(insideNonPublicBlock(parseCidr(t)!), t).toBe(false);
  });

  it('finds the first address outside an exclusion as the difference would, with single addresses excluded too', () => {
    const host = fc.integer({ min: 0, max: 255 }).map((h) => parseCidr(`10.0.0.${h}/32`)!);
    fc.assert(
      fc.property(fc.array(smallCidr, { maxLength: 5 }), fc.array(fc.oneof(smallCidr, host), { maxLength: 12 }), (as, bs) => {
        const a = setOfCidrs(4, as);
        // Unmerged single addresses, as the reachability probe excludes interface addresses.
        const singles: AddressSet = { family: 4, intervals: [...new Set(bs.filter((c) => c.prefixLength === 32).map((c) => BigInt(c.words[0])))].sort((x, y) => (x < y ? -1 : 1)).map((n) => [n, n] as const) };
        for (const b of [setOfCidrs(4, bs), singles]) expect(firstAddressOutside(a, b)).toEqual(firstAddress(subtract(a, b)));
      }),
      { numRuns: 300 },
    );
  });

  it('knows that 0.0.0.0/1 + 128.0.0.0/1 is the world, and ::/1 + 8000::/1 too', () => {
    expect(isWhole(setOfCidrs(4, [parseCidr('0.0.0.0/1')!, parseCidr('128.0.0.0/1')!]))).toBe(true);
    expect(isWhole(setOfCidrs(6, [parseCidr('::/1')!, parseCidr('8000::/1')!]))).toBe(true);
    expect(isWhole(setOfCidrs(4, [parseCidr('0.0.0.0/1')!, parseCidr('128.0.0.0/2')!]))).toBe(false);
    expect(covers(wholeFamily(4), setOfCidrs(4, [parseCidr('10.0.0.0/8')!]))).toBe(true);
  });

  it('says sets the short way', () => {
    expect(describeSet(subtract(wholeFamily(4), setOfCidrs(4, [parseCidr('10.0.0.0/8')!])))).toBe('0.0.0.0/0 except 10.0.0.0/8');
    expect(describeSet(setOfCidrs(4, [parseCidr('10.0.0.0/25')!, parseCidr('10.0.0.128/25')!]))).toBe('10.0.0.0/24');
  });

  it('classifies public and private space', () => {
    const set = (t: string) => setOfCidrs(parseCidr(t)!.family, [parseCidr(t)!]);
    expect(hasPublicAddresses(set('52.94.76.10/32'))).toBe(true);
    expect(hasPublicAddresses(set('10.0.0.0/8'))).toBe(false);
    expect(hasPublicAddresses(set('203.0.113.0/24'))).toBe(false); // documentation
    expect(hasPublicAddresses(set('0.0.0.0/1'))).toBe(true);
    expect(isPrivateSet(set('172.16.0.0/12'))).toBe(true);
    expect(isPrivateSet(set('fd00::/8'))).toBe(true);
    expect(isPrivateSet(set('2600::/16'))).toBe(false);
  });
});
