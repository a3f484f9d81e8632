/**
 * nft match expressions for the parts of a rule or NACL entry: the remote address and the protocol with its
 * ports or ICMP type/code (enforcement.md §4.3). Ports are always destination ports, in both directions
 * (docs/semantics.md §3, §4). An empty string means "no condition".
 */
import type { Cidr } from '../../core/net/cidr.ts';
import { ALL_PROTOCOLS, ICMP, ICMPV6, TCP, UDP } from '../../core/net/protocol.ts';

export type Remote = 'saddr' | 'daddr';

export function addressFamilyKeyword(family: 4 | 6): 'ip' | 'ip6' {
  return family === 4 ? 'ip' : 'ip6';
}

/** A CIDR as a match on the remote address; a whole-family CIDR only fixes the family. */
export function cidrMatch(cidr: Cidr, remote: Remote): string {
  if (cidr.prefixLength === 0) return `meta nfproto ${cidr.family === 4 ? 'ipv4' : 'ipv6'}`;
  return `${addressFamilyKeyword(cidr.family)} ${remote} ${cidr.text}`;
}

export function setMatch(setName: string, family: 4 | 6, remote: Remote): string {
  return `${addressFamilyKeyword(family)} ${remote} @${setName}`;
}

function portMatch(protocol: number, from: number, to: number): string {
  const keyword = protocol === TCP ? 'tcp' : 'udp';
  if (from <= 0 && to >= 65535) return `meta l4proto ${keyword}`;
  return from === to ? `${keyword} dport ${from}` : `${keyword} dport ${from}-${to}`;
}

/**
 * ICMP type/code with -1 wildcards. `icmp type` implies IPv4 to nft, so a type match is only possible within
 * its own family; callers pass the packet family they match.
 */
function icmpMatch(protocol: number, type: number, code: number, family: 4 | 6): string {
  const keyword = protocol === ICMP ? 'icmp' : 'icmpv6';
  const native = (protocol === ICMP && family === 4) || (protocol === ICMPV6 && family === 6);
  if (type < 0 || !native) return `meta l4proto ${protocol === ICMP ? 'icmp' : 'ipv6-icmp'}`;
  return code < 0 ? `${keyword} type ${type}` : `${keyword} type ${type} ${keyword} code ${code}`;
}

/**
 * The protocol part of a security-group rule (stored form: tcp/udp ports in from/to, ICMP type/code in
 * from/to with -1 wildcards, other protocols without ports).
 */
export function ruleProtocolMatch(protocol: number, fromPort: number, toPort: number, family: 4 | 6): string {
  if (protocol === ALL_PROTOCOLS) return '';
  if (protocol === TCP || protocol === UDP) return portMatch(protocol, fromPort, toPort);
  if (protocol === ICMP || protocol === ICMPV6) return icmpMatch(protocol, fromPort, toPort, family);
  return `meta l4proto ${protocol}`;
}

/** The protocol part of a NACL entry (docs/semantics.md §4). */
export function naclProtocolMatch(
  protocol: number,
  family: 4 | 6,
  portRange: { readonly from: number; readonly to: number } | undefined,
  icmp: { readonly type: number; readonly code: number } | undefined,
): string {
  if (protocol === ALL_PROTOCOLS) return '';
  if (protocol === TCP || protocol === UDP) return portRange ? portMatch(protocol, portRange.from, portRange.to) : portMatch(protocol, 0, 65535);
  if (protocol === ICMP) return icmp ? icmpMatch(ICMP, icmp.type, icmp.code, family) : 'meta l4proto icmp';
  // 58 with an IPv4 CIDR is "all ICMP" without a type check (§4); with IPv6 the type/code applies.
  if (protocol === ICMPV6) return icmp && family === 6 ? icmpMatch(ICMPV6, icmp.type, icmp.code, 6) : 'meta l4proto ipv6-icmp';
  return `meta l4proto ${protocol}`;
}

export function joinMatch(...parts: string[]): string {
  return parts.filter((p) => p.length > 0).join(' ');
}
