/**
 * A set of tuple tables searched in order (TupleMerge, Daly & Torng, ICCCN 2017): a rule may live in any table
 * whose tuple is no longer than its own prefixes, so a few tables with "omitted bits" replace the dozens to
 * hundreds of exact (srcLen, dstLen) tuples of a ClassBench set. A table takes a rule while the rule's bucket has
 * room (the collision limit); otherwise a new table is made for it. Tables are probed in descending rule count
 * and the search stops at the first hit, which security-group semantics allow (any match will do,
 * docs/semantics.md §3; performance.md §3.1 measured first-hit exit at 3-6x the priority search).
 */
import type { PackedRules } from './packed-rules.ts';
import { TupleTable } from './tuple-table.ts';

export interface TupleSpaceOptions {
  /** A table refuses a rule whose bucket already holds this many rules. */
  readonly collisionLimit: number;
  /** Prefix lengths of a new table are rounded down to a multiple of this (the omitted bits). */
  readonly lengthStep: number;
  /** Whether rules with one protocol and one destination port get tables that also hash on them. */
  readonly serviceKeys: boolean;
}

export class TupleSpace {
  /** Probe order: descending rule count. */
  tables: TupleTable[] = [];

  constructor(private readonly options: TupleSpaceOptions) {}

  get ruleCount(): number {
    let n = 0;
    for (const t of this.tables) n += t.ruleCount;
    return n;
  }

  get byteLength(): number {
    let n = 0;
    for (const t of this.tables) n += t.byteLength;
    return n;
  }

  /** Links the rule into a table (making one if none has room) and returns that table. */
  insert(rules: PackedRules, id: number): TupleTable {
    const table = this.chooseTable(rules, id);
    table.insert(rules, id);
    this.promote(table);
    return table;
  }

  remove(rules: PackedRules, table: TupleTable, id: number): void {
    table.remove(rules, id);
    if (table.ruleCount === 0) {
      this.tables.splice(table.position, 1);
      this.tables.forEach((t, i) => (t.position = i));
    } else {
      this.demote(table);
    }
  }

  /** Some matching rule id, or -1. `src`/`dst` are int32 (`x | 0`). */
  firstMatch(w: Int32Array, src: number, dst: number, srcPort: number, dstPort: number, protocol: number): number {
    const tables = this.tables;
    for (let t = 0; t < tables.length; t++) {
      const hit = tables[t].firstMatch(w, src, dst, srcPort, dstPort, protocol);
      if (hit !== -1) return hit;
    }
    return -1;
  }

  private chooseTable(rules: PackedRules, id: number): TupleTable {
    const limit = this.options.collisionLimit;
    for (const t of this.tables) {
      if (t.accepts(rules, id) && t.bucketLength(rules, id) < limit) return t;
    }
    const src = rules.srcLengths[id];
    const dst = rules.dstLengths[id];
    const keyed = this.options.serviceKeys && rules.hasExactService(id);
    const step = this.options.lengthStep;
    // A tuple with omitted bits first; if that table exists its bucket was full, so fall back to the rule's own
    // tuple, where only rules with the same prefixes collide (and may exceed the limit: nothing separates them).
    const candidates: [number, number][] = [
      [src - (src % step), dst - (dst % step)],
      [src, dst],
    ];
    for (const [s, d] of candidates) {
      const existing = this.tables.find((t) => t.srcLength === s && t.dstLength === d && t.serviceKeyed === keyed);
      if (existing === undefined) {
        const made = new TupleTable(s, d, keyed);
        made.position = this.tables.length;
        this.tables.push(made);
        return made;
      }
      if (s === src && d === dst) return existing;
    }
    throw new Error('unreachable: the last candidate is the rule’s own tuple');
  }

  /** Moves a table forward while it holds more rules than the one before it. */
  private promote(t: TupleTable): void {
    const tables = this.tables;
    while (t.position > 0 && tables[t.position - 1].ruleCount < t.ruleCount) {
      const before = tables[t.position - 1];
      tables[t.position] = before;
      before.position++;
      tables[--t.position] = t;
    }
  }

  private demote(t: TupleTable): void {
    const tables = this.tables;
    while (t.position < tables.length - 1 && tables[t.position + 1].ruleCount > t.ruleCount) {
      const after = tables[t.position + 1];
      tables[t.position] = after;
      after.position--;
      tables[++t.position] = t;
    }
  }
}
