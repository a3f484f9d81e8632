/**
 * Where a host's enforcement learns about one account+region: its revision (bumped by every commit, never
 * repeated; kept by the store, so it survives a restart) and its snapshot. `rampart agent` reads a feed over
 * HTTP (`GET /_rampart/v1/watch`, `GET /_rampart/v1/snapshot`); `serve --enforce` reads the same interface from
 * its control plane directly. Everything after the feed (follow-feed.ts, the queue, the live lab) is one code path.
 */
import type { Snapshot } from '../../core/model/snapshot.ts';

export interface FeedSnapshot {
  readonly revision: number;
  readonly snapshot: Snapshot;
}

export interface WatchAnswer {
  /** The region's revision now. */
  readonly revision: number;
  /** The revision moved past `since` (or `since` was not given): fetch the snapshot. */
  readonly changed: boolean;
  /** `since` is one the server cannot place (ahead of it: another database, a restored backup): resync. */
  readonly resync: boolean;
}

export interface RegionFeed {
  /** `ACCOUNT/REGION`: the lab's source key. */
  readonly source: string;
  /** Answers at once when the revision is past `since`, else when it moves or the server's wait ends. */
  watch(since: number | undefined, signal: AbortSignal): Promise<WatchAnswer>;
  snapshot(): Promise<FeedSnapshot>;
}

export const sourceKey = (accountId: string, region: string): string => `${accountId}/${region}`;
