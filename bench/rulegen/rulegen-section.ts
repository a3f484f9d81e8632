/**
 * One rulegen corpus through the engine (goals G1-G3, G6-G9, G11): build, memory, per-interface lookups (verdict,
 * explanation, naive baseline), the check of every verdict against rulegen's `expect`, update latencies and the
 * end-to-end pipeline.
 */
import { Engine } from '../../src/engine/index.ts';
import { formatMicros, formatMillis, formatRate, formatRuns, heapUsedAfterGc, loadAverage, measureInterleaved, measureMillis, measureRate, passesFor, percentile, type RateRuns } from '../support/measure.ts';
import { ensureCorpus } from './corpus-cache.ts';
import { readRulegenCorpus } from './corpus-to-snapshot.ts';
import { checkVerdicts, classifyExplained, classifyNaive, classifyVerdicts, interfaceSlots, type VerdictCheck } from './classify-runs.ts';
import { packedAclsByInterface, runEnginePipeline, runNaivePipeline } from './end-to-end.ts';
import { firstPacketFlows, readFlowBatch } from './flow-batch.ts';
import { NaiveSecurityGroups } from './naive-security-groups.ts';
import { measureMembershipChanges, measureRuleUpdates, type LatencySamples } from './update-latency.ts';

export interface RulegenOptions {
  readonly rules: number;
  readonly flows: number;
  readonly runs: number;
  readonly updates: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly notVisible: number;
  readonly notCheckable: number;
}

export interface RulegenResult {
  readonly rules: number;
  readonly groups: number;
  readonly interfaces: number;
  readonly flows: number;
  readonly indexRules: number;
  readonly buildMs: number;
  readonly buildAllMs: number[];
  readonly bytesPerRule: number;
  readonly heapBytesPerRule: number;
  readonly verdict: RateRuns;
  readonly explained: RateRuns;
  readonly naive: RateRuns;
  readonly check: VerdictCheck;
  readonly ruleAdd: LatencySummary;
  readonly ruleRemove: LatencySummary;
  readonly attach: LatencySummary;
  readonly detach: LatencySummary;
  readonly endToEnd: RateRuns;
  readonly endToEndNaive: RateRuns;
  readonly endToEndAllowed: number;
  /** Full pipeline (NACLs, conntrack, groups): engine ≠ naive pipeline. */
  readonly endToEndVsNaive: number;
  /** Conntrack and groups only, every flow including replies: engine ≠ rulegen `expect`. */
  readonly statefulVsExpect: number;
}

function summarise(s: LatencySamples): LatencySummary {
  return {
    count: s.micros.length,
    p50: percentile(s.micros, 50),
    p99: percentile(s.micros, 99),
    max: Math.max(...s.micros),
    notVisible: s.notVisible,
    notCheckable: s.notCheckable,
  };
}

export function runRulegen(opts: RulegenOptions, log: (line: string) => void): RulegenResult {
  const dir = ensureCorpus({ rules: opts.rules, flows: opts.flows, seed: 1 }, log);
  const corpus = readRulegenCorpus(dir);
  const snapshot = corpus.snapshot;
  const eniIndex = new Map(snapshot.networkInterfaces.map((e, i) => [e.networkInterfaceId, i]));
  const flows = readFlowBatch(dir, eniIndex);
  const selected = firstPacketFlows(flows);

  // Build (a cold start from the snapshot) and memory: packed bytes from the engine, heap growth measured here.
  const heapBefore = heapUsedAfterGc();
  let engine = Engine.fromSnapshot(snapshot);
  const heapAfter = heapUsedAfterGc();
  const build = measureMillis(opts.runs, () => {
    engine = Engine.fromSnapshot(snapshot);
  });
  const size = engine.indexSize();
  let slots = interfaceSlots(engine, snapshot);
  const naive = new NaiveSecurityGroups(snapshot);

  const check = checkVerdicts(engine, slots, naive, snapshot, flows, selected);
  // One untimed pass of each loop first (compilation), then interleaved timed runs of at least 500k lookups each.
  const passes = passesFor(selected.length);
  const repeated = (loop: () => void) => {
    loop();
    return {
      ops: selected.length * passes,
      work: () => {
        for (let p = 0; p < passes; p++) loop();
      },
    };
  };
  const lookups = measureInterleaved(opts.runs, {
    verdict: repeated(() => classifyVerdicts(engine, slots, flows, selected)),
    explained: repeated(() => classifyExplained(engine, slots, flows, selected)),
    naive: repeated(() => classifyNaive(naive, flows, selected)),
  });
  const { verdict, explained } = lookups;
  const naiveRuns = lookups.naive;
  log(`  classify: engine ${formatRate(verdict.best)}, explained ${formatRate(explained.best)}, naive ${formatRate(naiveRuns.best)}`);

  // Steady state: the first calls run before V8 has optimised the update paths (a long-running server is past that).
  const warmup = Math.min(1000, opts.updates);
  const rules = measureRuleUpdates(engine, snapshot, slots, opts.updates, warmup);
  const membership = measureMembershipChanges(engine, snapshot, slots, opts.updates, warmup);

  // End to end: a fresh engine per run, so that every run starts with empty connection tables.
  const acls = packedAclsByInterface(engine, snapshot);
  const verdicts = new Uint8Array(flows.count);
  const fresh = () => {
    engine = Engine.fromSnapshot(snapshot);
    slots = interfaceSlots(engine, snapshot);
  };
  fresh();
  runEnginePipeline(engine, slots, acls, flows, false, verdicts);
  let statefulVsExpect = 0;
  for (let i = 0; i < flows.count; i++) if (verdicts[i] !== flows.expectAllow[i]) statefulVsExpect++;
  const endToEndRates: number[] = [];
  let endToEndAllowed = 0;
  for (let run = 0; run < opts.runs; run++) {
    fresh();
    const r = measureRate(1, flows.count, () => {
      endToEndAllowed = runEnginePipeline(engine, slots, acls, flows, true, verdicts);
    });
    endToEndRates.push(r.rates[0]);
  }
  const endToEnd: RateRuns = { rates: endToEndRates, best: Math.max(...endToEndRates), load: loadAverage() };
  const naiveVerdicts = new Uint8Array(flows.count);
  const endToEndNaive = measureRate(Math.min(2, opts.runs), flows.count, () => runNaivePipeline(naive, snapshot, flows, naiveVerdicts));
  let endToEndVsNaive = 0;
  for (let i = 0; i < flows.count; i++) if (verdicts[i] !== naiveVerdicts[i]) endToEndVsNaive++;
  log(`  end to end: engine ${formatRate(endToEnd.best)}, naive ${formatRate(endToEndNaive.best)}`);

  const totals = corpus.totals as { groups: number; enis: number };
  return {
    rules: opts.rules,
    groups: totals.groups,
    interfaces: totals.enis,
    flows: flows.count,
    indexRules: size.rules,
    buildMs: build.best,
    buildAllMs: build.all,
    bytesPerRule: size.bytes / size.rules,
    heapBytesPerRule: (heapAfter - heapBefore) / size.rules,
    verdict,
    explained,
    naive: naiveRuns,
    check,
    ruleAdd: summarise(rules.add),
    ruleRemove: summarise(rules.remove),
    attach: summarise(membership.attach),
    detach: summarise(membership.detach),
    endToEnd,
    endToEndNaive,
    endToEndAllowed,
    endToEndVsNaive,
    statefulVsExpect,
  };
}

export function describeRulegen(r: RulegenResult): string[] {
  const c = r.check;
  const lat = (name: string, s: LatencySummary) =>
    `  ${name.padEnd(18)} p50 ${formatMicros(s.p50)}, p99 ${formatMicros(s.p99)}, max ${formatMicros(s.max)} over ${s.count}; not visible to the next lookup: ${s.notVisible}; not checkable: ${s.notCheckable}`;
  return [
    `rulegen ${r.rules} rules: ${r.groups} groups, ${r.interfaces} interfaces, ${r.indexRules} compiled rules, ${r.flows} flows (${c.flows} first packets, ${((100 * c.allowed) / c.flows).toFixed(1)}% allowed)`,
    `  build (from snapshot)  ${formatMillis(r.buildMs)} best of ${r.buildAllMs.map((m) => m.toFixed(1)).join(', ')} ms`,
    `  memory                 ${r.bytesPerRule.toFixed(0)} B/rule packed index, ${r.heapBytesPerRule.toFixed(0)} B/rule heap growth (whole Engine)`,
    `  verdicts               ${formatRuns(r.verdict)}   load ${r.verdict.load.toFixed(1)}`,
    `  with explanation       ${formatRuns(r.explained)}   cost ${(r.verdict.best / r.explained.best).toFixed(2)}x`,
    `  naive (objects)        ${formatRuns(r.naive)}   engine / naive ${(r.verdict.best / r.naive.best).toFixed(1)}x`,
    `  check vs rulegen expect: engine ${c.engineVsExpect} disagreements, naive ${c.naiveVsExpect}; engine vs naive ${c.engineVsNaive}; explanations naming a non-matching rule ${c.badExplanations}`,
    ...c.examples.map((e) => `    ${e}`),
    lat('rule add', r.ruleAdd),
    lat('rule remove', r.ruleRemove),
    lat('group attach', r.attach),
    lat('group detach', r.detach),
    `  end to end (NACL + conntrack + groups, all ${r.flows} flows)  ${formatRuns(r.endToEnd)}; naive pipeline (string-keyed Map) ${formatRuns(r.endToEndNaive)}`,
    `    allowed ${((100 * r.endToEndAllowed) / r.flows).toFixed(1)}%; engine vs naive pipeline ${r.endToEndVsNaive} disagreements; conntrack + groups vs rulegen expect (replies included) ${r.statefulVsExpect}`,
  ];
}
