/**
 * Reads a ClassBench filter file into flat rules, dropping the "broad backstop" rules that would make every
 * header allowed under security-group semantics: both port ranges full and srcLen + dstLen <= 8, any protocol
 * (shared/bench-data/classbench/README.md, "Caveats"). The TCP-flags column is ignored.
 */
import { readFileSync } from 'node:fs';
import type { FlatRule } from '../../src/engine/flat/flat-rule.ts';

export interface FilterSet {
  readonly name: string;
  /** Every rule of the file, in file order (trace headers refer to these indexes). */
  readonly all: readonly FlatRule[];
  /** The rules benchmarked: `all` without the broad backstops. */
  readonly rules: readonly FlatRule[];
}

const LINE =
  /^@(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)\s+(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)\s+(\d+)\s*:\s*(\d+)\s+(\d+)\s*:\s*(\d+)\s+0x([0-9a-fA-F]+)\/0x([0-9a-fA-F]+)/;

function parseLine(line: string): FlatRule {
  const m = LINE.exec(line);
  if (!m) throw new Error(`not a ClassBench filter line: ${line}`);
  const n = m.slice(1).map((x, i) => (i >= 14 ? parseInt(x, 16) : Number(x)));
  const ip = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  return {
    srcAddr: ip(n[0], n[1], n[2], n[3]),
    srcPrefixLength: n[4],
    dstAddr: ip(n[5], n[6], n[7], n[8]),
    dstPrefixLength: n[9],
    srcPortFrom: n[10],
    srcPortTo: n[11],
    dstPortFrom: n[12],
    dstPortTo: n[13],
    protocol: n[15] === 0 ? -1 : n[14],
  };
}

export function isBroadBackstop(r: FlatRule): boolean {
  const fullPorts = r.srcPortFrom === 0 && r.srcPortTo === 65535 && r.dstPortFrom === 0 && r.dstPortTo === 65535;
  return fullPorts && r.srcPrefixLength + r.dstPrefixLength <= 8;
}

export function readFilterSet(file: string, name: string): FilterSet {
  const all = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('@'))
    .map(parseLine);
  return { name, all, rules: all.filter((r) => !isBroadBackstop(r)) };
}
