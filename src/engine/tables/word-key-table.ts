/**
 * Open-addressing hash table keyed by fixed-width tuples of 32-bit words, held entirely in one typed array: the shape
 * performance.md §3.6 measured at 7.5–8.6 M inserts/s and 9–12 M lookups/s at 1M entries, where a `Map` with string
 * keys manages 0.5–0.9 M/s. No key is ever a string and no lookup allocates: callers pass the key as numbers
 * (`find4`, `find5`) or in a reusable `Int32Array`.
 *
 * Each slot is one record — its key's hash (0 = empty), the key words, `valueWords` int32 and `floatWords` float64 of
 * payload — so a probe touches one cache line instead of one per array. Linear probing; deletion by backward shift,
 * so there are no tombstones and probe chains never rot under churn. Capacity doubles when the load passes 70%; a
 * subclass may drop entries while rehashing (`keepOnRehash`).
 */
import { finishHash, mixWord } from './word-hash.ts';

// The first five word multipliers (word-hash.ts), as module constants for the unrolled entry points.
const M0 = 0x9e3779b1;
const M1 = 0x85ebca77;
const M2 = 0xc2b2ae3d;
const M3 = 0x27d4eb2f;
const M4 = 0x165667b1;

const MAX_LOAD = 0.7;

export class WordKeyTable {
  readonly keyWords: number;
  readonly valueWords: number;
  readonly floatWords: number;
  /** Int32 words per slot: hash, key, values, (padding,) floats. */
  protected readonly stride: number;
  /** Offset of the first value word in a slot. */
  protected readonly valueOffset: number;
  /** Offset (in int32 words, even) of the first float in a slot. */
  protected readonly floatOffset: number;
  /** The slots; `f64` views the same memory. Both are replaced on growth. */
  protected words: Int32Array;
  protected f64: Float64Array;
  protected mask: number;
  protected count = 0;
  private growAt: number;
  /** Whether the last `insert` created the entry (false: the key was already present). */
  lastInsertCreated = false;

  constructor(keyWords: number, valueWords = 1, floatWords = 0, initialCapacity = 16) {
    this.keyWords = keyWords;
    this.valueWords = valueWords;
    this.floatWords = floatWords;
    this.valueOffset = 1 + keyWords;
    const beforeFloats = 1 + keyWords + valueWords;
    this.floatOffset = floatWords > 0 ? beforeFloats + (beforeFloats & 1) : beforeFloats;
    this.stride = this.floatOffset + 2 * floatWords;
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.mask = capacity - 1;
    this.growAt = Math.floor(capacity * MAX_LOAD);
    this.words = new Int32Array(capacity * this.stride);
    this.f64 = new Float64Array(this.words.buffer);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  get byteLength(): number {
    return this.words.byteLength;
  }

  hashOf(key: ArrayLike<number>): number {
    let h = this.keyWords;
    for (let i = 0; i < this.keyWords; i++) h = mixWord(h, key[i], i);
    return finishHash(h);
  }

  /** The slot holding `key`, or -1. */
  find(key: ArrayLike<number>): number {
    const h = this.hashOf(key);
    const words = this.words;
    const stride = this.stride;
    const mask = this.mask;
    let i = h & mask;
    while (true) {
      const s = words[i * stride];
      if (s === 0) return -1;
      if (s === h && this.keyAt(i, key)) return i;
      i = (i + 1) & mask;
    }
  }

  /** `find` for a table of 2-word keys (the IPv4 group-membership key), the key passed as numbers. */
  find2(a: number, b: number): number {
    const h = finishHash((2 + Math.imul(a, M0) + Math.imul(b, M1)) | 0);
    const words = this.words;
    const stride = this.stride;
    const mask = this.mask;
    let i = h & mask;
    while (true) {
      const o = i * stride;
      const s = words[o];
      if (s === 0) return -1;
      if (s === h && words[o + 1] === (a | 0) && words[o + 2] === (b | 0)) return i;
      i = (i + 1) & mask;
    }
  }

  /** `find` for a table of 4-word keys (the IPv4 connection key), the key passed as numbers. */
  find4(a: number, b: number, c: number, d: number): number {
    const h = hash4(a, b, c, d);
    const words = this.words;
    const stride = this.stride;
    const mask = this.mask;
    let i = h & mask;
    while (true) {
      const o = i * stride;
      const s = words[o];
      if (s === 0) return -1;
      if (s === h && words[o + 1] === (a | 0) && words[o + 2] === (b | 0) && words[o + 3] === (c | 0) && words[o + 4] === (d | 0)) return i;
      i = (i + 1) & mask;
    }
  }

  /** `find` for a table of 5-word keys (the IPv6 group-membership key), passed as numbers. */
  find5(a: number, b: number, c: number, d: number, e: number): number {
    const h = finishHash((5 + Math.imul(a, M0) + Math.imul(b, M1) + Math.imul(c, M2) + Math.imul(d, M3) + Math.imul(e, M4)) | 0);
    const words = this.words;
    const stride = this.stride;
    const mask = this.mask;
    let i = h & mask;
    while (true) {
      const o = i * stride;
      const s = words[o];
      if (s === 0) return -1;
      if (
        s === h &&
        words[o + 1] === (a | 0) &&
        words[o + 2] === (b | 0) &&
        words[o + 3] === (c | 0) &&
        words[o + 4] === (d | 0) &&
        words[o + 5] === (e | 0)
      ) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * The slot for `key`, created (payload zeroed) when absent; `lastInsertCreated` tells which. The slot number is
   * valid until the next insert or removal.
   */
  insert(key: ArrayLike<number>): number {
    if (this.count >= this.growAt) this.rehash(this.capacity * 2);
    const h = this.hashOf(key);
    const words = this.words;
    const stride = this.stride;
    const mask = this.mask;
    let i = h & mask;
    while (true) {
      const s = words[i * stride];
      if (s === 0) break;
      if (s === h && this.keyAt(i, key)) {
        this.lastInsertCreated = false;
        return i;
      }
      i = (i + 1) & mask;
    }
    const o = i * stride;
    words[o] = h;
    for (let w = 0; w < this.keyWords; w++) words[o + 1 + w] = key[w];
    for (let w = this.valueOffset; w < stride; w++) words[o + w] = 0;
    this.count++;
    this.lastInsertCreated = true;
    return i;
  }

  /** `insert` for a table of 4-word keys, the key passed as numbers. */
  insert4(a: number, b: number, c: number, d: number): number {
    if (this.count >= this.growAt) this.rehash(this.capacity * 2);
    const h = hash4(a, b, c, d);
    const words = this.words;
    const stride = this.stride;
    const mask = this.mask;
    let i = h & mask;
    while (true) {
      const o = i * stride;
      const s = words[o];
      if (s === 0) break;
      if (s === h && words[o + 1] === (a | 0) && words[o + 2] === (b | 0) && words[o + 3] === (c | 0) && words[o + 4] === (d | 0)) {
        this.lastInsertCreated = false;
        return i;
      }
      i = (i + 1) & mask;
    }
    const o = i * stride;
    words[o] = h;
    words[o + 1] = a;
    words[o + 2] = b;
    words[o + 3] = c;
    words[o + 4] = d;
    for (let w = 5; w < stride; w++) words[o + w] = 0;
    this.count++;
    this.lastInsertCreated = true;
    return i;
  }

  /** Removes `key`; false when it was absent. */
  remove(key: ArrayLike<number>): boolean {
    const slot = this.find(key);
    if (slot < 0) return false;
    this.removeAt(slot);
    return true;
  }

  /**
   * Empties `slot` by backward shift: later members of the probe cluster that may legally sit earlier move up, so
   * lookups never need tombstones. Entries after `slot` may move; callers iterating slots must re-examine `slot`.
   */
  removeAt(slot: number): void {
    const words = this.words;
    const stride = this.stride;
    const mask = this.mask;
    let hole = slot;
    let j = slot;
    while (true) {
      j = (j + 1) & mask;
      const hj = words[j * stride];
      if (hj === 0) break;
      // The entry at j may fill the hole when the hole lies on its probe path, i.e. between its home slot and j.
      if (((j - (hj & mask)) & mask) >= ((j - hole) & mask)) {
        for (let w = 0; w < stride; w++) words[hole * stride + w] = words[j * stride + w];
        hole = j;
      }
    }
    words[hole * stride] = 0;
    this.count--;
  }

  isOccupied(slot: number): boolean {
    return this.words[slot * this.stride] !== 0;
  }

  keyWord(slot: number, w: number): number {
    return this.words[slot * this.stride + 1 + w];
  }

  value(slot: number, i = 0): number {
    return this.words[slot * this.stride + this.valueOffset + i];
  }

  setValue(slot: number, v: number, i = 0): void {
    this.words[slot * this.stride + this.valueOffset + i] = v;
  }

  float(slot: number, i = 0): number {
    return this.f64[(slot * this.stride + this.floatOffset) / 2 + i];
  }

  setFloat(slot: number, v: number, i = 0): void {
    this.f64[(slot * this.stride + this.floatOffset) / 2 + i] = v;
  }

  clear(): void {
    this.words.fill(0);
    this.count = 0;
  }

  /** Subclasses return false to drop an entry while the table is rehashed (e.g. expired connections). */
  protected keepOnRehash(_slot: number): boolean {
    return true;
  }

  protected rehash(capacity: number): void {
    const old = this.words;
    const oldCapacity = this.capacity;
    const stride = this.stride;
    let kept = 0;
    const keep = new Uint8Array(oldCapacity);
    for (let i = 0; i < oldCapacity; i++) {
      if (old[i * stride] !== 0 && this.keepOnRehash(i)) {
        keep[i] = 1;
        kept++;
      }
    }
    // Dropping entries may make growing unnecessary: stay at this size when at most half of the threshold is live.
    if (capacity > oldCapacity && kept <= this.growAt / 2) capacity = oldCapacity;
    this.mask = capacity - 1;
    this.growAt = Math.floor(capacity * MAX_LOAD);
    this.words = new Int32Array(capacity * stride);
    this.f64 = new Float64Array(this.words.buffer);
    this.count = kept;
    const words = this.words;
    const mask = this.mask;
    for (let from = 0; from < oldCapacity; from++) {
      if (keep[from] === 0) continue;
      const h = old[from * stride];
      let to = h & mask;
      while (words[to * stride] !== 0) to = (to + 1) & mask;
      for (let w = 0; w < stride; w++) words[to * stride + w] = old[from * stride + w];
    }
  }

  private keyAt(slot: number, key: ArrayLike<number>): boolean {
    const words = this.words;
    const base = slot * this.stride + 1;
    for (let w = 0; w < this.keyWords; w++) if (words[base + w] !== (key[w] | 0)) return false;
    return true;
  }
}

function hash4(a: number, b: number, c: number, d: number): number {
  return finishHash((4 + Math.imul(a, M0) + Math.imul(b, M1) + Math.imul(c, M2) + Math.imul(d, M3)) | 0);
}
