/**
 * CIDR blocks in canonical form. EC2 stores and returns the network address, not what the caller typed
 * (10.0.0.5/16 becomes 10.0.0.0/16; aws-semantics.md §3.3, fact 8), and a non-canonical duplicate is a duplicate.
 */
import { formatIp, parseIp, type Family, type IpAddress, type Words } from './ip.ts';

export interface Cidr {
  readonly family: Family;
  readonly prefixLength: number;
  /** Network address, already masked. */
  readonly words: Words;
  /** Per-word mask for `prefixLength`. */
  readonly mask: Words;
  /** Canonical text, e.g. `10.0.0.0/16`, `2001:db8::/32`. */
  readonly text: string;
}

export function maskWords(family: Family, prefixLength: number): Words {
  const out = [0, 0, 0, 0];
  let left = prefixLength;
  for (let i = 0; i < (family === 4 ? 1 : 4); i++) {
    const bits = Math.min(32, Math.max(0, left));
    out[i] = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    left -= 32;
  }
  return out as unknown as Words;
}

const PREFIX = /^(0|[1-9]\d{0,2})$/;

/**
 * Parses `a.b.c.d/n` or `x::/n`; returns undefined when the text is not a CIDR. `family` restricts the accepted
 * family (CidrIp fields take IPv4 only, CidrIpv6 fields IPv6 only).
 */
export function parseCidr(text: string, family?: Family): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !PREFIX.test(prefixText)) return undefined;
  if (family !== undefined && ip.family !== family) return undefined;
  const prefixLength = Number(prefixText);
  if (prefixLength > (ip.family === 4 ? 32 : 128)) return undefined;
  return cidrOf(ip, prefixLength);
}

export function cidrOf(ip: IpAddress, prefixLength: number): Cidr {
  const mask = maskWords(ip.family, prefixLength);
  const words: Words = [
    (ip.words[0] & mask[0]) >>> 0,
    (ip.words[1] & mask[1]) >>> 0,
    (ip.words[2] & mask[2]) >>> 0,
    (ip.words[3] & mask[3]) >>> 0,
  ];
  return { family: ip.family, prefixLength, words, mask, text: `${formatIp({ family: ip.family, words })}/${prefixLength}` };
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const m = cidr.mask;
  const w = cidr.words;
  return (
    ((ip.words[0] & m[0]) >>> 0) === w[0] &&
    ((ip.words[1] & m[1]) >>> 0) === w[1] &&
    ((ip.words[2] & m[2]) >>> 0) === w[2] &&
    ((ip.words[3] & m[3]) >>> 0) === w[3]
  );
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrCovers(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.prefixLength <= inner.prefixLength && cidrContains(outer, { family: inner.family, words: inner.words });
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrCovers(a, b) || cidrCovers(b, a);
}

/** `0.0.0.0/0` or `::/0`: the whole address family ("anywhere"). */
export function isWholeFamily(cidr: Cidr): boolean {
  return cidr.prefixLength === 0;
}

/** Number of addresses as a float (exact up to 2^53), for sizing and display. */
export function cidrSize(cidr: Cidr): number {
  return 2 ** ((cidr.family === 4 ? 32 : 128) - cidr.prefixLength);
}
