/**
 * IP addresses as numbers. An address is its family plus four unsigned 32-bit words, most significant first;
 * IPv4 uses word 0 only, so one masking routine serves both families and the engine never touches strings.
 * IPv4 is parsed by hand in strict dotted-decimal (EC2 rejects `010.0.0.1`; ipaddr.js would read it as octal,
 * stack.md); IPv6 goes through ipaddr.js, which knows every textual form.
 */
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;
export type Words = readonly [number, number, number, number];

export interface IpAddress {
  readonly family: Family;
  readonly words: Words;
}

const V4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses strict dotted-decimal IPv4 into a uint32, or returns undefined. */
export function parseIpv4Number(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!V4_OCTET.test(p)) return undefined;
    n = n * 256 + Number(p);
  }
  return n >>> 0;
}

export function formatIpv4Number(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function parseIpv6Words(text: string): Words | undefined {
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return undefined;
  // Zone ids (fe80::1%eth0) have no meaning in a security-group rule.
  if (text.includes('%')) return undefined;
  const parts = ipaddr.IPv6.parse(text).parts;
  return [
    ((parts[0] << 16) | parts[1]) >>> 0,
    ((parts[2] << 16) | parts[3]) >>> 0,
    ((parts[4] << 16) | parts[5]) >>> 0,
    ((parts[6] << 16) | parts[7]) >>> 0,
  ];
}

export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4Number(text);
  if (v4 !== undefined) return { family: 4, words: [v4, 0, 0, 0] };
  const v6 = parseIpv6Words(text);
  if (v6 !== undefined) return { family: 6, words: v6 };
  return undefined;
}

/** Canonical text (RFC 5952 for IPv6, as EC2 prints it). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return formatIpv4Number(ip.words[0]);
  const parts: number[] = [];
  for (const w of ip.words) parts.push(w >>> 16, w & 0xffff);
  return ipaddr.fromByteArray(parts.flatMap((p) => [p >> 8, p & 255])).toString();
}

export function ipEquals(a: IpAddress, b: IpAddress): boolean {
  return (
    a.family === b.family &&
    a.words[0] === b.words[0] &&
    a.words[1] === b.words[1] &&
    a.words[2] === b.words[2] &&
    a.words[3] === b.words[3]
  );
}

/** A stable string key for maps keyed by address (outside hot paths). */
export function ipKey(ip: IpAddress): string {
  return ip.family === 4 ? String(ip.words[0]) : `6:${ip.words.join(':')}`;
}
