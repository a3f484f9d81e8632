/**
 * Stateful security groups (docs/semantics.md §5, aws-semantics.md §5): per-interface connection tracking in front of
 * the classifier. One table per address family, keyed by (interface slot, protocol, local address, remote address,
 * local and remote port), so each interface has its own table in effect and the key is numbers only.
 *
 * - ICMP keys carry the query type in place of ports (icmpQueryType); other non-TCP/UDP protocols carry ports 0.
 * - Lookup first: a live entry admits the packet in its own orientation, and a reply in the opposite one (ICMP only
 *   the reply to a request seen in the entry's orientation); an admitted packet refreshes the entry.
 * - Otherwise the rules decide; a tracked admitted packet creates (or replaces) the entry, with the packet's
 *   orientation. Untracked TCP/UDP flows (§5.3) create nothing, so every later packet is judged by the rules.
 * - Rule changes never touch the tables (§5.6); timeouts come from the interface (§5.8).
 */
import { ConnectionTable } from './connection-table.ts';
import type { SecurityGroupClassifier } from '../classify/classifier.ts';
import { EGRESS, type DirectionIndex } from '../classify/group-table.ts';
import { TIMEOUT_TCP, TIMEOUT_UDP, TIMEOUT_UDP_STREAM, type InterfaceTable } from '../classify/interface-table.ts';
import { NO_MATCH } from '../classify/classifier.ts';

/** `admit` result: a live connection let the packet through (rule slots are ≥ 0, NO_MATCH is -1). */
export const ADMITTED_BY_CONNTRACK = -2;

const STATE_ORIGIN_EGRESS = 1;
const STATE_REPLY_SEEN = 2;
/** ICMP: a request (echo, timestamp, information, address mask) has been admitted in the entry's orientation. */
const STATE_REQUEST_SEEN = 4;

/** ICMP 30 s (chosen), other protocols 600 s (aws-semantics.md §5.2). */
export const ICMP_TIMEOUT = 30;
export const OTHER_PROTOCOL_TIMEOUT = 600;

export class ConnectionTracker {
  readonly ipv4: ConnectionTable;
  readonly ipv6: ConnectionTable;
  /** Whether the last admitted packet is tracked at its interface. */
  lastTracked = false;
  private readonly key6 = new Int32Array(10);

  constructor(
    private readonly classifier: SecurityGroupClassifier,
    private readonly interfaces: InterfaceTable,
    /** Expected number of IPv4 connections: presizing spares the rehashes of growing from small. */
    expectedConnections = 1024,
  ) {
    this.ipv4 = new ConnectionTable(4, Math.ceil(expectedConnections / 0.7));
    this.ipv6 = new ConnectionTable(10, 64);
  }

  /**
   * Judges one packet at interface `iface` in `direction`: returns ADMITTED_BY_CONNTRACK, the admitting rule slot,
   * or NO_MATCH. `local`/`remote` are address words (IPv4: word 0), ports are the packet's own.
   */
  admit(
    iface: number,
    direction: DirectionIndex,
    family: number,
    local: ArrayLike<number>,
    remote: ArrayLike<number>,
    protocol: number,
    localPort: number,
    remotePort: number,
    icmpType: number,
    icmpCode: number,
    now: number,
  ): number {
    const ported = protocol === 6 || protocol === 17;
    const icmp = protocol === 1 || protocol === 58;
    const ports = ported ? (localPort << 16) | remotePort : icmp ? icmpQueryType(protocol, icmpType) : 0;
    const ifaceProtocol = iface * 256 + protocol;
    let table: ConnectionTable;
    const key = this.key6;
    let slot: number;
    if (family === 4) {
      table = this.ipv4;
      slot = table.lookup4(ifaceProtocol, local[0], remote[0], ports, now);
    } else {
      table = this.ipv6;
      key[0] = ifaceProtocol;
      for (let w = 0; w < 4; w++) {
        key[1 + w] = local[w];
        key[5 + w] = remote[w];
      }
      key[9] = ports;
      slot = table.lookup(key, now);
    }
    const egress = direction === EGRESS ? STATE_ORIGIN_EGRESS : 0;
    if (slot >= 0) {
      const state = table.stateAt(slot);
      const sameOrientation = (state & STATE_ORIGIN_EGRESS) === egress;
      // ICMP replies pass only as the answer to a request seen in the entry's orientation; the key's query type
      // (icmpQueryType) makes it the matching request.
      if (sameOrientation || !icmp || ((state & STATE_REQUEST_SEEN) !== 0 && isIcmpReply(protocol, icmpType))) {
        const next = !sameOrientation ? state | STATE_REPLY_SEEN : icmp && isIcmpRequest(protocol, icmpType) ? state | STATE_REQUEST_SEEN : state;
        table.refresh(slot, next, now + this.timeout(iface, protocol, (next & STATE_REPLY_SEEN) !== 0));
        this.lastTracked = true;
        return ADMITTED_BY_CONNTRACK;
      }
    }
    const dstPort = direction === EGRESS ? remotePort : localPort;
    const w1 = family === 4 ? 0 : remote[1];
    const w2 = family === 4 ? 0 : remote[2];
    const w3 = family === 4 ? 0 : remote[3];
    const rule = this.classifier.classify(iface, direction, family, remote[0], w1, w2, w3, protocol, dstPort, icmpType, icmpCode);
    if (rule === NO_MATCH) {
      this.lastTracked = false;
      return NO_MATCH;
    }
    const srcPort = direction === EGRESS ? localPort : remotePort;
    if (ported && this.classifier.isUntracked(iface, direction, family, protocol, srcPort, dstPort, rule)) {
      this.lastTracked = false;
      return rule;
    }
    const state = egress | (icmp && isIcmpRequest(protocol, icmpType) ? STATE_REQUEST_SEEN : 0);
    const expiry = now + this.timeout(iface, protocol, false);
    if (family === 4) table.insert4(ifaceProtocol, local[0], remote[0], ports, state, expiry, now);
    else table.insert(key, state, expiry, now);
    this.lastTracked = true;
    return rule;
  }

  /** Idle timeout in seconds for a connection of `protocol` at the interface (docs/semantics.md §5). */
  private timeout(iface: number, protocol: number, replySeen: boolean): number {
    const t = this.interfaces.timeouts;
    if (protocol === 6) return t[iface * 3 + TIMEOUT_TCP];
    if (protocol === 17) return t[iface * 3 + (replySeen ? TIMEOUT_UDP_STREAM : TIMEOUT_UDP)];
    if (protocol === 1 || protocol === 58) return ICMP_TIMEOUT;
    return OTHER_PROTOCOL_TIMEOUT;
  }
}

/**
 * The ICMP part of a connection key: the message's query type, a reply counting as its request (0→8, 14→13, 16→15,
 * 18→17; ICMPv6 129→128), so an echo exchange and an unrelated message from the same host (time exceeded, say) are
 * separate connections (docs/semantics.md §5).
 */
export function icmpQueryType(protocol: number, type: number): number {
  if (protocol === 1) return type === 0 ? 8 : type === 14 ? 13 : type === 16 ? 15 : type === 18 ? 17 : type;
  return type === 129 ? 128 : type;
}

/** The reply type of an ICMP query type (echo, timestamp, information, address mask; ICMPv6 echo), or -1. */
export function icmpReplyType(protocol: number, type: number): number {
  if (protocol === 1) return type === 8 ? 0 : type === 13 ? 14 : type === 15 ? 16 : type === 17 ? 18 : -1;
  return type === 128 ? 129 : -1;
}

function isIcmpRequest(protocol: number, type: number): boolean {
  return icmpReplyType(protocol, type) >= 0;
}

function isIcmpReply(protocol: number, type: number): boolean {
  return protocol === 1 ? type === 0 || type === 14 || type === 16 || type === 18 : type === 129;
}
