/**
 * A map key for an address that costs nothing for IPv4 (the address as an int32, a small integer to V8) and a short
 * string for IPv6. Used to place addresses on interfaces; the hot paths never build one.
 */
import type { IpAddress } from '../../core/net/ip.ts';

export type AddressKey = number | string;

export function addressKey(ip: IpAddress): AddressKey {
  const w = ip.words;
  return ip.family === 4 ? w[0] | 0 : `${w[0]}:${w[1]}:${w[2]}:${w[3]}`;
}
