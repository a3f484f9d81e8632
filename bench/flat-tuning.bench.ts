/**
 * Why the flat classifier's defaults (src/engine/flat/tuple-merge-classifier.ts) are what they are:
 *
 *   node --import tsx bench/flat-tuning.bench.ts [--runs N]
 *
 * On acl1, fw1 and ipc1 at 10k rules and ipc1 at 100k, each option set is built two ways, `build()` (broadest rules placed first)
 * and `add()` in file order (what online updates alone would make), and measured on two header mixes: the standard
 * one (random half uniform over every field, protocol 0-255) and a harder one whose random half is TCP/UDP only, so
 * that the protocol split cannot turn the misses away. Prints tables, build time and lookups/s (best of N).
 */
import path from 'node:path';
import type { FlatRule } from '../src/engine/flat/flat-rule.ts';
import { TupleMergeClassifier, type TupleMergeOptions } from '../src/engine/flat/tuple-merge-classifier.ts';
import { makeHeaderMix, type HeaderBatch } from './classbench/headers.ts';
import { readFilterSet } from './classbench/read-filters.ts';
import { formatMillis, formatRate, loadAverage, measureMillis, measureRate } from './support/measure.ts';
import { sharedDir } from './support/shared-dir.ts';
import { textTable } from './support/text-table.ts';

const OPTIONS: TupleMergeOptions[] = [
  { collisionLimit: 8, lengthStep: 2, serviceKeys: true }, // the defaults
  { collisionLimit: 8, lengthStep: 4, serviceKeys: true },
  { collisionLimit: 8, lengthStep: 4, serviceKeys: false },
  { collisionLimit: 16, lengthStep: 8, serviceKeys: true },
  { collisionLimit: 4, lengthStep: 4, serviceKeys: true },
  { collisionLimit: 8, lengthStep: 1, serviceKeys: false }, // no omitted bits in new tables
];

function inFileOrder(rules: readonly FlatRule[], options: TupleMergeOptions): TupleMergeClassifier {
  const c = new TupleMergeClassifier(options, rules.length);
  for (const r of rules) c.add(r);
  return c;
}

function lookups(c: TupleMergeClassifier, h: HeaderBatch): number {
  let allowed = 0;
  for (let i = 0; i < h.count; i++) if (c.classify(h.src[i], h.dst[i], h.srcPort[i], h.dstPort[i], h.protocol[i]) !== -1) allowed++;
  return allowed;
}

function main(): void {
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 3;
  const dir = path.join(sharedDir(), 'bench-data/classbench');
  process.stdout.write(`flat classifier tuning, best of ${runs}, load ${loadAverage().toFixed(2)}\n`);
  const rows: string[][] = [];
  for (const name of ['acl1_10k', 'fw1_10k', 'ipc1_10k', 'ipc1_100k']) {
    const set = readFilterSet(path.join(dir, 'filters', name), name);
    const trace = path.join(dir, 'traces', `${name}_trace.gz`);
    const standard = makeHeaderMix(trace, set.all, 0x5eed, 50_000);
    const tcpUdp = makeHeaderMix(trace, set.all, 0x5eed, 50_000, [6, 17]);
    for (const options of OPTIONS) {
      for (const order of ['build', 'file order'] as const) {
        const make = () => (order === 'build' ? TupleMergeClassifier.build(set.rules, options) : inFileOrder(set.rules, options));
        let c = make();
        const build = measureMillis(runs, () => (c = make()));
        const a = measureRate(runs, standard.count, () => lookups(c, standard));
        const b = measureRate(runs, tcpUdp.count, () => lookups(c, tcpUdp));
        rows.push([
          name,
          `limit ${options.collisionLimit}, step ${options.lengthStep}, service keys ${options.serviceKeys ? 'on' : 'off'}`,
          order,
          String(c.tableCount),
          formatMillis(build.best),
          formatRate(a.best),
          formatRate(b.best),
        ]);
      }
    }
  }
  process.stdout.write(`${textTable(['set', 'options', 'placement', 'tables', 'build', 'standard mix', 'TCP/UDP random half'], rows, 3)}\n`);
  process.stdout.write(`load at end ${loadAverage().toFixed(2)}\n`);
}

main();
