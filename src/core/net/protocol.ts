/**
 * IP protocols as EC2 spells them. Security-group rules take `tcp|udp|icmp|icmpv6`, a number 0–255, or `-1`
 * (all); EC2 answers with names for the four it knows ("send 17 and get udp back, except for -1",
 * aws-semantics.md §3.3). Network ACL entries take numbers only (§3.11: the CLI converts names).
 */
import { ec2Error } from '../errors/ec2-error.ts';

export const ALL_PROTOCOLS = -1;
export const ICMP = 1;
export const TCP = 6;
export const UDP = 17;
export const ICMPV6 = 58;

const BY_NAME: Record<string, number> = { tcp: TCP, udp: UDP, icmp: ICMP, icmpv6: ICMPV6 };
const NAMES: Record<number, string> = { [TCP]: 'tcp', [UDP]: 'udp', [ICMP]: 'icmp', [ICMPV6]: 'icmpv6' };
const NUMBER = /^(-1|0|[1-9]\d{0,2})$/;

/** Parses a protocol by name or number; undefined when it is neither. */
export function parseProtocolText(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t in BY_NAME) return BY_NAME[t];
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return n <= 255 ? n : undefined;
}

/** Security-group `IpProtocol`: names, numbers or -1. */
export function parseSecurityGroupProtocol(text: string): number {
  const n = parseProtocolText(text);
  if (n === undefined) throw ec2Error('InvalidParameterValue', `Invalid value '${text}' for IP protocol. Unknown protocol.`);
  return n;
}

/** Network ACL `Protocol`: a number string or -1 (aws-semantics.md fact 22). */
export function parseNetworkAclProtocol(text: string): number {
  const t = text.trim();
  const n = NUMBER.test(t) ? Number(t) : undefined;
  if (n === undefined || n > 255) throw ec2Error('InvalidParameterValue', `Invalid value '${text}' for protocol. Must be a protocol number (0-255) or -1.`);
  return n;
}

/** The protocol as EC2 prints it in security-group output: a name for tcp/udp/icmp/icmpv6, else the number. */
export function protocolWireName(protocol: number): string {
  return NAMES[protocol] ?? String(protocol);
}

/** Human label, e.g. for explanations and audit findings. */
export function protocolLabel(protocol: number): string {
  return protocol === ALL_PROTOCOLS ? 'all' : (NAMES[protocol] ?? `proto ${protocol}`);
}

/** True for the protocols whose rules carry a port range (TCP, UDP). */
export function hasPorts(protocol: number): boolean {
  return protocol === TCP || protocol === UDP;
}

/** True for the protocols whose rules carry an ICMP type/code. */
export function isIcmp(protocol: number): boolean {
  return protocol === ICMP || protocol === ICMPV6;
}
