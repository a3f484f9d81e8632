/**
 * Keeps one nft table equal to the desired Ruleset. `apply` sends the smallest transaction (diff.ts); `resync`
 * replaces the whole table in one transaction. Both are atomic in the kernel, so a failed apply leaves the
 * previous ruleset in force untouched (fail closed: what was enforced stays enforced), the error is reported,
 * and the applier keeps knowing what the kernel really holds. After a failure the next apply is a full resync,
 * in case the failure came from a kernel state changed behind our back.
 */
import { renderFullLoad } from '../compile/render.ts';
import type { Ruleset } from '../compile/ruleset.ts';
import { diffRulesets } from './diff.ts';
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
  readonly milliseconds: number;
}

export class RulesetApplier {
  /** What the kernel holds, as far as we know; undefined before the first successful load or after a failure. */
  private loaded: Ruleset | undefined;
  /** Set after a rejected transaction: the next apply replaces the table whole, whatever drifted. */
  private resyncNeeded = false;

  constructor(private readonly nft: NftRunner) {}

  get current(): Ruleset | undefined {
    return this.loaded;
  }

  async resync(desired: Ruleset): Promise<ApplyReport> {
    return this.send(renderFullLoad(desired), desired, 'full');
  }

  async apply(desired: Ruleset): Promise<ApplyReport> {
    if (!this.loaded || this.resyncNeeded) return this.resync(desired);
    const diff = diffRulesets(this.loaded, desired);
    if (!diff) return this.resync(desired);
    if (diff.transaction === '') return { kind: 'unchanged', transactionLines: 0, milliseconds: 0 };
    return this.send(diff.transaction, desired, 'incremental');
  }

  private async send(transaction: string, desired: Ruleset, kind: 'incremental' | 'full'): Promise<ApplyReport> {
    const started = performance.now();
    try {
      await this.nft.run(transaction);
    } catch (e) {
      // The kernel rejected the whole transaction: the previous ruleset is still the one in force.
      this.resyncNeeded = true;
      throw new ApplyError(`nft rejected the ${kind} transaction for table ${desired.table}; the previous ruleset stays in force`, transaction, e);
    }
    this.loaded = desired;
    this.resyncNeeded = false;
    return { kind, transactionLines: transaction.split('\n').length - 1, milliseconds: performance.now() - started };
  }
}
