/**
 * A fast path for the CIDR texts that dominate large describe snapshots: strict dotted-decimal IPv4 with a prefix
 * (`10.1.2.0/24`). It reads the characters once, without the regular expressions, splits and re-formatting of the
 * general parser (core/net/cidr.ts), and accepts exactly what that parser accepts for IPv4 — no leading zeros,
 * octets up to 255, a prefix 0–32 without leading zeros — returning an equal Cidr. Anything else (IPv6, odd
 * forms, invalid text) returns undefined, and the caller asks the general parser.
 */
import { cidrOf, maskWords, type Cidr } from '../../../core/net/cidr.ts';
import type { Words } from '../../../core/net/ip.ts';

const ZERO = 0x30;
const DOT = 0x2e;
const SLASH = 0x2f;

/** One mask per prefix length, shared: masks are read-only words. */
const MASKS: readonly Words[] = Array.from({ length: 33 }, (_, n) => maskWords(4, n));

export function parseIpv4CidrFast(text: string): Cidr | undefined {
  const packed = packedIpv4Cidr(text);
  if (packed < 0) return undefined;
  const prefixLength = packed % 64;
  const address = (packed - prefixLength) / 64;
  const mask = MASKS[prefixLength];
  const network = (address & mask[0]) >>> 0;
  // A canonical text (already the network address) is its own canonical form; anything else is re-formatted.
  if (network !== address) return cidrOf({ family: 4, words: [address, 0, 0, 0] }, prefixLength);
  return { family: 4, prefixLength, words: [network, 0, 0, 0], mask, text };
}

/**
 * The text's address and prefix as one number, `address · 64 + prefixLength` (exact: below 2^38), or -1 when the
 * text is not what parseIpv4CidrFast accepts. Allocates nothing, so a reader can look CIDRs up by number.
 */
export function packedIpv4Cidr(text: string): number {
  let address = 0;
  let i = 0;
  const n = text.length;
  for (let octet = 0; octet < 4; octet++) {
    const value = decimal(text, i, 3);
    if (value < 0 || value > 255) return -1;
    address = address * 256 + value;
    i += digits(value);
    if (i >= n || text.charCodeAt(i) !== (octet < 3 ? DOT : SLASH)) return -1;
    i++;
  }
  const prefixLength = decimal(text, i, 2);
  if (prefixLength < 0 || prefixLength > 32 || i + digits(prefixLength) !== n) return -1;
  return address * 64 + prefixLength;
}

/** The network of a packed CIDR as a small integer per prefix length: equal for texts naming the same CIDR. */
export function packedNetworkKey(packed: number): number {
  const prefixLength = packed % 64;
  const address = (packed - prefixLength) / 64;
  return prefixLength === 0 ? 0 : address >>> (32 - prefixLength);
}

/**
 * The decimal number of at most `max` digits starting at `from`, with no leading zero (a lone 0 is fine); -1 when
 * there is none. Its length is `digits(value)`, since leading zeros are refused.
 */
function decimal(text: string, from: number, max: number): number {
  let value = -1;
  for (let i = from; i < from + max + 1 && i < text.length; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    if (i === from + max) return -1; // too many digits
    if (value === 0) return -1; // a leading zero
    value = value < 0 ? d : value * 10 + d;
  }
  return value;
}

function digits(value: number): number {
  return value < 10 ? 1 : value < 100 ? 2 : 3;
}
