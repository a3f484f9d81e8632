/**
 * Address ranges as bigints, and the disjoint decompositions nft interval sets need. nft rejects an interval
 * element whose start or end falls inside an existing one ("File exists" in concatenated pipapo sets,
 * "interval overlaps" in single-field ones; enforcement.md §3.3, re-checked here), and the order in which
 * overlapping elements arrive decides which one wins. So every interval set the compiler emits is made of
 * pairwise disjoint elements, computed here, and the union they cover is exactly the union of the rules.
 */
import type { Cidr } from '../../core/net/cidr.ts';
import { formatIp, formatIpv4Number, type Family, type IpAddress } from '../../core/net/ip.ts';

export interface AddressRange {
  readonly family: Family;
  readonly lo: bigint;
  readonly hi: bigint;
}

function wordsToBigint(words: readonly number[], family: Family): bigint {
  if (family === 4) return BigInt(words[0] >>> 0);
  return words.reduce((acc, w) => (acc << 32n) | BigInt(w >>> 0), 0n);
}

function bigintToIp(value: bigint, family: Family): IpAddress {
  if (family === 4) return { family, words: [Number(value), 0, 0, 0] };
  const w = (shift: bigint): number => Number((value >> shift) & 0xffffffffn);
  return { family, words: [w(96n), w(64n), w(32n), w(0n)] };
}

export function addressValue(ip: IpAddress): bigint {
  return wordsToBigint(ip.words, ip.family);
}

export function cidrRange(cidr: Cidr): AddressRange {
  const bits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefixLength);
  const lo = wordsToBigint(cidr.words, cidr.family);
  return { family: cidr.family, lo, hi: lo + (1n << bits) - 1n };
}

export function familyRange(family: Family): AddressRange {
  return { family, lo: 0n, hi: (1n << (family === 4 ? 32n : 128n)) - 1n };
}

/** The address `n` after a CIDR's network address (EC2 reserves base+1 for the router, base+2 for DNS). */
export function addressAtOffset(cidr: Cidr, n: number): string {
  return formatIp(bigintToIp(cidrRange(cidr).lo + BigInt(n), cidr.family));
}

/** nft text for a range: a bare address, `a/len` when it is exactly one CIDR, else `a-b`. */
export function formatRange(r: AddressRange): string {
  if (r.family === 4) return formatRange4(Number(r.lo), Number(r.hi));
  const lo = formatIp(bigintToIp(r.lo, r.family));
  if (r.lo === r.hi) return lo;
  const size = r.hi - r.lo + 1n;
  const isPowerOfTwo = (size & (size - 1n)) === 0n;
  if (isPowerOfTwo && r.lo % size === 0n) {
    const hostBits = size.toString(2).length - 1;
    return `${lo}/${128 - hostBits}`;
  }
  return `${lo}-${formatIp(bigintToIp(r.hi, r.family))}`;
}

/** IPv4 in plain numbers: a full compile formats ~10^5 ranges, and bigint arithmetic is several times slower. */
function formatRange4(lo: number, hi: number): string {
  const text = formatIpv4Number(lo);
  if (lo === hi) return text;
  const size = hi - lo + 1;
  if ((size & (size - 1)) === 0 && lo % size === 0) return `${text}/${32 - Math.log2(size)}`;
  return `${text}-${formatIpv4Number(hi)}`;
}

/** Union of ranges as sorted, disjoint, non-adjacent ranges (one family). */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.lo <= last.hi + 1n) {
      if (r.hi > last.hi) out[out.length - 1] = { family: r.family, lo: last.lo, hi: r.hi };
    } else out.push(r);
  }
  return out;
}

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

function mergePorts(ports: readonly PortRange[]): PortRange[] {
  const sorted = [...ports].sort((a, b) => a.from - b.from);
  const out: PortRange[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.from <= last.to + 1) {
      if (p.to > last.to) out[out.length - 1] = { from: last.from, to: p.to };
    } else out.push(p);
  }
  return out;
}

/** One (address range × port range) rule. */
export interface AddressPortBox {
  readonly range: AddressRange;
  readonly ports: PortRange;
}

/**
 * Splits a union of (address range × port range) boxes into disjoint boxes: a sweep over the address
 * boundaries, with the merged port ranges of the boxes active in each stretch; consecutive stretches with the
 * same ports are joined again. Cost O(n log n + n·depth), depth being how deeply the rules' CIDRs nest.
 */
export function disjointBoxes(boxes: readonly AddressPortBox[]): AddressPortBox[] {
  if (boxes.length === 0) return [];
  const sorted = [...boxes].sort((a, b) => (a.range.lo < b.range.lo ? -1 : a.range.lo > b.range.lo ? 1 : a.ports.from - b.ports.from));
  if (sorted.every((b, i) => i === 0 || b.range.lo > sorted[i - 1].range.hi)) return joinAdjacent(sorted);
  return sweep(boxes);
}

/**
 * The common case, rules on address ranges that do not overlap: already disjoint. Neighbours with the same ports
 * are joined, as the sweep would join them, so that both paths give the same elements.
 */
function joinAdjacent(sorted: readonly AddressPortBox[]): AddressPortBox[] {
  const out: AddressPortBox[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.range.hi + 1n === b.range.lo && last.ports.from === b.ports.from && last.ports.to === b.ports.to) {
      out[out.length - 1] = { range: { family: b.range.family, lo: last.range.lo, hi: b.range.hi }, ports: b.ports };
    } else out.push(b);
  }
  return out;
}

function sweep(boxes: readonly AddressPortBox[]): AddressPortBox[] {
  const family = boxes[0].range.family;
  const events = new Map<bigint, { start: number[]; end: number[] }>();
  const at = (k: bigint): { start: number[]; end: number[] } => {
    let e = events.get(k);
    if (!e) events.set(k, (e = { start: [], end: [] }));
    return e;
  };
  boxes.forEach((b, i) => {
    at(b.range.lo).start.push(i);
    at(b.range.hi + 1n).end.push(i);
  });
  const points = [...events.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const active = new Set<number>();
  const out: AddressPortBox[] = [];
  let open: { lo: bigint; ports: PortRange[]; key: string } | undefined;
  const close = (end: bigint): void => {
    if (open) for (const p of open.ports) out.push({ range: { family, lo: open.lo, hi: end }, ports: p });
    open = undefined;
  };
  for (let i = 0; i < points.length; i++) {
    const point = points[i];
    const e = events.get(point)!;
    for (const j of e.end) active.delete(j);
    for (const j of e.start) active.add(j);
    const ports = mergePorts([...active].map((j) => boxes[j].ports));
    const key = ports.map((p) => `${p.from}-${p.to}`).join(',');
    if (open && open.key === key) continue;
    close(point - 1n);
    if (ports.length > 0) open = { lo: point, ports, key };
  }
  close(familyRange(family).hi);
  return out;
}

export function formatPorts(p: PortRange): string {
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}
