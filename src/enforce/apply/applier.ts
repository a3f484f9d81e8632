/**
 * Keeps one router's nft table equal to the model. `apply` (a new snapshot) and `applyChanges` (the control
 * plane's changes) recompile only what changed and send the delta as one transaction; `resync` replaces the whole
 * table in one transaction. Both are atomic in the kernel, so a rejected transaction leaves the previous ruleset in
 * force untouched (fail closed: what was enforced stays enforced), the error is reported, and the next call
 * replaces the table whole from the model last asked for, in case the kernel changed behind our back.
 */
import type { Snapshot } from '../../core/model/snapshot.ts';
import { compileModel, fullLoadTransaction, updateRouter, type CompiledRouter } from '../compile/compiled-router.ts';
import { changesBetween, type ModelChange } from '../compile/model-changes.ts';
import { modelFromSnapshot, withChanges, type RouterModel, type RouterScope } from '../compile/router-model.ts';
import { renderDelta } from '../compile/ruleset-delta.ts';
import type { NftRunner } from './nft-runner.ts';

export class ApplyError extends Error {
  constructor(
    message: string,
    readonly transaction: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'ApplyError';
  }
}

export interface ApplyReport {
  readonly kind: 'unchanged' | 'incremental' | 'full';
  readonly transactionLines: number;
  /** Model update, compile and diff. */
  readonly compileMilliseconds: number;
  /** The transaction through nft, into the kernel. */
  readonly nftMilliseconds: number;
}

export class RouterEnforcer {
  /** What the kernel holds; undefined before the first successful load. */
  private loaded: CompiledRouter | undefined;
  /** The model last asked for: equal to loaded.model unless a transaction was rejected. */
  private desired: RouterModel | undefined;
  /** Set after a rejected transaction: the next call replaces the table whole. */
  private resyncNeeded = false;

  constructor(
    private readonly nft: NftRunner,
    readonly scope: RouterScope,
  ) {}

  get current(): CompiledRouter | undefined {
    return this.loaded;
  }

  /** Releases the nft runner (its helper process). */
  close(): void {
    this.nft.close();
  }

  async resync(snapshot: Snapshot): Promise<ApplyReport> {
    const started = performance.now();
    const router = compileModel(modelFromSnapshot(snapshot, this.scope));
    return this.sendFull(router, started);
  }

  async apply(snapshot: Snapshot): Promise<ApplyReport> {
    if (!this.desired) return this.resync(snapshot);
    const started = performance.now();
    return this.update(changesBetween(this.desired, snapshot), started);
  }

  async applyChanges(changes: readonly ModelChange[]): Promise<ApplyReport> {
    if (!this.desired) throw new Error('applyChanges before the first resync');
    return this.update(changes, performance.now());
  }

  private async update(changes: readonly ModelChange[], started: number): Promise<ApplyReport> {
    if (!this.loaded || this.resyncNeeded || this.loaded.model !== this.desired) return this.sendFull(compileModel(withChanges(this.desired!, changes)), started);
    if (changes.length === 0) return { kind: 'unchanged', transactionLines: 0, compileMilliseconds: performance.now() - started, nftMilliseconds: 0 };
    const { router, delta } = updateRouter(this.loaded, changes);
    const transaction = renderDelta(this.scope.table, delta);
    if (transaction === '') {
      this.loaded = router;
      this.desired = router.model;
      return { kind: 'unchanged', transactionLines: 0, compileMilliseconds: performance.now() - started, nftMilliseconds: 0 };
    }
    return this.send(transaction, router, 'incremental', started);
  }

  private sendFull(router: CompiledRouter, started: number): Promise<ApplyReport> {
    return this.send(fullLoadTransaction(router), router, 'full', started);
  }

  private async send(transaction: string, router: CompiledRouter, kind: 'incremental' | 'full', started: number): Promise<ApplyReport> {
    const compiled = performance.now();
    this.desired = router.model;
    try {
      const sent = this.nft.run(transaction);
      // Index the table for the next update while nft works on this one (another process).
      void router.aggregate;
      await sent;
    } catch (e) {
      // The kernel rejected the whole transaction: the previous ruleset is still the one in force.
      this.resyncNeeded = true;
      throw new ApplyError(`nft rejected the ${kind} transaction for table ${this.scope.table}; the previous ruleset stays in force`, transaction, e);
    }
    this.loaded = router;
    this.resyncNeeded = false;
    return { kind, transactionLines: transaction.split('\n').length - 1, compileMilliseconds: compiled - started, nftMilliseconds: performance.now() - compiled };
  }
}
