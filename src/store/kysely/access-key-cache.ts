/**
 * Access keys as last read from the database, for the lookup every signed request makes. Reading a key through Kysely
 * cost 0.2–0.9 ms per request (bench/api.bench.ts profiles); a map lookup costs nothing.
 *
 * Keys change in two ways, and both empty the cache at once, so a created key works and a deleted one fails on the
 * very next request:
 * - through this store (createAccount, createAccessKey, deleteAccount): the store calls `clear()`;
 * - through another process on the same database (`rampart accounts create|delete` beside a running server): the
 *   dialect's change token (SQLite's `PRAGMA data_version`) moves, checked before every lookup.
 * Without a change token (a dialect that cannot tell cheaply) nothing is kept. Unknown keys are kept too (as
 * `undefined`), so a flood of bad keys does not reach the database; the map is emptied when it grows past a bound.
 */
import type { AccessKeyRow } from '../store.ts';

const MAX_ENTRIES = 10_000;

export class AccessKeyCache {
  private readonly entries = new Map<string, AccessKeyRow | undefined>();
  private token: number | undefined;

  constructor(private readonly changeToken: (() => number) | undefined) {}

  /** The key as cached, or `load()`'s answer (then cached), re-reading everything if another process committed. */
  async find(accessKeyId: string, load: () => Promise<AccessKeyRow | undefined>): Promise<AccessKeyRow | undefined> {
    if (this.changeToken === undefined) return load();
    const token = this.changeToken();
    if (token !== this.token) {
      this.entries.clear();
      this.token = token;
    }
    if (this.entries.has(accessKeyId)) return this.entries.get(accessKeyId);
    const generation = this.token;
    const row = await load();
    // A change that landed while the row was being read must not be overwritten with the older answer.
    if (generation === this.token) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(accessKeyId, row);
    }
    return row;
  }

  /** This process changed accounts or keys. */
  clear(): void {
    this.entries.clear();
    this.token = undefined;
  }
}
