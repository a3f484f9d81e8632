/**
 * Flow builders for engine tests: `tcpFlow('203.0.113.5:40000', '10.0.1.10:443')`, IPv6 as `[2600::1]:80`.
 */
import type { Flow } from '../flow.ts';
import { ip } from './estate-builder.ts';

function endpoint(text: string): { address: string; port: number } {
  const v6 = /^\[(.+)\]:(\d+)$/.exec(text);
  if (v6) return { address: v6[1], port: Number(v6[2]) };
  const colon = text.lastIndexOf(':');
  if (colon > 0 && !text.slice(0, colon).includes(':')) return { address: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
  return { address: text, port: 0 };
}

export function portFlow(protocol: 6 | 17, from: string, to: string): Flow {
  const s = endpoint(from);
  const d = endpoint(to);
  return { src: ip(s.address), dst: ip(d.address), protocol, srcPort: s.port, dstPort: d.port, icmpType: -1, icmpCode: -1 };
}

export const tcpFlow = (from: string, to: string): Flow => portFlow(6, from, to);
export const udpFlow = (from: string, to: string): Flow => portFlow(17, from, to);

export function icmpFlow(from: string, to: string, type: number, code = 0): Flow {
  const src = ip(from);
  return { src, dst: ip(to), protocol: src.family === 4 ? 1 : 58, srcPort: 0, dstPort: 0, icmpType: type, icmpCode: code };
}

export function protocolFlow(protocol: number, from: string, to: string): Flow {
  return { src: ip(from), dst: ip(to), protocol, srcPort: 0, dstPort: 0, icmpType: -1, icmpCode: -1 };
}

/** The same connection's packet in the other direction. */
export function reverse(flow: Flow): Flow {
  return { ...flow, src: flow.dst, dst: flow.src, srcPort: flow.dstPort, dstPort: flow.srcPort };
}
