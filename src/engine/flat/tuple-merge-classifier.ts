/**
 * A classifier for large flat IPv4 rule sets with security-group semantics (allow iff some rule matches): the
 * stress structure of performance.md §3-4 (ClassBench at 1k-100k rules in one index).
 *
 * Rules are first split by protocol, the one field that is either exact or a wildcard: a header with protocol p
 * searches the tuple space of protocol p, then the tuple space of any-protocol rules. Each tuple space is a
 * TupleMerge search with first-hit exit (tuple-space.ts). The split keeps a header away from tables that cannot
 * match it, which matters most for denied headers: they probe every table they are sent to.
 *
 * Updates are online: adding a rule probes one tuple space and links the rule into a bucket; removing unlinks it.
 * Neither rebuilds anything, and both are visible to the next lookup.
 */
import type { FlatHeader, FlatRule } from './flat-rule.ts';
import { PackedRules } from './packed-rules.ts';
import { TupleSpace, type TupleSpaceOptions } from './tuple-space.ts';
import type { TupleTable } from './tuple-table.ts';

export type TupleMergeOptions = Partial<TupleSpaceOptions>;

/**
 * Chosen with bench/flat-tuning.bench.ts on the ClassBench sets (docs/performance.md, "Flat classifier"). Service
 * keys matter when misses are TCP/UDP: fw1's buckets of same-address, different-port rules were otherwise walked
 * 40+ rules deep per lookup. A 2-bit step halves the bucket walks of ipc1_100k against a 4-bit one and changes
 * nothing measurable elsewhere.
 */
const DEFAULTS: TupleSpaceOptions = { collisionLimit: 8, lengthStep: 2, serviceKeys: true };

const ANY_PROTOCOL = 256;

export class TupleMergeClassifier {
  private readonly rules: PackedRules;
  /** Index 0-255: rules of that protocol; 256: any-protocol rules. Empty spaces stay undefined. */
  private readonly spaces: (TupleSpace | undefined)[] = new Array<TupleSpace | undefined>(257).fill(undefined);
  private readonly anySpace: TupleSpace;
  private tableOf: (TupleTable | undefined)[] = [];
  private spaceOf: Int16Array = new Int16Array(0);
  private readonly options: TupleSpaceOptions;

  constructor(options: TupleMergeOptions = {}, expectedRules = 1024) {
    this.options = { ...DEFAULTS, ...options };
    this.rules = new PackedRules(expectedRules);
    this.anySpace = new TupleSpace(this.options);
    this.spaces[ANY_PROTOCOL] = this.anySpace;
  }

  /**
   * Builds a classifier holding `rules`; rule i gets id i. Rules are placed broadest first (shortest prefixes):
   * broad rules then make the tables with the shortest tuples, which the specific rules can share, where the
   * file order scattered the same rules over 3-5x more tables (docs/performance.md, "flat classifier").
   */
  static build(rules: readonly FlatRule[], options: TupleMergeOptions = {}): TupleMergeClassifier {
    const c = new TupleMergeClassifier(options, rules.length);
    const ids = rules.map((r) => c.rules.add(r));
    const breadth = (r: FlatRule) => r.srcPrefixLength + r.dstPrefixLength;
    const order = ids.sort((a, b) => breadth(rules[a]) - breadth(rules[b]) || a - b);
    for (const id of order) c.place(id, rules[id].protocol);
    return c;
  }

  get size(): number {
    return this.rules.size;
  }

  get tableCount(): number {
    let n = 0;
    for (const s of this.spaces) n += s?.tables.length ?? 0;
    return n;
  }

  /** Bytes of the packed structures (rules, per-rule placement, hash slots); excludes JS object headers. */
  get byteLength(): number {
    let n = this.rules.byteLength + this.tableOf.length * 4 + this.spaceOf.byteLength;
    for (const s of this.spaces) n += s?.byteLength ?? 0;
    return n;
  }

  /** Adds a rule and returns its id (ids of removed rules are reused). */
  add(rule: FlatRule): number {
    const id = this.rules.add(rule);
    this.place(id, rule.protocol);
    return id;
  }

  remove(id: number): void {
    const table = this.tableOf[id];
    if (table === undefined) throw new Error(`flat classifier: no rule ${id}`);
    const key = this.spaceOf[id];
    const space = this.spaces[key]!;
    space.remove(this.rules, table, id);
    if (space.tables.length === 0 && key !== ANY_PROTOCOL) this.spaces[key] = undefined;
    this.tableOf[id] = undefined;
    this.rules.release(id);
  }

  /** The id of some rule that matches the header, or -1 when none does (deny). */
  classify(src: number, dst: number, srcPort: number, dstPort: number, protocol: number): number {
    const w = this.rules.words;
    const s = src | 0;
    const d = dst | 0;
    const exact = this.spaces[protocol];
    if (exact !== undefined) {
      const hit = exact.firstMatch(w, s, d, srcPort, dstPort, protocol);
      if (hit !== -1) return hit;
    }
    return this.anySpace.firstMatch(w, s, d, srcPort, dstPort, protocol);
  }

  classifyHeader(h: FlatHeader): number {
    return this.classify(h.src, h.dst, h.srcPort, h.dstPort, h.protocol);
  }

  private place(id: number, protocol: number): void {
    const key = protocol === -1 ? ANY_PROTOCOL : protocol;
    let space = this.spaces[key];
    if (space === undefined) space = this.spaces[key] = new TupleSpace(this.options);
    this.tableOf[id] = space.insert(this.rules, id);
    if (id >= this.spaceOf.length) {
      const grown = new Int16Array(Math.max(64, this.rules.idBound * 2));
      grown.set(this.spaceOf);
      this.spaceOf = grown;
    }
    this.spaceOf[id] = key;
  }
}
