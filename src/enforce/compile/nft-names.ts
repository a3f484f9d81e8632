/**
 * Every name the compiler puts in the kernel. Chains and sets carry the EC2 id they come from, so
 * `nft list ruleset` reads like the model (`grp_in_sg-0abc…`, `nacl_out_acl-…`). Link names are limited to 15
 * bytes (IFNAMSIZ), so an interface's link is `rampart-` plus 7 characters hashed from its ENI id: stable
 * across runs and hosts, so the agent and the lab agree on it without talking to each other.
 */
import { createHash } from 'node:crypto';
import type { Direction } from '../../core/model/security-group.ts';

/** Every kernel object Rampart creates starts with this, so `lab down` can find them after a crash. */
export const RAMPART_PREFIX = 'rampart-';

/** The router's link towards the internet namespace (the internet gateway). */
export const GATEWAY_LINK = 'rampart-igw';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `rampart-` + 7 base-62 characters of SHA-256(ENI id): 62^7 ≈ 3.5e12 names, collisions are checked at compile. */
export function interfaceLinkName(networkInterfaceId: string): string {
  const digest = createHash('sha256').update(networkInterfaceId).digest();
  let n = digest.readBigUInt64BE(0);
  let suffix = '';
  for (let i = 0; i < 7; i++) {
    suffix += ALPHABET[Number(n % 62n)];
    n /= 62n;
  }
  return RAMPART_PREFIX + suffix;
}

/** nft identifiers take letters, digits, `_`, `-`, `.` and `/`; anything else in an id becomes `_`. */
export function nftId(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_');
}

const dir = (d: Direction): string => (d === 'ingress' ? 'in' : 'out');

export const names = {
  groupChain: (groupId: string, d: Direction) => `grp_${dir(d)}_${nftId(groupId)}`,
  /** Non-whole-family CIDR rules for TCP/UDP: `address . protocol . port` interval set. */
  groupCidrPortSet: (groupId: string, d: Direction, family: 4 | 6) => `cidrport${family}_${dir(d)}_${nftId(groupId)}`,
  /** Non-whole-family CIDR rules for every protocol: address interval set. */
  groupCidrAllSet: (groupId: string, d: Direction, family: 4 | 6) => `cidrall${family}_${dir(d)}_${nftId(groupId)}`,
  members: (groupId: string, family: 4 | 6) => `members${family}_${nftId(groupId)}`,
  prefixList: (prefixListId: string, family: 4 | 6) => `prefixes${family}_${nftId(prefixListId)}`,
  interfaceChain: (networkInterfaceId: string, d: Direction) => `eni_${dir(d)}_${nftId(networkInterfaceId)}`,
  subnetOutChain: (subnetId: string) => `subnet_out_${nftId(subnetId)}`,
  subnetInChain: (subnetId: string) => `subnet_in_${nftId(subnetId)}`,
  subnetLinks: (subnetId: string) => `links_${nftId(subnetId)}`,
  naclChain: (networkAclId: string, egress: boolean) => `nacl_${egress ? 'out' : 'in'}_${nftId(networkAclId)}`,
  routeOutChain: (routeTableId: string) => `route_out_${nftId(routeTableId)}`,
  routeInChain: (routeTableId: string) => `route_in_${nftId(routeTableId)}`,
  gatewayRoutes: (routeTableId: string, family: 4 | 6) => `igw_routes${family}_${nftId(routeTableId)}`,
};
