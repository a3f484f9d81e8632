/**
 * An immutable map from element to a positive count that is cheap to derive from: a base map plus a small
 * overlay of changed counts. An update copies the overlay, not the base, so changing one element of a
 * 10k-element set costs O(overlay) instead of O(10k) (copying the whole map per update made one interface change
 * cost ~50 ms of compile at 100k rules). Once the overlay grows past an eighth of the base they are merged, so
 * lookups stay two map reads and the merge cost stays amortised O(1) per change.
 */
export class CountMap {
  private constructor(
    private readonly base: ReadonlyMap<string, number>,
    /** Changed counts; 0 marks a key removed from the base. */
    private readonly overlay: ReadonlyMap<string, number>,
    /** Number of keys with a positive count. */
    readonly size: number,
  ) {}

  static readonly EMPTY = new CountMap(new Map(), new Map(), 0);

  /** Takes ownership of `counts` (all positive). */
  static of(counts: Map<string, number>): CountMap {
    return new CountMap(counts, new Map(), counts.size);
  }

  get(key: string): number {
    return this.overlay.get(key) ?? this.base.get(key) ?? 0;
  }

  /** A new map with each key's count changed by its delta. */
  plus(deltas: ReadonlyMap<string, number>): CountMap {
    const overlay = new Map(this.overlay);
    let size = this.size;
    for (const [key, delta] of deltas) {
      if (delta === 0) continue;
      const before = this.get(key);
      const after = before + delta;
      if (after < 0) throw new Error(`element ${key} counted below zero`);
      if (before === 0 && after > 0) size++;
      if (before > 0 && after === 0) size--;
      overlay.set(key, after);
    }
    if (overlay.size > 64 && overlay.size * 8 > this.base.size) return CountMap.of(merge(this.base, overlay));
    return new CountMap(this.base, overlay, size);
  }

  /** Keys with a positive count, in no particular order. */
  keys(): string[] {
    const out: string[] = [];
    for (const [key, n] of this.base) if (!this.overlay.has(key) && n > 0) out.push(key);
    for (const [key, n] of this.overlay) if (n > 0) out.push(key);
    return out;
  }
}

function merge(base: ReadonlyMap<string, number>, overlay: ReadonlyMap<string, number>): Map<string, number> {
  const merged = new Map(base);
  for (const [key, n] of overlay) {
    if (n > 0) merged.set(key, n);
    else merged.delete(key);
  }
  return merged;
}
