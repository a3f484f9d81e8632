/**
 * Whether two versions of an interface carry the same addresses (private IPv4, IPv6, public), in the same order.
 * Most interface updates change only the group list (ModifyNetworkInterfaceAttribute Groups); when the addresses
 * are the same, the address claims and the group-membership sets of unchanged groups need no work, which keeps a
 * membership change O(groups changed) (performance.md §4 G9).
 */
import type { NetworkInterface } from '../../core/model/network.ts';
import type { IpAddress } from '../../core/net/ip.ts';

export function sameAddresses(a: NetworkInterface, b: NetworkInterface): boolean {
  return sameList(a.privateIps, b.privateIps) && sameList(a.ipv6Addresses, b.ipv6Addresses) && sameOptional(a.publicIp, b.publicIp);
}

function sameList(a: readonly IpAddress[], b: readonly IpAddress[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameAddress(a[i], b[i])) return false;
  return true;
}

function sameOptional(a: IpAddress | undefined, b: IpAddress | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameAddress(a, b);
}

function sameAddress(a: IpAddress, b: IpAddress): boolean {
  if (a === b) return true;
  const x = a.words;
  const y = b.words;
  return a.family === b.family && x[0] === y[0] && x[1] === y[1] && x[2] === y[2] && x[3] === y[3];
}
