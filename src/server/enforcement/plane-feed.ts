/**
 * The region feed of `serve --enforce`: the same interface `rampart agent` reads over HTTP (region-feed.ts), fed
 * from the control plane in this process — the revision watch the watch endpoint uses, and the plane's snapshot.
 */
import { emptySnapshot } from '../../core/model/snapshot.ts';
import type { FeedSnapshot, RegionFeed, WatchAnswer } from '../../enforce/agent/region-feed.ts';
import { sourceKey } from '../../enforce/agent/region-feed.ts';
import type { ControlPlane } from '../../service/control-plane.ts';
import type { Store } from '../../store/store.ts';
import type { RevisionWatch } from './revision-watch.ts';

/** How long an in-process watch waits before it looks again (nothing is lost either way). */
const IN_PROCESS_WAIT_MS = 60_000;

export class PlaneRegionFeed implements RegionFeed {
  readonly source: string;

  constructor(
    private readonly plane: ControlPlane,
    private readonly store: Store,
    private readonly watchers: RevisionWatch,
    readonly accountId: string,
    readonly region: string,
  ) {
    this.source = sourceKey(accountId, region);
  }

  async watch(since: number | undefined): Promise<WatchAnswer> {
    return watchAnswer(since, await this.watchers.waitPast(this.source, since, () => this.store.regionRevision(this.accountId, this.region), IN_PROCESS_WAIT_MS));
  }

  async snapshot(): Promise<FeedSnapshot> {
    // A deleted account (`rampart accounts delete` beside the server) has nothing left to enforce; asking the plane
    // would create its first-use defaults again.
    if (!(await this.store.listAccounts()).some((a) => a.accountId === this.accountId)) {
      return { revision: await this.store.regionRevision(this.accountId, this.region), snapshot: emptySnapshot() };
    }
    return this.plane.snapshot(this.accountId, this.region);
  }
}

/** Revisions only grow, so one behind `since` means the caller saw another database (or a restored one). */
export function watchAnswer(since: number | undefined, revision: number): WatchAnswer {
  return { revision, changed: since === undefined || revision > since, resync: since !== undefined && revision < since };
}
