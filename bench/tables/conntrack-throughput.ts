/**
 * Connection-tracking table at 1M entries (goal G10): the engine's `ConnectionTable` with 4-word keys, through the
 * numeric `insert4`/`lookup4` that connection-tracker.ts uses for IPv4, against the naive baseline, a `Map` keyed by a template string of the same words
 * (performance.md §3.6). Inserts fill an empty table with 1M distinct random keys; hit lookups read them all back;
 * miss lookups ask for 1M keys that are not there. The engine table is presized to 2^21 slots, as the baseline of
 * §3.6 was, so the figures compare the probing, not the growth (growth is reported apart).
 */
import { ConnectionTable } from '../../src/engine/index.ts';
import { measureRate, type RateRuns } from '../support/measure.ts';
import { SeededRandom } from '../support/random.ts';

export interface ConntrackFigures {
  readonly entries: number;
  readonly inserts: RateRuns;
  /** Inserting into a table that starts at the engine's default size and grows. */
  readonly insertsGrowing: RateRuns;
  readonly hits: RateRuns;
  readonly misses: RateRuns;
  readonly bytesPerEntry: number;
  readonly naiveInserts: RateRuns;
  readonly naiveHits: RateRuns;
  /** Hit lookups that found nothing, or miss lookups that found something (must be 0). */
  readonly wrongAnswers: number;
}

const KEY_WORDS = 4;

function randomKeys(n: number, seed: number): Int32Array {
  const rng = new SeededRandom(seed);
  const keys = new Int32Array(n * KEY_WORDS);
  for (let i = 0; i < keys.length; i++) keys[i] = rng.nextUint32() | 0;
  return keys;
}

function fill(table: ConnectionTable, keys: Int32Array, n: number): void {
  for (let i = 0, o = 0; i < n; i++, o += KEY_WORDS) table.insert4(keys[o], keys[o + 1], keys[o + 2], keys[o + 3], 1, 1e9, 0);
}

function lookupAll(table: ConnectionTable, keys: Int32Array, n: number): number {
  let found = 0;
  for (let i = 0, o = 0; i < n; i++, o += KEY_WORDS) if (table.lookup4(keys[o], keys[o + 1], keys[o + 2], keys[o + 3], 0) >= 0) found++;
  return found;
}

function stringKey(keys: Int32Array, i: number): string {
  const o = i * KEY_WORDS;
  return `${keys[o]}|${keys[o + 1]}|${keys[o + 2]}|${keys[o + 3]}`;
}

export function measureConntrack(entries: number, runs: number): ConntrackFigures {
  const keys = randomKeys(entries, 0xc0);
  const absent = randomKeys(entries, 0xc1);
  // Tables are made before each timed run: allocating and zeroing 2^21 slots is not an insert cost.
  let table = new ConnectionTable(KEY_WORDS, 1 << 21);
  const inserts = measureRate(
    runs,
    entries,
    () => fill(table, keys, entries),
    () => (table = new ConnectionTable(KEY_WORDS, 1 << 21)),
  );
  let growing = new ConnectionTable(KEY_WORDS, 1024);
  const insertsGrowing = measureRate(
    runs,
    entries,
    () => fill(growing, keys, entries),
    () => (growing = new ConnectionTable(KEY_WORDS, 1024)),
  );
  let wrongAnswers = 0;
  const hits = measureRate(runs, entries, () => {
    wrongAnswers += entries - lookupAll(table, keys, entries);
  });
  const misses = measureRate(runs, entries, () => {
    wrongAnswers += lookupAll(table, absent, entries);
  });
  // The naive baseline is 10-20x slower: one run of each (performance.md §3.6 measured 0.5-0.9 M ops/s).
  let map = new Map<string, number>();
  const naiveInserts = measureRate(1, entries, () => {
    map = new Map();
    for (let i = 0; i < entries; i++) map.set(stringKey(keys, i), 1);
  });
  const naiveHits = measureRate(1, entries, () => {
    let found = 0;
    for (let i = 0; i < entries; i++) if (map.get(stringKey(keys, i)) !== undefined) found++;
    wrongAnswers += entries - found;
  });
  return { entries, inserts, insertsGrowing, hits, misses, bytesPerEntry: table.byteLength / entries, naiveInserts, naiveHits, wrongAnswers };
}
