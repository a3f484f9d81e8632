/**
 * Which addresses are "public": everything outside the special-purpose ranges that cannot be reached from the
 * internet (audit-checks.md §8: RFC1918, RFC6598, loopback, link-local, ULA, documentation; plus "this network",
 * benchmarking, multicast and reserved space from the IANA special-purpose registries). "Private" (SG-008) is the
 * address space organisations route internally: RFC1918, RFC6598 and IPv6 ULA.
 */
import { cidrCovers, parseCidr, type Cidr } from '../../core/net/cidr.ts';
import type { Family } from '../../core/net/ip.ts';
import { covers, intersect, isEmpty, setOfCidrs, subtract, wholeFamily, type AddressSet } from './address-set.ts';

const cidrs = (texts: readonly string[]): Cidr[] => texts.map((t) => parseCidr(t)!);

const PRIVATE_TEXT = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

const NOT_PUBLIC_TEXT = [
  ...PRIVATE_TEXT,
  '0.0.0.0/8', // "this network"
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // TEST-NET-1
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // TEST-NET-2
  '203.0.113.0/24', // TEST-NET-3
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and the broadcast address
  '::/128',
  '::1/128',
  'fe80::/10', // link-local
  'ff00::/8', // multicast
  '2001:db8::/32', // documentation
  '64:ff9b:1::/48', // local-use IPv4/IPv6 translation
];

const NOT_PUBLIC_BLOCKS = cidrs(NOT_PUBLIC_TEXT);
const NOT_PUBLIC_V4 = NOT_PUBLIC_BLOCKS.filter((b) => b.family === 4);
const NOT_PUBLIC_V6 = NOT_PUBLIC_BLOCKS.filter((b) => b.family === 6);

/**
 * True when the CIDR lies inside one non-public block (10.0.0.0/8, fc00::/7, …), so it has no public address:
 * arithmetic on the CIDR, which settles most rules of an estate without building an address set.
 */
export function insideNonPublicBlock(cidr: Cidr): boolean {
  if (cidr.family === 6) return NOT_PUBLIC_V6.some((block) => cidrCovers(block, cidr));
  // IPv4 is one word: the block covers the CIDR when it is no longer and the CIDR's network masks to the block's.
  const network = cidr.words[0];
  for (const block of NOT_PUBLIC_V4) {
    if (block.prefixLength <= cidr.prefixLength && ((network & block.mask[0]) >>> 0) === block.words[0]) return true;
  }
  return false;
}

const PRIVATE = { 4: setOfCidrs(4, cidrs(PRIVATE_TEXT)), 6: setOfCidrs(6, cidrs(PRIVATE_TEXT)) };
const NOT_PUBLIC = { 4: setOfCidrs(4, cidrs(NOT_PUBLIC_TEXT)), 6: setOfCidrs(6, cidrs(NOT_PUBLIC_TEXT)) };
const PUBLIC = { 4: subtract(wholeFamily(4), NOT_PUBLIC[4]), 6: subtract(wholeFamily(6), NOT_PUBLIC[6]) };

export function publicSpace(family: Family): AddressSet {
  return PUBLIC[family];
}

/** The public part of a set (what the internet can be in it). */
export function publicPart(s: AddressSet): AddressSet {
  return intersect(s, PUBLIC[s.family]);
}

const publicMemo = new WeakMap<AddressSet, boolean>();
const privateMemo = new WeakMap<AddressSet, boolean>();

/** True when some address of the set is public. */
export function hasPublicAddresses(s: AddressSet): boolean {
  let v = publicMemo.get(s);
  if (v === undefined) publicMemo.set(s, (v = !isEmpty(publicPart(s))));
  return v;
}

/** True when the whole set lies in RFC1918 / RFC6598 / ULA space. */
export function isPrivateSet(s: AddressSet): boolean {
  let v = privateMemo.get(s);
  if (v === undefined) privateMemo.set(s, (v = covers(PRIVATE[s.family], s)));
  return v;
}
