/**
 * One account+region as the control plane holds it: the committed in-memory state and a queue that runs its
 * transactions one at a time. A transaction's change set goes to the store first; only after the store committed it is
 * it applied to memory, so memory never holds what the database does not.
 */
import { ec2Error } from '../core/errors/ec2-error.ts';
import type { ChangeSet, Store } from '../store/store.ts';
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
    private readonly onCommit: CommitListener = () => undefined,
  ) {}

  static async load(store: Store, accountId: string, region: string, onCommit?: CommitListener): Promise<RegionHandle> {
    const rows = await store.loadRegion(accountId, region);
    const resources = rows.map((r) => JSON.parse(r.body) as Resource);
    return new RegionHandle(store, new RegionState(accountId, region, resources), onCommit);
  }

  transact<T>(change: (tx: RegionTx) => T, options: { dryRun: boolean }): Promise<T> {
    const run = async (): Promise<T> => {
      const tx = new RegionTx(this.state);
      const result = change(tx);
      if (options.dryRun) throw ec2Error('DryRunOperation');
      const changes = tx.changes();
      if (changes.puts.length > 0 || changes.deletes.length > 0) {
        await this.store.commit(this.state.accountId, this.state.region, toChangeSet(changes));
        const deleted = changes.deletes.map((id) => this.state.get(id)).filter((r): r is Resource => r !== undefined);
        this.state.apply(changes);
        this.onCommit(this.state, changes.puts, deleted);
      }
      return result;
    };
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every transaction queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
