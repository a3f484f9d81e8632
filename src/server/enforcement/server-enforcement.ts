/**
 * `serve --enforce`: the server's own host enforces every account's untagged instances in a live lab. Each
 * account+region with commits is followed through a PlaneRegionFeed, the same follow loop, queue and lab as
 * `rampart agent` (src/enforce/agent/); at start every region the store knows is followed, so the first applies are
 * a full resync from the store (adopting namespaces a killed server left behind); a region used for the first time
 * later is followed from its first commit.
 */
import { EnforcementQueue } from '../../enforce/agent/enforcement-queue.ts';
import { followFeed } from '../../enforce/agent/follow-feed.ts';
import { sourceKey } from '../../enforce/agent/region-feed.ts';
import { LabNames } from '../../enforce/lab/lab-names.ts';
import { LiveLab } from '../../enforce/lab/live-lab.ts';
import type { ControlPlane } from '../../service/control-plane.ts';
import { REGIONS } from '../../service/regions/catalogue.ts';
import type { Store } from '../../store/store.ts';
import { PlaneRegionFeed } from './plane-feed.ts';
import type { RevisionWatch } from './revision-watch.ts';

export interface ServerEnforcementOptions {
  readonly plane: ControlPlane;
  readonly store: Store;
  readonly watchers: RevisionWatch;
  /** Name prefix of the lab (default `rampart-`). */
  readonly prefix?: string;
  readonly log: (line: string) => void;
}

export class ServerEnforcement {
  private readonly followed = new Set<string>();
  private readonly stop = new AbortController();

  private constructor(
    private readonly options: ServerEnforcementOptions,
    readonly lab: LiveLab,
    readonly queue: EnforcementQueue,
  ) {}

  static async start(options: ServerEnforcementOptions): Promise<ServerEnforcement> {
    const lab = await LiveLab.start({ names: new LabNames(options.prefix), host: undefined, log: options.log });
    const queue = new EnforcementQueue(lab, {
      log: options.log,
      onApplied: (source, revision, report, ms) => {
        const changed = [...report.routers].filter(([, r]) => r.kind !== 'unchanged');
        if (changed.length === 0 && report.namespacesAdded === 0 && report.namespacesRemoved === 0) return;
        const rules = changed.map(([vpc, r]) => `${vpc} ${r.kind} ${r.transactionLines} lines`).join(', ');
        options.log(`enforced ${source} at revision ${revision} in ${Math.round(ms)} ms: +${report.namespacesAdded}/-${report.namespacesRemoved} namespaces${rules ? `; ${rules}` : ''}`);
      },
    });
    const enforcement = new ServerEnforcement(options, lab, queue);
    for (const { accountId } of await options.store.listAccounts()) {
      for (const { name } of REGIONS) if ((await options.store.regionRevision(accountId, name)) > 0) enforcement.follow(accountId, name);
    }
    return enforcement;
  }

  /** Follows an account+region from now on (idempotent): called for every commit. */
  follow(accountId: string, region: string): void {
    const key = sourceKey(accountId, region);
    if (this.followed.has(key) || this.stop.signal.aborted) return;
    this.followed.add(key);
    const feed = new PlaneRegionFeed(this.options.plane, this.options.store, this.options.watchers, accountId, region);
    void followFeed(feed, this.queue, { signal: this.stop.signal, log: this.options.log, onResync: () => this.lab.markUnknown() });
  }

  /** The revision an account+region was last enforced at (undefined: not yet). */
  enforcedRevision(accountId: string, region: string): number | undefined {
    return this.queue.appliedRevisions().get(sourceKey(accountId, region));
  }

  /** Stops following, waits for the apply in progress, and removes the lab. */
  async shutdown(): Promise<void> {
    this.stop.abort();
    this.options.watchers.close();
    await this.queue.close();
    await this.lab.down();
  }
}
