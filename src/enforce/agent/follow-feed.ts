/**
 * Follows one region feed: long-polls its revision and asks the queue for the region whenever it moves (and once
 * at the start, whatever `since` says: a starting host does not know what its kernel holds). A revision the server
 * cannot place makes the lab forget what it knows, so the next apply is a whole resync. Errors (a server restart,
 * the network) are retried with a growing pause, keeping `since`: nothing committed meanwhile is missed, because
 * the revision the server answers afterwards is past it.
 */
import type { EnforcementQueue } from './enforcement-queue.ts';
import type { RegionFeed } from './region-feed.ts';

export interface FollowOptions {
  readonly since?: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  /** Called when the server asks for a resync. */
  readonly onResync?: () => Promise<void>;
}

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function followFeed(feed: RegionFeed, queue: EnforcementQueue, options: FollowOptions): Promise<void> {
  let since = options.since;
  let failures = 0;
  queue.request(feed);
  while (!options.signal.aborted) {
    try {
      const answer = await feed.watch(since, options.signal);
      if (failures > 0) options.log(`${feed.source}: connected again at revision ${answer.revision}`);
      failures = 0;
      if (answer.resync) {
        options.log(`${feed.source}: the server cannot place revision ${since}; resyncing`);
        await options.onResync?.();
      }
      if (answer.changed || answer.resync) queue.request(feed);
      since = answer.revision;
    } catch (e) {
      if (options.signal.aborted) return;
      failures++;
      if (failures === 1 || failures % 10 === 0) options.log(`${feed.source}: watch failed (${e instanceof Error ? e.message : String(e)}); retrying`);
      await pause(Math.min(5000, 250 * 2 ** Math.min(failures, 5)), options.signal);
    }
  }
}
