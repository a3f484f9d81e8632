/**
 * Packet sequences for the conntrack properties: new flows, replies (with the right or a wrong ICMP reply type),
 * repeats, clock advances chosen around every timeout, and rule changes (revoke or authorize one IpPermission).
 */
import fc from 'fast-check';
import { ICMP_REPLY_TYPE } from '../reference/conntrack.ts';
import type { ReferenceFlow } from '../reference/reference-types.ts';
import type { BuiltTopology } from './build-topology.ts';
import { flowSeed, type FlowSeed } from './flow-plan.ts';
import { permissionPlan, type PermissionPlan } from './topology-plan.ts';

export type Step =
  | { readonly kind: 'new'; readonly flow: FlowSeed }
  /** A new flow turned into an ICMP echo request (type 8, or 128 over IPv6), so echo replies are common. */
  | { readonly kind: 'ping'; readonly flow: FlowSeed }
  | { readonly kind: 'reply'; readonly of: number; readonly replyType: boolean }
  | { readonly kind: 'again'; readonly of: number }
  | { readonly kind: 'advance'; readonly by: number }
  | { readonly kind: 'revoke'; readonly group: number; readonly egress: boolean; readonly index: number }
  | { readonly kind: 'authorize'; readonly group: number; readonly egress: boolean; readonly permission: PermissionPlan }
  /** Revoke every permission that admitted a recent packet at one SG stage, then send that packet again. */
  | { readonly kind: 'revoke-admitting'; readonly of: number }
  /**
   * A flow, its reply, a pause, then both again: the shape that exercises timeouts and replies. `as` turns the flow
   * into an ICMP echo or a UDP datagram (the two whose tracking has special timing).
   */
  | { readonly kind: 'conversation'; readonly flow: FlowSeed; readonly as: 'drawn' | 'ping' | 'udp'; readonly pause: number };

/** Seconds: just under, at and just over every idle timeout of docs/semantics.md §5. */
export const ADVANCES = [1, 10, 29, 30, 31, 59, 60, 61, 90, 120, 150, 179, 180, 181, 349, 351, 599, 600, 601, 3600, 432_000, 432_001];

/** Pauses inside a conversation: around the UDP (30/60 s), UDP stream (60/180 s) and ICMP (30 s) timeouts. */
export const CONVERSATION_PAUSES = [1, 29, 31, 61, 120, 179, 181, 601];

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('new' as const), flow: flowSeed }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ping' as const), flow: flowSeed }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reply' as const), of: fc.nat(15), replyType: fc.constantFrom(true, true, false) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('again' as const), of: fc.nat(15) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), by: fc.nat(ADVANCES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), group: fc.nat(7), egress: fc.boolean(), index: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('authorize' as const), group: fc.nat(7), egress: fc.boolean(), permission: permissionPlan }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revoke-admitting' as const), of: fc.nat(7) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('conversation' as const),
      flow: flowSeed,
      as: fc.constantFrom('drawn' as const, 'ping' as const, 'udp' as const),
      pause: fc.nat(CONVERSATION_PAUSES.length - 1),
    }),
  },
);

/** Connection identity regardless of direction, for per-connection bookkeeping in the runner. */
export function connectionKey(f: ReferenceFlow): string {
  const a = `${f.src}:${f.srcPort}`;
  const b = `${f.dst}:${f.dstPort}`;
  return `${f.protocol}|${a < b ? `${a}|${b}` : `${b}|${a}`}`;
}

/**
 * The answer to `f`: source and destination swapped, ports swapped, and sent to the address the other side saw — the
 * public address when the original source's private IPv4 was translated on its way to the internet or to a public IP.
 * ICMP: the reply type of the request, or (replyType false) a type that is not a reply.
 */
export function asPing(f: ReferenceFlow): ReferenceFlow {
  const v6 = f.src.includes(':');
  return { ...f, protocol: v6 ? 58 : 1, srcPort: 0, dstPort: 0, icmpType: v6 ? 128 : 8, icmpCode: 0 };
}

/** TCP becomes UDP with the same ports; other protocols are left alone. */
export function asUdp(f: ReferenceFlow): ReferenceFlow {
  return f.protocol === 6 ? { ...f, protocol: 17 } : f;
}

export function replyTo(t: BuiltTopology, f: ReferenceFlow, replyType: boolean): ReferenceFlow {
  const sender = t.interfaces.find((i) => i.primary === f.src || i.secondaries.includes(f.src));
  const privatelyReached = t.interfaces.some((i) => i.primary === f.dst || i.secondaries.includes(f.dst) || i.ipv6.includes(f.dst));
  const back = sender?.publicIp && !privatelyReached ? sender.publicIp : f.src;
  const icmp = f.protocol === 1 || f.protocol === 58;
  const icmpType = !icmp ? f.icmpType : replyType ? (ICMP_REPLY_TYPE[f.icmpType] ?? f.icmpType) : f.protocol === 1 ? 3 : 1;
  return { ...f, src: f.dst, dst: back, srcPort: f.dstPort, dstPort: f.srcPort, icmpType };
}
