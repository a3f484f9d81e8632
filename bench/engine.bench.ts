/**
 * The engine against its targets and the naive baselines, in one run (docs/performance.md explains every figure):
 *
 *   node --import tsx bench/engine.bench.ts [--quick] [--runs N] [--only rulegen,classbench,conntrack,nacl] [--rules 1000,10000,100000]
 *
 * --quick: rulegen at 1k and 10k rules with 100k flows, ClassBench at 1k and 10k with 20k trace headers, 3 runs
 * (under 2 minutes once the corpora are cached). Full: rulegen at 1k, 10k and 100k with 1M flows, every ClassBench
 * set with the whole traces, 5 runs. Every figure is the best run, printed with the other runs and the 1-minute load
 * average (the machine is shared). Shared inputs come from ../shared or $RAMPART_SHARED; generated corpora are
 * cached in bench/.data. The results are also written to bench/.data/engine-bench-<quick|full>.json.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runClassBench, type ClassBenchResult } from './classbench/classbench-section.ts';
import { measureNacl, type NaclFigures } from './nacl/nacl-throughput.ts';
import { describeRulegen, runRulegen, type RulegenResult } from './rulegen/rulegen-section.ts';
import { goalTable, judge, type GoalRow } from './summary/goals.ts';
import { formatRate, formatRuns, loadAverage } from './support/measure.ts';
import { BENCH_DATA_DIR } from './support/shared-dir.ts';
import { measureConntrack, type ConntrackFigures } from './tables/conntrack-throughput.ts';

interface Args {
  readonly quick: boolean;
  readonly runs: number;
  readonly only: ReadonlySet<string>;
  /** Rulegen scales to run (default: 1k and 10k quick, also 100k full). */
  readonly rules?: readonly number[];
}

const SECTIONS = ['rulegen', 'classbench', 'conntrack', 'nacl'];

function parseArgs(argv: readonly string[]): Args {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = new Set((value('--only') ?? SECTIONS.join(',')).split(','));
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);
  const rules = value('--rules')?.split(',').map(Number);
  if (rules?.some((n) => ![1_000, 10_000, 100_000].includes(n))) throw new Error('--rules: a comma-separated list of 1000, 10000, 100000');
  return { quick, runs: Number(value('--runs') ?? (quick ? 3 : 5)), only, rules };
}

const started = Date.now();
const log = (line = '') => process.stdout.write(`${line}\n`);
/** Section headers carry the elapsed time, so that slow sections show. */
const section = (title: string) => log(`\n== ${title}   [${((Date.now() - started) / 1000).toFixed(0)} s]`);

function minOf<T>(items: readonly T[], f: (t: T) => number): number | undefined {
  return items.length === 0 ? undefined : Math.min(...items.map(f));
}

function maxOf<T>(items: readonly T[], f: (t: T) => number): number | undefined {
  return items.length === 0 ? undefined : Math.max(...items.map(f));
}

function goals(rulegen: ReadonlyMap<number, RulegenResult>, classbench: readonly ClassBenchResult[], ct: ConntrackFigures | undefined, nacl: NaclFigures | undefined): GoalRow[] {
  const rg10 = rulegen.get(10_000);
  const rg100 = rulegen.get(100_000);
  const largest = rg100 ?? rg10;
  const cb10 = classbench.filter((r) => r.scale === '10k');
  const cb100 = classbench.filter((r) => r.scale === '100k');
  const ratio = (r: RulegenResult | undefined) => (r ? r.verdict.best / r.naive.best : 0);
  const worstLatency = (a?: { p99: number }, b?: { p99: number }) => (a && b ? Math.max(a.p99, b.p99) : undefined);
  return [
    judge({ goal: 'G1', figure: 'verdicts/s, rulegen 10k', target: 6e6, floor: 3e6, higherIsBetter: true, unit: 'rate', alsoFloor: [{ label: 'naive', measured: ratio(rg10), atLeast: 2 }] }, rg10?.verdict.best),
    judge({ goal: 'G2', figure: 'verdicts/s, rulegen 100k', target: 3e6, floor: 1.5e6, higherIsBetter: true, unit: 'rate', alsoFloor: [{ label: 'naive', measured: ratio(rg100), atLeast: 3 }] }, rg100?.verdict.best),
    judge({ goal: 'G3', figure: 'explanation cost, 10k (verdict/explained)', target: 1.2, floor: 1.5, higherIsBetter: false, unit: 'ratio' }, rg10 && rg10.verdict.best / rg10.explained.best),
    judge({ goal: 'G3', figure: 'explanation cost, 100k', target: 1.2, floor: 1.5, higherIsBetter: false, unit: 'ratio' }, rg100 && rg100.verdict.best / rg100.explained.best),
    judge(
      { goal: 'G4', figure: 'ClassBench 10k, slowest of 12 families', target: 1e6, floor: 5e5, higherIsBetter: true, unit: 'rate', alsoFloor: [{ label: 'linear (min)', measured: minOf(cb10, (r) => r.flat.best / r.linear.best) ?? 0, atLeast: 3 }] },
      minOf(cb10, (r) => r.flat.best),
    ),
    judge(
      { goal: 'G5', figure: 'ClassBench 100k, slowest of 3', target: 5e5, floor: 2e5, higherIsBetter: true, unit: 'rate', alsoFloor: [{ label: 'linear (min)', measured: minOf(cb100, (r) => r.flat.best / r.linear.best) ?? 0, atLeast: 10 }] },
      minOf(cb100, (r) => r.flat.best),
    ),
    judge({ goal: 'G6', figure: 'engine index bytes/rule, rulegen 10k', target: 100, floor: 200, higherIsBetter: false, unit: 'bytes' }, rg10?.bytesPerRule),
    judge({ goal: 'G6', figure: 'engine index bytes/rule, rulegen 100k', target: 100, floor: 200, higherIsBetter: false, unit: 'bytes' }, rg100?.bytesPerRule),
    judge({ goal: 'G6', figure: 'flat classifier bytes/rule, largest', target: 100, floor: 200, higherIsBetter: false, unit: 'bytes' }, maxOf(classbench, (r) => r.bytesPerRule)),
    judge({ goal: 'G7', figure: 'engine build, rulegen 10k', target: 30, floor: 100, higherIsBetter: false, unit: 'ms' }, rg10?.buildMs),
    judge({ goal: 'G7', figure: 'engine build, rulegen 100k', target: 300, floor: 1000, higherIsBetter: false, unit: 'ms' }, rg100?.buildMs),
    judge({ goal: 'G7', figure: 'flat build, ClassBench 10k, slowest', target: 30, floor: 100, higherIsBetter: false, unit: 'ms' }, maxOf(cb10, (r) => r.buildMs)),
    judge({ goal: 'G7', figure: 'flat build, ClassBench 100k, slowest', target: 300, floor: 1000, higherIsBetter: false, unit: 'ms' }, maxOf(cb100, (r) => r.buildMs)),
    judge({ goal: 'G8', figure: `rule add/remove p99, rulegen ${largest ? largest.rules / 1000 : '-'}k`, target: 100, floor: 1000, higherIsBetter: false, unit: 'us' }, worstLatency(largest?.ruleAdd, largest?.ruleRemove)),
    judge({ goal: 'G9', figure: `group attach/detach p99, rulegen ${largest ? largest.rules / 1000 : '-'}k`, target: 1, floor: 10, higherIsBetter: false, unit: 'us' }, worstLatency(largest?.attach, largest?.detach)),
    judge({ goal: 'G10', figure: 'conntrack inserts/s at 1M', target: 5e6, floor: 2e6, higherIsBetter: true, unit: 'rate' }, ct?.inserts.best),
    judge({ goal: 'G10', figure: 'conntrack hit lookups/s at 1M', target: 8e6, floor: 3e6, higherIsBetter: true, unit: 'rate' }, ct?.hits.best),
    judge({ goal: 'G11', figure: 'end to end flows/s, rulegen 10k', target: 3e6, floor: 1.5e6, higherIsBetter: true, unit: 'rate' }, rg10?.endToEnd.best),
    judge({ goal: 'G12', figure: 'NACL evaluations/s, 40 entries', target: 10e6, floor: 5e6, higherIsBetter: true, unit: 'rate' }, nacl?.engine.best),
  ];
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const startLoad = loadAverage();
  log(`engine benchmark (${args.quick ? 'quick' : 'full'}), ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}`);
  log(`best of ${args.runs} runs; load average (1 min) at start ${startLoad.toFixed(2)}`);

  const rulegen = new Map<number, RulegenResult>();
  if (args.only.has('rulegen')) {
    const scales = args.rules ?? (args.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]);
    for (const rules of scales) {
      section(`rulegen, ${rules} rules`);
      const r = runRulegen({ rules, flows: args.quick ? 100_000 : 1_000_000, runs: args.runs, updates: args.quick ? 1000 : 2000 }, log);
      rulegen.set(rules, r);
      for (const line of describeRulegen(r)) log(line);
    }
  }

  let ct: ConntrackFigures | undefined;
  if (args.only.has('conntrack')) {
    section('connection tracking, 1M entries (ConnectionTable, 4 key words, presized to 2^21 slots)');
    ct = measureConntrack(1_000_000, args.runs);
    log(`  inserts          ${formatRuns(ct.inserts)}   (growing from the default size: ${formatRuns(ct.insertsGrowing)})`);
    log(`  lookups, hit     ${formatRuns(ct.hits)}`);
    log(`  lookups, miss    ${formatRuns(ct.misses)}`);
    log(`  memory           ${ct.bytesPerEntry.toFixed(0)} B/entry; wrong answers ${ct.wrongAnswers}`);
    log(`  naive Map<string> inserts ${formatRate(ct.naiveInserts.best)}, hit lookups ${formatRate(ct.naiveHits.best)}   load ${ct.hits.load.toFixed(1)}`);
  }

  let nacl: NaclFigures | undefined;
  if (args.only.has('nacl')) {
    section('network ACL, 40 entries (30 block-list denies, then allows), 1M random flows');
    nacl = measureNacl(1_000_000, args.runs);
    log(`  packed scan      ${formatRuns(nacl.engine)}`);
    log(`  naive objects    ${formatRuns(nacl.naive)}   disagreements ${nacl.disagreements}   load ${nacl.engine.load.toFixed(1)}`);
  }

  let classbench: ClassBenchResult[] = [];
  if (args.only.has('classbench')) {
    section('ClassBench, flat classifier (src/engine/flat) vs packed linear scan; 50% trace + 50% uniform random headers');
    classbench = runClassBench({ quick: args.quick, runs: args.runs }, log);
  }

  section('summary (targets: the issue; floors: performance.md §4)');
  const rows = goals(rulegen, classbench, ct, nacl);
  log(goalTable(rows));
  const disagreements = [
    ...[...rulegen.values()].map((r) => `rulegen ${r.rules / 1000}k: engine vs expect ${r.check.engineVsExpect}, stateful vs expect ${r.statefulVsExpect}, end to end vs naive ${r.endToEndVsNaive}, bad explanations ${r.check.badExplanations}, updates not visible ${r.ruleAdd.notVisible + r.attach.notVisible}`),
    ...(classbench.length ? [`ClassBench: flat vs linear ${classbench.reduce((n, r) => n + r.disagreements, 0)} over ${classbench.reduce((n, r) => n + r.headers, 0)} lookups`] : []),
    ...(nacl ? [`NACL: packed vs naive ${nacl.disagreements}`] : []),
    ...(ct ? [`conntrack: wrong answers ${ct.wrongAnswers}`] : []),
  ];
  log(`disagreements (all must be 0): ${disagreements.join('; ')}`);
  const endLoad = loadAverage();
  log(`load average (1 min) at end ${endLoad.toFixed(2)}`);

  const file = path.join(BENCH_DATA_DIR, `engine-bench-${args.quick ? 'quick' : 'full'}.json`);
  const results = { date: new Date().toISOString(), node: process.version, args: { ...args, only: [...args.only] }, startLoad, endLoad, rulegen: [...rulegen.values()], classbench, conntrack: ct, nacl, goals: rows };
  writeFileSync(file, JSON.stringify(results, null, 1));
  log(`results: ${path.relative(process.cwd(), file)}`);
}

main();
