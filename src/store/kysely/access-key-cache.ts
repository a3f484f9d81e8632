/**
 * Access keys as last read from the database, for the lookup every signed request makes. Reading a key through Kysely
 * cost 0.2–0.9 ms per request (bench/api.bench.ts profiles); a map lookup costs nothing.
 *
 * Keys change in two ways, and both empty the cache at once, so a created key works and a deleted one fails on the
 * very next request:
 * - through this store (createAccount, createAccessKey, deleteAccount): the store calls `clear()`;
 * - through another process on the same database (`rampart accounts create|delete` beside a running server): the
 *   dialect's change token (SQLite's `PRAGMA data_version`) moves. The token is read at most once per
 *   TOKEN_MAX_AGE_MS (reading it takes SQLite's shared-memory locks: two fcntl calls, ~4% of a describe by id), and a
 *   process that changed keys lets SETTLE_MS pass before its store closes (`settled()`, KyselyStore.close). So a
 *   change is seen by every request that arrives after the changing command has finished: such a request is handled
 *   at least SETTLE_MS after the commit, so either the token is read then, or it was read less than TOKEN_MAX_AGE_MS
 *   before, which is still after the commit.
 * Without a change token (a dialect that cannot tell cheaply) nothing is kept. Unknown keys are kept too (as
 * `undefined`), so a flood of bad keys does not reach the database; the map is emptied when it grows past a bound.
 */
import type { AccessKeyRow } from '../store.ts';

const MAX_ENTRIES = 10_000;
/** How old a reading of the change token may be when a lookup relies on it. */
const TOKEN_MAX_AGE_MS = 1;
/** How long after its last key change a process waits before its store is closed (twice the above, for margin). */
const SETTLE_MS = 2 * TOKEN_MAX_AGE_MS;

export class AccessKeyCache {
  private readonly entries = new Map<string, AccessKeyRow | undefined>();
  private token: number | undefined;
  /** When the token was last read (performance.now()). */
  private tokenReadAt = -Infinity;
  /** When this process last changed keys (performance.now()). */
  private changedAt = -Infinity;

  constructor(private readonly changeToken: (() => number) | undefined) {}

  /** The key as cached, or `load()`'s answer (then cached), re-reading everything if another process committed. */
  async find(accessKeyId: string, load: () => Promise<AccessKeyRow | undefined>): Promise<AccessKeyRow | undefined> {
    if (this.changeToken === undefined) return load();
    this.catchUp();
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

  /** The key if it is cached and current, without waiting for anything; undefined when only `find` can tell. */
  peek(accessKeyId: string): AccessKeyRow | undefined {
    if (this.changeToken === undefined) return undefined;
    this.catchUp();
    return this.entries.get(accessKeyId);
  }

  /** Empties the cache if another process committed since the last look. */
  private catchUp(): void {
    const now = performance.now();
    if (now - this.tokenReadAt < TOKEN_MAX_AGE_MS) return;
    this.tokenReadAt = now;
    const token = this.changeToken!();
    if (token !== this.token) {
      this.entries.clear();
      this.token = token;
    }
  }

  /** This process changed accounts or keys. */
  clear(): void {
    this.entries.clear();
    this.token = undefined;
    this.tokenReadAt = -Infinity;
    this.changedAt = performance.now();
  }

  /** Resolves once a key change this process made is visible to every other server on the database. */
  async settled(): Promise<void> {
    const wait = this.changedAt + SETTLE_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
  }
}
