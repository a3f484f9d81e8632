/**
 * The header mix of the ClassBench runs (performance.md §3.1 "mixed"): half ClassBench trace headers, which all
 * hit some rule of the full set, and half uniform random headers (every field uniform, protocol 0-255), which
 * nearly all miss. Only acl1, fw1 and ipc1 ship traces; for the other families the trace half is made the way
 * ClassBench's trace_generator makes it with no locality (Pareto a=1, b=0): a random rule of the full set and a
 * random corner of it (each field the low or the high end of the rule's range).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ipv4PrefixMask, type FlatRule } from '../../src/engine/flat/flat-rule.ts';
import { SeededRandom } from '../support/random.ts';

/** Headers as parallel typed arrays: the lookup loop reads numbers, never objects. */
export interface HeaderBatch {
  readonly count: number;
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  readonly srcPort: Uint16Array;
  readonly dstPort: Uint16Array;
  readonly protocol: Uint8Array;
  /** Where the trace half came from: "trace" (ClassBench file) or "corners" (made here). */
  readonly traceKind: 'trace' | 'corners';
}

function allocate(count: number) {
  return {
    src: new Uint32Array(count),
    dst: new Uint32Array(count),
    srcPort: new Uint16Array(count),
    dstPort: new Uint16Array(count),
    protocol: new Uint8Array(count),
  };
}

type Columns = ReturnType<typeof allocate>;

function readTrace(file: string, into: Columns, limit: number): number {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  let n = 0;
  for (const line of lines) {
    if (n >= limit) break;
    const f = line.split('\t');
    if (f.length < 5) continue;
    into.src[n] = Number(f[0]);
    into.dst[n] = Number(f[1]);
    into.srcPort[n] = Number(f[2]);
    into.dstPort[n] = Number(f[3]);
    into.protocol[n] = Number(f[4]);
    n++;
  }
  return n;
}

function corner(rng: SeededRandom, addr: number, len: number): number {
  const m = ipv4PrefixMask(len);
  return rng.below(2) === 0 ? (addr & m) >>> 0 : ((addr & m) | ~m) >>> 0;
}

function makeCorners(rules: readonly FlatRule[], rng: SeededRandom, into: Columns, count: number): void {
  for (let i = 0; i < count; i++) {
    const r = rules[rng.below(rules.length)];
    into.src[i] = corner(rng, r.srcAddr, r.srcPrefixLength);
    into.dst[i] = corner(rng, r.dstAddr, r.dstPrefixLength);
    into.srcPort[i] = rng.below(2) === 0 ? r.srcPortFrom : r.srcPortTo;
    into.dstPort[i] = rng.below(2) === 0 ? r.dstPortFrom : r.dstPortTo;
    into.protocol[i] = r.protocol === -1 ? (rng.below(2) === 0 ? 0 : 255) : r.protocol;
  }
}

/**
 * `maxTrace` caps the trace half (quick mode); the random half has as many headers as the trace half, and the
 * two are shuffled together so that no run of hits or misses helps the branch predictor.
 */
export function makeHeaderMix(
  traceFile: string,
  allRules: readonly FlatRule[],
  seed: number,
  maxTrace: number,
  /** Protocols of the random half; by default uniform over 0-255. */
  randomProtocols?: readonly number[],
): HeaderBatch {
  const rng = new SeededRandom(seed);
  const half = allocate(maxTrace);
  let n: number;
  let traceKind: HeaderBatch['traceKind'];
  if (existsSync(traceFile)) {
    n = readTrace(traceFile, half, maxTrace);
    traceKind = 'trace';
  } else {
    n = maxTrace;
    makeCorners(allRules, rng, half, n);
    traceKind = 'corners';
  }
  const out = allocate(2 * n);
  for (const k of ['src', 'dst', 'srcPort', 'dstPort', 'protocol'] as const) out[k].set(half[k].subarray(0, n));
  for (let i = n; i < 2 * n; i++) {
    out.src[i] = rng.nextUint32();
    out.dst[i] = rng.nextUint32();
    out.srcPort[i] = rng.below(65536);
    out.dstPort[i] = rng.below(65536);
    out.protocol[i] = randomProtocols ? randomProtocols[rng.below(randomProtocols.length)] : rng.below(256);
  }
  rng.shuffleParallel(2 * n, [out.src, out.dst, out.srcPort, out.dstPort, out.protocol]);
  return { count: 2 * n, ...out, traceKind };
}
