/**
 * The connection-tracking table: a `WordKeyTable` whose entries carry one int32 of connection state and an expiry
 * time (seconds, float64). Expired entries read as absent: a lookup removes one when it meets it, and growth drops
 * every entry that had expired by the last time the table was told the time, so a table of idle flows does not grow
 * without bound. The key layout is the caller's (see connection-tracker.ts); this class only stores numbers.
 */
import { WordKeyTable } from '../tables/word-key-table.ts';

export class ConnectionTable extends WordKeyTable {
  /** The latest clock reading seen; growth drops entries that expired before it. */
  private lastNow = -Infinity;

  constructor(keyWords: number, initialCapacity = 1024) {
    super(keyWords, 1, 1, initialCapacity);
  }

  /** The slot of the live entry for `key` at time `now`, or -1. */
  lookup(key: ArrayLike<number>, now: number): number {
    if (now > this.lastNow) this.lastNow = now;
    return this.live(this.find(key), now);
  }

  /** `lookup` for a table of 4-word keys, the key passed as numbers. */
  lookup4(a: number, b: number, c: number, d: number, now: number): number {
    if (now > this.lastNow) this.lastNow = now;
    return this.live(this.find4(a, b, c, d), now);
  }

  /** Creates or overwrites the entry for `key`; returns its slot (valid until the next insert or removal). */
  override insert(key: ArrayLike<number>, state = 0, expiry = Infinity, now = this.lastNow): number {
    if (now > this.lastNow) this.lastNow = now;
    const slot = super.insert(key);
    this.refresh(slot, state, expiry);
    return slot;
  }

  /** `insert` for a table of 4-word keys, the key passed as numbers. */
  override insert4(a: number, b: number, c: number, d: number, state = 0, expiry = Infinity, now = this.lastNow): number {
    if (now > this.lastNow) this.lastNow = now;
    const slot = super.insert4(a, b, c, d);
    this.refresh(slot, state, expiry);
    return slot;
  }

  delete(key: ArrayLike<number>): boolean {
    return this.remove(key);
  }

  stateAt(slot: number): number {
    return this.words[slot * this.stride + this.valueOffset];
  }

  expiryAt(slot: number): number {
    return this.f64[(slot * this.stride + this.floatOffset) >> 1];
  }

  /** Updates a live entry in place (the slot from a lookup). */
  refresh(slot: number, state: number, expiry: number): void {
    const o = slot * this.stride;
    this.words[o + this.valueOffset] = state;
    this.f64[(o + this.floatOffset) >> 1] = expiry;
  }

  /** Removes every entry expired at `now`; returns how many. */
  sweep(now: number): number {
    if (now > this.lastNow) this.lastNow = now;
    let removed = 0;
    for (let slot = 0; slot < this.capacity; slot++) {
      // Backward shift may pull a later entry into this slot: look at it again before moving on.
      while (this.isOccupied(slot) && this.expiryAt(slot) <= now) {
        this.removeAt(slot);
        removed++;
      }
    }
    return removed;
  }

  protected override keepOnRehash(slot: number): boolean {
    return this.expiryAt(slot) > this.lastNow;
  }

  private live(slot: number, now: number): number {
    if (slot < 0) return -1;
    if (this.expiryAt(slot) <= now) {
      this.removeAt(slot);
      return -1;
    }
    return slot;
  }
}
