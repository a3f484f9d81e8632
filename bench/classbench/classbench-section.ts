/**
 * ClassBench stress runs (performance.md §3.1 and goals G4/G5): every family at 1k and 10k rules, and the three
 * 100k sets, in one flat index. For each set: build time and bytes per rule of the flat classifier, lookups/s of
 * the flat classifier and of the packed linear scan on the same header mix, and a check of every lookup of the
 * run against the linear scan (same verdict, and the returned rule really matches).
 */
import path from 'node:path';
import { flatRuleMatches, type FlatRule } from '../../src/engine/flat/flat-rule.ts';
import { TupleMergeClassifier } from '../../src/engine/flat/tuple-merge-classifier.ts';
import { formatMillis, formatRate, formatRuns, measureInterleaved, measureMillis, passesFor, type RateRuns } from '../support/measure.ts';
import { sharedDir } from '../support/shared-dir.ts';
import { textTable } from '../support/text-table.ts';
import { makeHeaderMix, type HeaderBatch } from './headers.ts';
import { PackedLinearScan } from './packed-linear-scan.ts';
import { readFilterSet } from './read-filters.ts';

const FAMILIES = ['acl1', 'acl2', 'acl3', 'acl4', 'acl5', 'fw1', 'fw2', 'fw3', 'fw4', 'fw5', 'ipc1', 'ipc2'];
const LARGE = ['acl1_100k', 'fw1_100k', 'ipc1_100k'];

export interface ClassBenchResult {
  readonly set: string;
  readonly scale: '1k' | '10k' | '100k';
  readonly rules: number;
  readonly dropped: number;
  readonly tables: number;
  readonly buildMs: number;
  readonly bytesPerRule: number;
  readonly flat: RateRuns;
  readonly linear: RateRuns;
  readonly allowedShare: number;
  readonly headers: number;
  readonly disagreements: number;
  readonly traceKind: HeaderBatch['traceKind'];
}

export interface ClassBenchOptions {
  readonly quick: boolean;
  readonly runs: number;
  /** Restrict to these set names (e.g. from --only). */
  readonly only?: readonly string[];
}

function classifyAll(c: TupleMergeClassifier, h: HeaderBatch): number {
  let allowed = 0;
  for (let i = 0; i < h.count; i++) {
    if (c.classify(h.src[i], h.dst[i], h.srcPort[i], h.dstPort[i], h.protocol[i]) !== -1) allowed++;
  }
  return allowed;
}

function scanSome(l: PackedLinearScan, h: HeaderBatch, n: number): number {
  let allowed = 0;
  for (let i = 0; i < n; i++) {
    if (l.classify(h.src[i], h.dst[i], h.srcPort[i], h.dstPort[i], h.protocol[i]) !== -1) allowed++;
  }
  return allowed;
}

/** Every lookup of the run, flat vs linear: verdicts must agree and a returned rule must match the header. */
function countDisagreements(c: TupleMergeClassifier, l: PackedLinearScan, rules: readonly FlatRule[], h: HeaderBatch): number {
  let bad = 0;
  for (let i = 0; i < h.count; i++) {
    const header = { src: h.src[i], dst: h.dst[i], srcPort: h.srcPort[i], dstPort: h.dstPort[i], protocol: h.protocol[i] };
    const a = c.classifyHeader(header);
    const b = l.classify(header.src, header.dst, header.srcPort, header.dstPort, header.protocol);
    if ((a === -1) !== (b === -1) || (a !== -1 && !flatRuleMatches(rules[a], header))) bad++;
  }
  return bad;
}

function runSet(name: string, opts: ClassBenchOptions): ClassBenchResult {
  const dir = path.join(sharedDir(), 'bench-data/classbench');
  const set = readFilterSet(path.join(dir, 'filters', name), name);
  const scale = name.endsWith('100k') ? '100k' : name.endsWith('10k') ? '10k' : '1k';
  // Full traces hold 85-99k headers; quick mode takes the first 10k (plus as many random headers).
  const headers = makeHeaderMix(path.join(dir, 'traces', `${name}_trace.gz`), set.all, 0x5eed, opts.quick ? 10_000 : 100_000);
  let flat = TupleMergeClassifier.build(set.rules);
  const build = measureMillis(opts.runs, () => {
    flat = TupleMergeClassifier.build(set.rules);
  });
  const linear = new PackedLinearScan(set.rules);
  const disagreements = countDisagreements(flat, linear, set.rules, headers);
  let allowed = classifyAll(flat, headers); // untimed first passes: compilation
  const passes = passesFor(headers.count);
  // The linear scan costs ~1 ns per rule and header: time it on a prefix of the (shuffled) mix worth ~0.2 s
  // (~0.05 s in quick mode).
  const sample = Math.min(headers.count, Math.max(2000, Math.floor((opts.quick ? 5e7 : 2e8) / set.rules.length)));
  scanSome(linear, headers, Math.min(sample, 2000));
  const runs = measureInterleaved(opts.runs, {
    flat: {
      ops: headers.count * passes,
      work: () => {
        for (let p = 0; p < passes; p++) allowed = classifyAll(flat, headers);
      },
    },
    linear: { ops: sample, work: () => scanSome(linear, headers, sample) },
  });
  const flatRuns = runs.flat;
  const linearRuns = runs.linear;
  return {
    set: name,
    scale,
    rules: set.rules.length,
    dropped: set.all.length - set.rules.length,
    tables: flat.tableCount,
    buildMs: build.best,
    bytesPerRule: flat.byteLength / set.rules.length,
    flat: flatRuns,
    linear: linearRuns,
    allowedShare: allowed / headers.count,
    headers: headers.count,
    disagreements,
    traceKind: headers.traceKind,
  };
}

export function classBenchSetNames(quick: boolean): string[] {
  const names = [...FAMILIES.map((f) => `${f}_1k`), ...FAMILIES.map((f) => `${f}_10k`)];
  return quick ? names : [...names, ...LARGE];
}

export function runClassBench(opts: ClassBenchOptions, log: (line: string) => void): ClassBenchResult[] {
  const results: ClassBenchResult[] = [];
  for (const name of classBenchSetNames(opts.quick)) {
    if (opts.only && !opts.only.includes(name)) continue;
    results.push(runSet(name, opts));
    const r = results[results.length - 1];
    log(`  ${r.set}: flat ${formatRate(r.flat.best)}, linear ${formatRate(r.linear.best)}, load ${r.flat.load.toFixed(1)}`);
  }
  log('');
  log(
    textTable(
      ['set', 'rules', 'tables', 'build', 'B/rule', 'flat lookups/s best (other runs)', 'packed linear', 'x linear', 'allowed', 'headers', 'disagree', 'load'],
      results.map((r) => [
        `${r.set}${r.traceKind === 'corners' ? '*' : ''}`,
        `${r.rules}${r.dropped ? ` (-${r.dropped})` : ''}`,
        String(r.tables),
        formatMillis(r.buildMs),
        r.bytesPerRule.toFixed(0),
        formatRuns(r.flat),
        formatRate(r.linear.best),
        `${(r.flat.best / r.linear.best).toFixed(0)}x`,
        `${(100 * r.allowedShare).toFixed(0)}%`,
        String(r.headers),
        String(r.disagreements),
        r.flat.load.toFixed(1),
      ]),
    ),
  );
  if (results.some((r) => r.traceKind === 'corners')) {
    log('  * no ClassBench trace for this family: the hit half is random corners of random rules (headers.ts).');
  }
  return results;
}
