/**
 * The addresses and CIDRs a generated topology draws from. Fixed internet blocks come first (so shrinking toward
 * index 0 lands on `0.0.0.0/0`), then blocks built from the topology itself (VPC, subnet and host CIDRs), so rules,
 * ACL entries and prefix lists name the estate's own addresses often enough for matches to be common.
 */
import { mustParseBlock, type Block } from '../reference/address.ts';

export const FIXED_V4_CIDRS = [
  '0.0.0.0/0',
  '203.0.113.0/24',
  '198.51.100.0/25',
  '198.51.100.128/25',
  '54.0.0.0/24',
  '54.0.0.0/16',
  '10.0.0.0/8',
  '8.8.8.0/24',
  '192.0.2.7/32',
  '0.0.0.0/1',
  '128.0.0.0/1',
];

export const FIXED_V6_CIDRS = ['::/0', '2001:db8::/32', '2001:db8:0:1::/64', '2600::/16', '2001:db8::7/128', '::/1', '8000::/1'];

export const FIXED_V4_HOSTS = ['203.0.113.5', '203.0.113.200', '198.51.100.9', '198.51.100.200', '54.0.0.99', '8.8.8.8', '192.0.2.7', '1.1.1.1', '10.99.0.1'];

export const FIXED_V6_HOSTS = ['2001:db8::7', '2001:db8::99', '2001:db8:0:1::5', '2600:ffff::1', '2a00::1'];

/** Services EC2 never filters (docs/semantics.md §2), before the per-interface DNS and router addresses. */
export const FIXED_EXEMPT_V4 = ['169.254.169.254', '169.254.169.253', '169.254.169.123'];
export const FIXED_EXEMPT_V6 = ['fd00:ec2::254', 'fd00:ec2::253', 'fd00:ec2::123'];

/** Uncompressed text on purpose (`2600:0:0:101:0:0:0:7`): the engine's parser must accept every valid spelling. */
export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

/** The address `offset` above the network address of a CIDR (capped inside a /32 or /128). */
export function hostIn(cidr: string, offset: number): string {
  const block: Block = mustParseBlock(cidr);
  const size = 1n << BigInt((block.family === 4 ? 32 : 128) - block.prefix);
  return formatAddress(block.family, block.base + (BigInt(offset) % size));
}

export function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length];
}
