/**
 * The control plane's service side: the account+region states (loaded lazily, first-use defaults created in one
 * transaction), request contexts for the operation handlers, one engine per account+region kept in step with the
 * committed state, and reset.
 */
import { randomBytes } from 'node:crypto';
import { formatId, ID_HEX_DIGITS, type IdPrefix } from '../core/ids.ts';
import type { Quotas } from '../core/quotas.ts';
import { Engine } from '../engine/index.ts';
import type { Snapshot } from '../core/model/snapshot.ts';
import type { Store } from '../store/store.ts';
import type { RequestContext } from './context.ts';
import { buildSnapshot } from './decide/build-snapshot.ts';
import { applyToEngine } from './decide/engine-sync.ts';
import type { IdSource } from './ids.ts';
import { REGION_RECORD_ID } from './regions/region-record.ts';
import { RegionHandle } from './region-handle.ts';
import type { RegionTx } from './state/region-tx.ts';
import type { ResourceView } from './state/resource.ts';
import { createRegionDefaults } from './vpcs/default-vpc.ts';

export interface ControlPlaneOptions {
  readonly store: Store;
  readonly quotas: Quotas;
  readonly now?: () => Date;
  /** An incremental engine update failed (the engine is then rebuilt on next use). */
  readonly onEngineError?: (error: unknown) => void;
  /** A change reached an account+region's memory (this server's commit, or another's caught up): live enforcement. */
  readonly onCommit?: (accountId: string, region: string) => void;
}

export interface CallerScope {
  readonly accountId: string;
  readonly region: string;
  readonly requestId: string;
  readonly dryRun: boolean;
}

function newId(prefix: IdPrefix): string {
  return formatId(prefix, randomBytes(9).toString('hex').slice(0, ID_HEX_DIGITS));
}

export class ControlPlane {
  private readonly regions = new Map<string, Promise<RegionHandle>>();
  /** The same handles once loaded, so the common request gets its context without an await (context()). */
  private readonly loaded = new Map<string, RegionHandle>();
  private readonly engines = new Map<string, { readonly version: number; readonly engine: Engine }>();
  private readonly now: () => Date;
  private readonly accountEpochs = new Map<string, string>();

  constructor(private readonly options: ControlPlaneOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get quotas(): Quotas {
    return this.options.quotas;
  }

  /** The account+region, loaded on first use; its defaults (default VPC …) are created the first time it is used at all. */
  region(accountId: string, region: string): Promise<RegionHandle> {
    const key = `${accountId}/${region}`;
    let handle = this.regions.get(key);
    if (!handle) {
      const loading = this.loadRegion(accountId, region);
      handle = loading;
      this.regions.set(key, loading);
      loading.then(
        (h) => {
          // Unless reset or forgetAccount dropped it meanwhile.
          if (this.regions.get(key) === loading) this.loaded.set(key, h);
        },
        () => this.regions.delete(key),
      );
    }
    return handle;
  }

  private async loadRegion(accountId: string, region: string): Promise<RegionHandle> {
    const key = `${accountId}/${region}`;
    const handle = await RegionHandle.load(this.options.store, accountId, region, (state, puts, deleted) => {
      this.options.onCommit?.(accountId, region);
      const cached = this.engines.get(key);
      if (!cached) return;
      try {
        applyToEngine(cached.engine, state, accountId, puts, deleted);
        this.engines.set(key, { version: state.version, engine: cached.engine });
      } catch (e) {
        // Never leave a half-updated engine behind: drop it, the next decision rebuilds it from the committed state.
        this.engines.delete(key);
        this.options.onEngineError?.(e);
      }
    });
    await ensureRegionDefaults(handle, accountId);
    return handle;
  }

  /**
   * The account+region, caught up with other servers' commits (a database shared by servers), and with its defaults
   * back if another server's reset removed them.
   */
  private async currentRegion(accountId: string, region: string): Promise<RegionHandle> {
    const handle = await this.region(accountId, region);
    await handle.refresh();
    await ensureRegionDefaults(handle, accountId);
    return handle;
  }

  /**
   * A request's context. Synchronous in the common case (the region is loaded, has its defaults, and no other server
   * commits to it): every await on a request's path is a trip through the microtask queue, and this one is on all.
   */
  context(scope: CallerScope): RequestContext | Promise<RequestContext> {
    const handle = this.options.store.sharedByServers ? undefined : this.loaded.get(`${scope.accountId}/${scope.region}`);
    if (handle && handle.state.get(REGION_RECORD_ID)) return new HandleContext(scope, this.now(), this.options.quotas, handle);
    return this.currentContext(scope);
  }

  private async currentContext(scope: CallerScope): Promise<RequestContext> {
    const handle = await this.currentRegion(scope.accountId, scope.region);
    return new HandleContext(scope, this.now(), this.options.quotas, handle);
  }

  /**
   * The engine over the committed state of an account+region: built on first use, then kept in step by every commit
   * (applyToEngine); rebuilt only if an incremental update failed.
   */
  async engine(accountId: string, region: string): Promise<Engine> {
    const handle = await this.currentRegion(accountId, region);
    const key = `${accountId}/${region}`;
    const cached = this.engines.get(key);
    if (cached && cached.version === handle.state.version) return cached.engine;
    const engine = Engine.fromSnapshot(buildSnapshot(handle.state, accountId));
    this.engines.set(key, { version: handle.state.version, engine });
    return engine;
  }

  /**
   * The account+region as the engine's snapshot, with the store revision it is at least as recent as (read first):
   * what `serve --enforce` and `GET /_rampart/v1/snapshot` hand to the enforcer.
   */
  async snapshot(accountId: string, region: string): Promise<{ revision: number; snapshot: Snapshot }> {
    const revision = await this.options.store.regionRevision(accountId, region);
    const handle = await this.currentRegion(accountId, region);
    // The commit that made `revision` may still be on its way from the store to memory: wait for the queue it runs in.
    await handle.idle();
    return { revision, snapshot: buildSnapshot(handle.state, accountId) };
  }

  /** Waits for every running transaction, then drops every account's resources: first-use defaults come back on next use. */
  async reset(): Promise<void> {
    const handles = await Promise.allSettled([...this.regions.values()]);
    for (const h of handles) if (h.status === 'fulfilled') await h.value.idle();
    await this.options.store.deleteAllResources();
    this.regions.clear();
    this.loaded.clear();
    this.engines.clear();
  }

  /**
   * Records which incarnation of an account a request comes from. `rampart accounts delete` and a later `create`
   * with the same id (another process) leave this server's cached state stale: a new creation time drops it.
   */
  noteAccount(accountId: string, createdAt: string | undefined): void {
    if (createdAt === undefined) return;
    const known = this.accountEpochs.get(accountId);
    if (known !== undefined && known !== createdAt) this.forgetAccount(accountId);
    this.accountEpochs.set(accountId, createdAt);
  }

  /** Forgets cached state of an account. */
  forgetAccount(accountId: string): void {
    for (const key of [...this.regions.keys()]) {
      if (key.startsWith(`${accountId}/`)) {
        this.regions.delete(key);
        this.loaded.delete(key);
        this.engines.delete(key);
      }
    }
  }
}

/**
 * A request's context over its account+region. A class rather than an object literal with a `write` arrow: the
 * TypeScript loader (esbuild's keepNames) names every arrow it creates with Object.defineProperty, and naming one
 * closure per request cost ~8% of a describe by id's server CPU (bench/api.bench.ts profile).
 */
class HandleContext implements RequestContext {
  readonly accountId: string;
  readonly region: string;
  readonly requestId: string;
  readonly dryRun: boolean;
  readonly view: ResourceView;

  constructor(
    scope: CallerScope,
    readonly now: Date,
    readonly quotas: Quotas,
    private readonly handle: RegionHandle,
  ) {
    this.accountId = scope.accountId;
    this.region = scope.region;
    this.requestId = scope.requestId;
    this.dryRun = scope.dryRun;
    this.view = handle.state;
  }

  write<T>(change: (tx: RegionTx) => T): Promise<T> {
    return this.handle.transact(change, { dryRun: this.dryRun });
  }

  newId(prefix: IdPrefix): string {
    return newId(prefix);
  }
}

/**
 * Creates the region's defaults (default VPC …) unless it has them. The check runs inside the transaction, so when
 * two servers sharing a database both see a fresh region, the one whose commit loses re-runs it and creates nothing.
 */
async function ensureRegionDefaults(handle: RegionHandle, accountId: string): Promise<void> {
  if (handle.state.get(REGION_RECORD_ID)) return;
  const ids: IdSource = { accountId, newId };
  await handle.transact((tx) => {
    if (!tx.get(REGION_RECORD_ID)) createRegionDefaults(tx, ids);
  }, { dryRun: false });
}
