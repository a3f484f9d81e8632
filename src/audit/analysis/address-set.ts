/**
 * Sets of addresses of one family as sorted, disjoint, non-adjacent inclusive intervals of BigInts. The auditor
 * reasons about coverage, not strings: `0.0.0.0/1` + `128.0.0.0/1` is the whole IPv4 space, a prefix list is the
 * union of its entries, and a NACL's effective allow set is what its first-match order leaves (audit-checks.md §7).
 */
import { cidrOf, type Cidr } from '../../core/net/cidr.ts';
import { formatIp, type Family, type IpAddress, type Words } from '../../core/net/ip.ts';

export type Interval = readonly [bigint, bigint];

export interface AddressSet {
  readonly family: Family;
  readonly intervals: readonly Interval[];
}

export function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

// Constants: isWhole() asks for the maximum once per rule per check, and BigInt arithmetic allocates.
const MAX_V4 = (1n << 32n) - 1n;
const MAX_V6 = (1n << 128n) - 1n;

export function familyMax(family: Family): bigint {
  return family === 4 ? MAX_V4 : MAX_V6;
}

function wordsToBig(family: Family, words: Words): bigint {
  if (family === 4) return BigInt(words[0] >>> 0);
  return (BigInt(words[0] >>> 0) << 96n) | (BigInt(words[1] >>> 0) << 64n) | (BigInt(words[2] >>> 0) << 32n) | BigInt(words[3] >>> 0);
}

export function bigToAddress(family: Family, n: bigint): IpAddress {
  if (family === 4) return { family, words: [Number(n), 0, 0, 0] };
  const w = (shift: bigint) => Number((n >> shift) & 0xffffffffn);
  return { family, words: [w(96n), w(64n), w(32n), w(0n)] };
}

export function addressToBig(ip: IpAddress): bigint {
  return wordsToBig(ip.family, ip.words);
}

export function cidrInterval(cidr: Cidr): Interval {
  const lo = wordsToBig(cidr.family, cidr.words);
  const hostBits = BigInt(familyBits(cidr.family) - cidr.prefixLength);
  return [lo, lo + (1n << hostBits) - 1n];
}

export const emptySet = (family: Family): AddressSet => ({ family, intervals: [] });
export const wholeFamily = (family: Family): AddressSet => ({ family, intervals: [[0n, familyMax(family)]] });

/** Sorts and merges overlapping or adjacent intervals. */
function normalise(family: Family, intervals: Interval[]): AddressSet {
  if (intervals.length <= 1) return { family, intervals };
  intervals.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [[intervals[0][0], intervals[0][1]]];
  for (let i = 1; i < intervals.length; i++) {
    const [lo, hi] = intervals[i];
    const last = out[out.length - 1];
    if (lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return { family, intervals: out };
}

export function setOfCidrs(family: Family, cidrs: readonly Cidr[]): AddressSet {
  return normalise(
    family,
    cidrs.filter((c) => c.family === family).map(cidrInterval),
  );
}

export function union(a: AddressSet, b: AddressSet): AddressSet {
  return normalise(a.family, [...a.intervals, ...b.intervals]);
}

export function unionAll(family: Family, sets: readonly AddressSet[]): AddressSet {
  return normalise(
    family,
    sets.flatMap((s) => s.intervals),
  );
}

export function intersect(a: AddressSet, b: AddressSet): AddressSet {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.intervals.length && j < b.intervals.length) {
    const [alo, ahi] = a.intervals[i];
    const [blo, bhi] = b.intervals[j];
    const lo = alo > blo ? alo : blo;
    const hi = ahi < bhi ? ahi : bhi;
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return { family: a.family, intervals: out };
}

export function subtract(a: AddressSet, b: AddressSet): AddressSet {
  const out: Interval[] = [];
  let j = 0;
  for (const [lo0, hi] of a.intervals) {
    let lo = lo0;
    while (j < b.intervals.length && b.intervals[j][1] < lo) j++;
    let k = j;
    while (k < b.intervals.length && b.intervals[k][0] <= hi) {
      const [blo, bhi] = b.intervals[k];
      if (blo > lo) out.push([lo, blo - 1n]);
      lo = bhi + 1n;
      if (lo > hi) break;
      k++;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return { family: a.family, intervals: out };
}

export function isEmpty(s: AddressSet): boolean {
  return s.intervals.length === 0;
}

export function isWhole(s: AddressSet): boolean {
  return s.intervals.length === 1 && s.intervals[0][0] === 0n && s.intervals[0][1] === familyMax(s.family);
}

/** True when every address of `inner` is in `outer` (both normalised, so each inner interval fits in one outer). */
export function covers(outer: AddressSet, inner: AddressSet): boolean {
  if (outer.family !== inner.family) return inner.intervals.length === 0;
  let j = 0;
  for (const [lo, hi] of inner.intervals) {
    while (j < outer.intervals.length && outer.intervals[j][1] < lo) j++;
    if (j === outer.intervals.length || outer.intervals[j][0] > lo || outer.intervals[j][1] < hi) return false;
  }
  return true;
}

export function overlaps(a: AddressSet, b: AddressSet): boolean {
  if (a.family !== b.family) return false;
  let i = 0;
  let j = 0;
  while (i < a.intervals.length && j < b.intervals.length) {
    const [alo, ahi] = a.intervals[i];
    const [blo, bhi] = b.intervals[j];
    if (alo <= bhi && blo <= ahi) return true;
    if (ahi < bhi) i++;
    else j++;
  }
  return false;
}

/** The set as the fewest CIDRs, for messages and remediation (`0.0.0.0/1`, `128.0.0.0/1` stays two CIDRs). */
export function toCidrs(s: AddressSet): Cidr[] {
  const bits = familyBits(s.family);
  const out: Cidr[] = [];
  for (const [lo0, hi] of s.intervals) {
    let lo = lo0;
    while (lo <= hi) {
      // Largest block aligned at lo that fits in [lo, hi].
      let size = 0;
      while (size < bits && ((lo >> BigInt(size)) & 1n) === 0n && lo + (1n << BigInt(size + 1)) - 1n <= hi) size++;
      out.push(cidrOf(bigToAddress(s.family, lo), bits - size));
      lo += 1n << BigInt(size);
    }
  }
  return out;
}

export function describeSet(s: AddressSet, max = 4): string {
  const world = s.family === 4 ? '0.0.0.0/0' : '::/0';
  if (isWhole(s)) return world;
  const list = (cidrs: string[]) => (cidrs.length <= max ? cidrs.join(', ') : `${cidrs.slice(0, max).join(', ')} and ${cidrs.length - max} more`);
  const cidrs = toCidrs(s).map((c) => c.text);
  // "0.0.0.0/0 except 10.0.0.0/8" reads better than the 8 blocks it takes to spell the same set.
  const missing = toCidrs(subtract(wholeFamily(s.family), s)).map((c) => c.text);
  return missing.length < cidrs.length ? `${world} except ${list(missing)}` : list(cidrs);
}

export function firstAddress(s: AddressSet): IpAddress | undefined {
  return s.intervals.length === 0 ? undefined : bigToAddress(s.family, s.intervals[0][0]);
}

/**
 * `firstAddress(subtract(s, excluded))` without building the difference: the lowest address of `s` outside
 * `excluded`. The reachability probe asks it with the estate's interface addresses excluded — tens of thousands
 * of intervals that the difference would copy for every ACL and packet kind.
 */
export function firstAddressOutside(s: AddressSet, excluded: AddressSet): IpAddress | undefined {
  const ex = excluded.intervals;
  for (const [lo, hi] of s.intervals) {
    // The first excluded interval that ends at or after lo (binary search: excluded is sorted and disjoint).
    let a = 0;
    let b = ex.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (ex[mid][1] < lo) a = mid + 1;
      else b = mid;
    }
    let candidate = lo;
    for (let k = a; k < ex.length && ex[k][0] <= candidate; k++) candidate = ex[k][1] + 1n;
    if (candidate <= hi) return bigToAddress(s.family, candidate);
  }
  return undefined;
}

export function formatBig(family: Family, n: bigint): string {
  return formatIp(bigToAddress(family, n));
}
