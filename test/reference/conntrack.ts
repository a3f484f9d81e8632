/**
 * The reference connection-tracking table (docs/semantics.md §5): one flat list of entries, searched linearly.
 * An entry belongs to one interface and is keyed by (protocol, local address, local port, remote address, remote
 * port) — for ICMP the "port" is the message's query type, a reply counting as its request's — and remembers the
 * orientation of the packet that created it and whether an ICMP request was admitted in that orientation.
 */
import { addrKey, type Addr } from './address.ts';
import type { RawNetworkInterface } from './raw-describe.ts';
import type { SgDirection } from './security-group-rules.ts';

export interface ConntrackEntry {
  readonly interfaceId: string;
  readonly key: string;
  /** The direction of the first packet at this interface. */
  readonly direction: SgDirection;
  /** An ICMP request (echo, timestamp, …) was admitted in the entry's orientation: its reply may come back. */
  requestSeen: boolean;
  expiresAt: number;
  replySeen: boolean;
}

/** ICMP request type → the reply type conntrack lets back (echo, timestamp, information, address mask, ICMPv6 echo). */
export const ICMP_REPLY_TYPE: Readonly<Record<number, number>> = { 8: 0, 13: 14, 15: 16, 17: 18, 128: 129 };

export function isIcmpProtocol(protocol: number): boolean {
  return protocol === 1 || protocol === 58;
}

/** ICMP reply type → the request type it answers. */
const ICMP_REQUEST_OF_REPLY: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(ICMP_REPLY_TYPE).map(([request, reply]) => [reply, Number(request)]),
);

/** The ICMP "query type" that keys an entry: a reply is keyed as the request it answers (docs/semantics.md §5). */
export function icmpQueryType(icmpType: number): number {
  return ICMP_REQUEST_OF_REPLY[icmpType] ?? icmpType;
}

export function isIcmpRequest(icmpType: number): boolean {
  return icmpType in ICMP_REPLY_TYPE;
}

/** Ports for TCP and UDP, the query type for ICMP; everything else is tracked by addresses and protocol alone. */
export function conntrackKey(protocol: number, local: Addr, localPort: number, remote: Addr, remotePort: number, icmpType: number): string {
  const ported = protocol === 6 || protocol === 17;
  const icmp = isIcmpProtocol(protocol) ? icmpQueryType(icmpType) : 0;
  return [protocol, addrKey(local), ported ? localPort : icmp, addrKey(remote), ported ? remotePort : 0].join('|');
}

/** Idle timeout in seconds: TCP and UDP from the interface's configuration, ICMP 30 s (chosen), others 600 s. */
export function idleTimeout(protocol: number, replySeen: boolean, eni: RawNetworkInterface): number {
  const config = eni.ConnectionTrackingConfiguration ?? {};
  if (protocol === 6) return config.TcpEstablishedTimeout ?? 432_000;
  if (protocol === 17) return replySeen ? (config.UdpStreamTimeout ?? 180) : (config.UdpTimeout ?? 30);
  if (isIcmpProtocol(protocol)) return 30;
  return 600;
}

export class ConntrackList {
  private entries: ConntrackEntry[] = [];

  /** The live entry (now < expiry) for this key at this interface, if any. */
  findLive(interfaceId: string, key: string, now: number): ConntrackEntry | undefined {
    return this.entries.find((e) => e.interfaceId === interfaceId && e.key === key && now < e.expiresAt);
  }

  /** Creates an entry; one per (interface, key), so an older one (expired, or live but not consulted) is replaced. */
  create(entry: ConntrackEntry): void {
    this.entries = this.entries.filter((e) => !(e.interfaceId === entry.interfaceId && e.key === entry.key));
    this.entries.push(entry);
  }

  get size(): number {
    return this.entries.length;
  }
}
