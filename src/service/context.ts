/**
 * What every operation receives besides its input: who is calling, where, and the means to read the committed state
 * and to change it in one transaction.
 */
import type { IdPrefix } from '../core/ids.ts';
import type { Quotas } from '../core/quotas.ts';
import type { RegionTx } from './state/region-tx.ts';
import type { ResourceView } from './state/resource.ts';

export interface RequestContext {
  readonly accountId: string;
  readonly region: string;
  readonly requestId: string;
  /** `DryRun=true`: validate, then answer DryRunOperation without changing anything. */
  readonly dryRun: boolean;
  readonly now: Date;
  readonly quotas: Quotas;
  /** The committed resources of this account+region. */
  readonly view: ResourceView;
  /**
   * Runs `change` as one transaction: its writes are committed to the store and then to memory together, or — if it
   * throws, or this is a dry run (DryRunOperation, after validation) — not at all. Transactions of one account+region
   * run one after another.
   */
  write<T>(change: (tx: RegionTx) => T): Promise<T>;
  /** A fresh resource id, e.g. `newId('sg')` → `sg-0123456789abcdef0`. */
  newId(prefix: IdPrefix): string;
}
