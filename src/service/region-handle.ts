/**
 * One account+region as the control plane holds it: the committed in-memory state and a queue that runs its
 * transactions one at a time. A transaction's change set goes to the store first; only after the store committed it is
 * it applied to memory, so memory never holds what the database does not.
 *
 * Several servers may share one database (PostgreSQL). Memory carries the store revision it reflects: `refresh` catches
 * up before a request is served when another process has committed, and a commit takes the region's lock in the store
 * and, if the revision moved meanwhile, catches up and decides again under that lock (Store.commitLocked), so no
 * change is ever computed on stale state and no retry loop is needed.
 */
import { ec2Error } from '../core/errors/ec2-error.ts';
import type { ChangeSet, ResourceRow, Store } from '../store/store.ts';
import { RegionState, type ResourceChanges } from './state/region-state.ts';
import { RegionTx } from './state/region-tx.ts';
import type { Resource } from './state/resource.ts';

export function toChangeSet(changes: ResourceChanges): ChangeSet {
  return {
    puts: changes.puts.map((r) => ({ kind: r.kind, id: r.id, parentId: r.parentId ?? null, body: JSON.stringify(r) })),
    deletes: changes.deletes,
  };
}

/** Told, in the same turn as the change reached memory, what a committed transaction wrote and deleted. */
export type CommitListener = (state: RegionState, puts: readonly Resource[], deleted: readonly Resource[]) => void;

export class RegionHandle {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    readonly state: RegionState,
    /** The store revision (Store.regionRevision) that `state` reflects. */
    private atRevision: number,
    private readonly onCommit: CommitListener = () => undefined,
  ) {}

  static async load(store: Store, accountId: string, region: string, onCommit?: CommitListener): Promise<RegionHandle> {
    // The revision first: rows read after it are at least that recent, so memory never claims more than it holds.
    const revision = await store.regionRevision(accountId, region);
    const rows = await store.loadRegion(accountId, region);
    const resources = rows.map((r) => JSON.parse(r.body) as Resource);
    return new RegionHandle(store, new RegionState(accountId, region, resources), revision, onCommit);
  }

  /** The store revision (Store.regionRevision) that `state` reflects: exact, unlike a fresh read of the store. */
  get revision(): number {
    return this.atRevision;
  }

  /**
   * Catches up with commits other processes made to this region. One cheap revision read when the store is shared by
   * servers; nothing at all otherwise (SQLite: this process is the only writer).
   */
  async refresh(): Promise<void> {
    if (!this.store.sharedByServers) return;
    if ((await this.store.regionRevision(this.state.accountId, this.state.region)) === this.atRevision) return;
    await this.enqueue(() => this.reload());
  }

  transact<T>(change: (tx: RegionTx) => T, options: { dryRun: boolean }): Promise<T> {
    return this.enqueue(async () => {
      // Decided on memory first: a call that fails validation (or a dry run) costs the database nothing.
      let decided = this.decide(change, options);
      if (decided.changes.puts.length === 0 && decided.changes.deletes.length === 0) return decided.result;
      const { accountId, region } = this.state;
      const revision = await this.store.commitLocked(accountId, region, async (locked) => {
        if (locked.revision !== this.atRevision) {
          // Another process committed since memory last caught up: catch up, under the lock, and decide again.
          this.catchUp(locked.revision, await locked.loadRegion());
          decided = this.decide(change, options);
        }
        return toChangeSet(decided.changes);
      });
      const { changes } = decided;
      this.atRevision = revision;
      // Decided again on fresh state, the call may have nothing left to do (the store then wrote nothing).
      if (changes.puts.length === 0 && changes.deletes.length === 0) return decided.result;
      const deleted = changes.deletes.map((id) => this.state.get(id)).filter((r): r is Resource => r !== undefined);
      this.state.apply(changes);
      this.onCommit(this.state, changes.puts, deleted);
      return decided.result;
    });
  }

  /** Resolves once every transaction queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Runs `change` on a transaction over memory; throws for a dry run after validation (DryRunOperation). */
  private decide<T>(change: (tx: RegionTx) => T, options: { dryRun: boolean }): { result: T; changes: ResourceChanges } {
    const tx = new RegionTx(this.state);
    const result = change(tx);
    if (options.dryRun) throw ec2Error('DryRunOperation');
    return { result, changes: tx.changes() };
  }

  /** Reloads the region if the store moved past memory. Runs inside the queue. */
  private async reload(): Promise<void> {
    const { accountId, region } = this.state;
    const revision = await this.store.regionRevision(accountId, region);
    if (revision === this.atRevision) return;
    this.catchUp(revision, await this.store.loadRegion(accountId, region));
  }

  /**
   * Replaces memory with the store's rows at `revision` as one change (what differs), so the listeners (the engine)
   * see another process's commits as they see this one's.
   */
  private catchUp(revision: number, rows: readonly ResourceRow[]): void {
    const stored = new Set(rows.map((r) => r.id));
    const puts = rows.filter((r) => JSON.stringify(this.state.get(r.id)) !== r.body).map((r) => JSON.parse(r.body) as Resource);
    const deletes = [...this.state.ids()].filter((id) => !stored.has(id));
    const deleted = deletes.map((id) => this.state.get(id)).filter((r): r is Resource => r !== undefined);
    if (puts.length > 0 || deletes.length > 0) {
      this.state.apply({ puts, deletes });
      this.onCommit(this.state, puts, deleted);
    }
    this.atRevision = revision;
  }
}
