/**
 * Timing helpers. The machine is shared (2 cores, other engineers' jobs), so every figure is the best of N runs,
 * printed with the other runs and the 1-minute load average (performance.md §4, last note).
 */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface RateRuns {
  /** Operations per second of each run, in run order. */
  readonly rates: readonly number[];
  readonly best: number;
  /** 1-minute load average when the runs ended. */
  readonly load: number;
}

export function loadAverage(): number {
  return os.loadavg()[0];
}

/** Runs `work` (which performs `ops` operations) `runs` times, each after an untimed `setup`; returns the rates. */
export function measureRate(runs: number, ops: number, work: () => void, setup?: () => void): RateRuns {
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    setup?.();
    const t0 = process.hrtime.bigint();
    work();
    const ns = Number(process.hrtime.bigint() - t0);
    rates.push((ops * 1e9) / ns);
  }
  return { rates, best: Math.max(...rates), load: loadAverage() };
}

/**
 * Several variants measured run by run in turn (A B C, A B C, ...), so that a change in the machine's load hits
 * them alike and their ratios stay meaningful. `ops` is the operation count of one call of each variant.
 */
export function measureInterleaved<K extends string>(runs: number, variants: Record<K, { ops: number; work: () => void }>): Record<K, RateRuns> {
  const names = Object.keys(variants) as K[];
  const rates = new Map<K, number[]>(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const { ops, work } = variants[name];
      const t0 = process.hrtime.bigint();
      work();
      rates.get(name)!.push((ops * 1e9) / Number(process.hrtime.bigint() - t0));
    }
  }
  const load = loadAverage();
  const out = {} as Record<K, RateRuns>;
  for (const n of names) out[n] = { rates: rates.get(n)!, best: Math.max(...rates.get(n)!), load };
  return out;
}

/**
 * How many passes over a batch of `batch` operations make one timed run of at least `minOps` operations: a run of
 * a few milliseconds is at the mercy of one scheduler tick on a shared machine.
 */
export function passesFor(batch: number, minOps = 500_000): number {
  return Math.max(1, Math.ceil(minOps / Math.max(1, batch)));
}

/** Best (smallest) wall time of `runs` calls, in milliseconds, and all times. */
export function measureMillis(runs: number, work: () => void): { best: number; all: number[] } {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    work();
    all.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { best: Math.min(...all), all };
}

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** p-th percentile (0-100) of the values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

let collect: (() => void) | undefined;

/** Heap bytes in use after a full collection (exposes `gc` at run time; no command-line flag needed). */
export function heapUsedAfterGc(): number {
  if (collect === undefined) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
  collect();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k/s`;
  return `${perSecond.toFixed(0)}/s`;
}

/** "best (other runs…)" as performance.md prints it. */
export function formatRuns(r: RateRuns): string {
  const others = r.rates.filter((x) => x !== r.best).map((x) => formatRate(x).replace('/s', ''));
  return `${formatRate(r.best)}${others.length ? ` (${others.join(', ')})` : ''}`;
}

export function formatMillis(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} us`;
}

export function formatMicros(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : us >= 1 ? `${us.toFixed(1)} us` : `${(us * 1000).toFixed(0)} ns`;
}
