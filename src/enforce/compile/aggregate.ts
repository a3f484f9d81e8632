/**
 * The table as the union of all units' fragments, with reference counts: how many units declare each chain and
 * set, how many contribute each element. Replacing some fragments yields the new aggregate and the exact delta
 * for the kernel, computed only over what those fragments touch, never over the whole table: a one-rule change
 * in a 100k-rule table costs what that group's fragment costs.
 *
 * Immutable like the model: a replacement copies the top-level maps and each element map it writes to (copy on
 * write), so the previous aggregate stays valid, e.g. for a retry after nft rejected a transaction.
 */
import { CountMap } from './count-map.ts';
import type { Fragment } from './fragment.ts';
import type { RulesetDelta, SetElements } from './ruleset-delta.ts';
import { byName, isPlainInterval, sameChain, sameShape, type NftChain, type NftSet, type NftSetShape, type Ruleset } from './ruleset.ts';

interface Counted<T> {
  readonly value: T;
  refs: number;
  /** The writer that created this record may count on it in place; others copy it first (copy on write). */
  readonly owner: object;
}

export interface Aggregate {
  readonly chains: ReadonlyMap<string, Counted<NftChain>>;
  readonly sets: ReadonlyMap<string, Counted<NftSetShape>>;
  /** Set name → element → number of contributing units; an element in a set no unit declares is not in the kernel. */
  readonly elements: ReadonlyMap<string, CountMap>;
}

export const EMPTY_AGGREGATE: Aggregate = { chains: new Map(), sets: new Map(), elements: new Map() };

export class ConflictingDeclarationError extends Error {}

export function buildAggregate(fragments: Iterable<Fragment>): Aggregate {
  const w = new AggregateWriter(EMPTY_AGGREGATE, false);
  for (const f of fragments) w.add(f);
  return w.result();
}

export interface Replacement {
  readonly before: Fragment | undefined;
  readonly after: Fragment | undefined;
}

export function replaceFragments(aggregate: Aggregate, replacements: readonly Replacement[]): { aggregate: Aggregate; delta: RulesetDelta } {
  const w = new AggregateWriter(aggregate, true);
  // All removals first: a unit that redeclares its chain with new rules must not meet its own old declaration.
  for (const r of replacements) if (r.before) w.remove(r.before);
  for (const r of replacements) if (r.after) w.add(r.after);
  const next = w.result();
  return { aggregate: next, delta: w.delta(aggregate, next) };
}

/** The whole table, sorted by name: deterministic output for golden files and tests. */
export function materialize(aggregate: Aggregate, table: string): Ruleset {
  const sets = new Map<string, NftSet>();
  // Default sort (UTF-16 order, the same as byName) is several times faster than one with a comparator.
  for (const name of [...aggregate.sets.keys()].sort()) {
    const shape = aggregate.sets.get(name)!.value;
    sets.set(name, { ...shape, elements: (aggregate.elements.get(name)?.keys() ?? []).sort() });
  }
  const chains = new Map<string, NftChain>();
  for (const name of [...aggregate.chains.keys()].sort()) chains.set(name, aggregate.chains.get(name)!.value);
  return { table, sets, chains };
}

class AggregateWriter {
  private readonly chains: Map<string, Counted<NftChain>>;
  private readonly sets: Map<string, Counted<NftSetShape>>;
  private readonly elements: Map<string, CountMap>;
  /** Per set: counts being built (full build) or count changes (update), folded into `elements` by result(). */
  private readonly pending = new Map<string, Map<string, number>>();
  private readonly touchedChains = new Set<string>();
  private readonly touchedSets = new Set<string>();
  private readonly touchedElements = new Map<string, Set<string>>();

  /** `track`: remember what is touched, for `delta`; a full build does not need it. */
  constructor(
    base: Aggregate,
    private readonly track: boolean,
  ) {
    this.chains = new Map(base.chains);
    this.sets = new Map(base.sets);
    this.elements = new Map(base.elements);
  }

  result(): Aggregate {
    for (const [set, counts] of this.pending) {
      const had = this.elements.get(set);
      const next = this.track ? (had ?? CountMap.EMPTY).plus(counts) : CountMap.of(counts);
      if (next.size > 0) this.elements.set(set, next);
      else this.elements.delete(set);
    }
    this.pending.clear();
    return { chains: this.chains, sets: this.sets, elements: this.elements };
  }

  add(f: Fragment): void {
    for (const c of f.chains) {
      const had = this.chains.get(c.name);
      if (had && !sameChain(had.value, c)) throw new ConflictingDeclarationError(`chain ${c.name} is declared differently by two units`);
      this.declare(this.chains, c.name, had, c, +1);
      if (this.track) this.touchedChains.add(c.name);
    }
    for (const s of f.sets) {
      const had = this.sets.get(s.name);
      if (had && !sameShape(had.value, s)) throw new ConflictingDeclarationError(`set ${s.name} is declared with two types`);
      this.declare(this.sets, s.name, had, s, +1);
      if (this.track) this.touchedSets.add(s.name);
    }
    for (const [set, elements] of f.elements) this.count(set, elements, +1);
  }

  remove(f: Fragment): void {
    for (const c of f.chains) {
      this.declare(this.chains, c.name, this.chains.get(c.name)!, c, -1);
      if (this.track) this.touchedChains.add(c.name);
    }
    for (const s of f.sets) {
      this.declare(this.sets, s.name, this.sets.get(s.name)!, s, -1);
      if (this.track) this.touchedSets.add(s.name);
    }
    for (const [set, elements] of f.elements) this.count(set, elements, -1);
  }

  private declare<T>(map: Map<string, Counted<T>>, name: string, had: Counted<T> | undefined, value: T, by: 1 | -1): void {
    const refs = (had?.refs ?? 0) + by;
    if (refs === 0) map.delete(name);
    else if (had?.owner === this) had.refs = refs;
    else map.set(name, { value: had?.value ?? value, refs, owner: this });
  }

  private count(set: string, elements: readonly string[], by: 1 | -1): void {
    if (elements.length === 0) return;
    let counts = this.pending.get(set);
    if (!counts) this.pending.set(set, (counts = new Map()));
    for (const e of elements) counts.set(e, (counts.get(e) ?? 0) + by);
    if (!this.track) return;
    let touched = this.touchedElements.get(set);
    if (!touched) this.touchedElements.set(set, (touched = new Set()));
    for (const e of elements) touched.add(e);
  }

  /** What the kernel must do to go from `before` to `after`, looking only at what this writer touched. */
  delta(before: Aggregate, after: Aggregate): RulesetDelta {
    const d = {
      createSets: [] as NftSetShape[],
      createChains: [] as NftChain[],
      deleteElements: [] as SetElements[],
      rewriteChains: [] as { chain: NftChain; flush: boolean }[],
      flushSets: [] as NftSetShape[],
      addElements: [] as SetElements[],
      deleteChains: [] as string[],
      deleteSets: [] as NftSetShape[],
    };
    for (const name of [...this.touchedChains].sort(byName)) {
      const was = before.chains.get(name)?.value;
      const now = after.chains.get(name)?.value;
      if (!was && now) {
        d.createChains.push(now);
        if (now.rules.length > 0) d.rewriteChains.push({ chain: now, flush: false });
      } else if (was && !now) {
        d.rewriteChains.push({ chain: { name, rules: [] }, flush: true });
        d.deleteChains.push(name);
      } else if (was && now && !sameChain(was, now)) {
        if (JSON.stringify(was.base) !== JSON.stringify(now.base)) throw new ConflictingDeclarationError(`base chain ${name} changed its hook`);
        d.rewriteChains.push({ chain: now, flush: true });
      }
    }
    const setNames = new Set([...this.touchedSets, ...this.touchedElements.keys()]);
    for (const name of [...setNames].sort(byName)) {
      const was = before.sets.get(name)?.value;
      const now = after.sets.get(name)?.value;
      const current = (): string[] => (after.elements.get(name)?.keys() ?? []).sort();
      if (!was && now) {
        d.createSets.push(now);
        const all = current();
        if (all.length > 0) d.addElements.push({ set: now, elements: all });
      } else if (was && !now) {
        d.deleteSets.push(was);
      } else if (was && now) {
        if (!sameShape(was, now)) throw new ConflictingDeclarationError(`set ${name} changed its type`);
        const gone: string[] = [];
        const fresh: string[] = [];
        const old = before.elements.get(name);
        const cur = after.elements.get(name);
        for (const e of [...(this.touchedElements.get(name) ?? [])].sort(byName)) {
          const had = (old?.get(e) ?? 0) > 0;
          const has = (cur?.get(e) ?? 0) > 0;
          if (had && !has) gone.push(e);
          if (!had && has) fresh.push(e);
        }
        if (gone.length + fresh.length === 0) continue;
        if (isPlainInterval(now)) {
          d.flushSets.push(now);
          const all = current();
          if (all.length > 0) d.addElements.push({ set: now, elements: all });
          continue;
        }
        if (gone.length > 0) d.deleteElements.push({ set: now, elements: gone });
        if (fresh.length > 0) d.addElements.push({ set: now, elements: fresh });
      }
    }
    return d;
  }
}
