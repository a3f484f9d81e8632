/**
 * rulegen flows (flows.jsonl) as parallel typed arrays, oriented the way a per-interface classifier sees them:
 * the interface, the direction, the remote address (source inbound, destination outbound), the local address,
 * the destination port, and rulegen's expected security-group verdict. Parsing happens once, outside every timed
 * loop; the loops read numbers only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIp } from '../../src/core/net/ip.ts';

export interface FlowBatch {
  readonly count: number;
  /** Index of the interface in `snapshot.networkInterfaces`. */
  readonly eni: Int32Array;
  /** 1 = outbound (egress), 0 = inbound. */
  readonly egress: Uint8Array;
  readonly family: Uint8Array;
  /** Remote and local address words (IPv4: word 0, the others 0). */
  readonly remote: readonly [Int32Array, Int32Array, Int32Array, Int32Array];
  readonly local: readonly [Int32Array, Int32Array, Int32Array, Int32Array];
  readonly protocol: Uint8Array;
  /** The packet's ports; 0 for protocols without ports. */
  readonly srcPort: Int32Array;
  readonly dstPort: Int32Array;
  /** -1 for non-ICMP packets. */
  readonly icmpType: Int16Array;
  readonly icmpCode: Int16Array;
  /** rulegen's "expect": 1 allow, 0 deny (security groups only; replies allowed by connection tracking). */
  readonly expectAllow: Uint8Array;
  /** 1 for kind "reply" (the reversed tuple of an earlier allowed flow). */
  readonly isReply: Uint8Array;
}

interface RulegenFlow {
  eni: string;
  dir: 'in' | 'out';
  af: 4 | 6;
  proto: number;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  icmpType?: number;
  icmpCode?: number;
  kind: string;
  expect: 'allow' | 'deny';
}

export function readFlowBatch(dir: string, eniIndex: ReadonlyMap<string, number>, limit = Infinity): FlowBatch {
  const lines = readFileSync(path.join(dir, 'flows.jsonl'), 'utf8').split('\n');
  const n = Math.min(limit, lines[lines.length - 1] === '' ? lines.length - 1 : lines.length);
  const words = () => [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)] as const;
  const b = {
    count: n,
    eni: new Int32Array(n),
    egress: new Uint8Array(n),
    family: new Uint8Array(n),
    remote: words(),
    local: words(),
    protocol: new Uint8Array(n),
    srcPort: new Int32Array(n),
    dstPort: new Int32Array(n),
    icmpType: new Int16Array(n),
    icmpCode: new Int16Array(n),
    expectAllow: new Uint8Array(n),
    isReply: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = JSON.parse(lines[i]) as RulegenFlow;
    const eni = eniIndex.get(f.eni);
    const src = parseIp(f.src);
    const dst = parseIp(f.dst);
    if (eni === undefined || !src || !dst) throw new Error(`rulegen flows: bad flow ${lines[i]}`);
    const out = f.dir === 'out';
    const [remote, local] = out ? [dst, src] : [src, dst];
    b.eni[i] = eni;
    b.egress[i] = out ? 1 : 0;
    b.family[i] = f.af;
    for (let w = 0; w < 4; w++) {
      b.remote[w][i] = remote.words[w];
      b.local[w][i] = local.words[w];
    }
    b.protocol[i] = f.proto;
    b.srcPort[i] = f.sport ?? 0;
    b.dstPort[i] = f.dport ?? 0;
    b.icmpType[i] = f.icmpType ?? -1;
    b.icmpCode[i] = f.icmpCode ?? -1;
    b.expectAllow[i] = f.expect === 'allow' ? 1 : 0;
    b.isReply[i] = f.kind === 'reply' ? 1 : 0;
  }
  return b;
}

/** The indexes of the flows to classify without connection tracking (every flow but the replies). */
export function firstPacketFlows(b: FlowBatch): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < b.count; i++) if (b.isReply[i] === 0) out.push(i);
  return Int32Array.from(out);
}
