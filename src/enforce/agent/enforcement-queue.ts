/**
 * One queue between the feeds and the live lab: applies never overlap, and a burst of commits costs one apply —
 * a source asked for again while it waits stays one entry, and its snapshot is fetched only when its turn comes,
 * so the lab always gets the latest state, not every intermediate one. A failed apply leaves the previous ruleset
 * in force (the enforcer's transactions are atomic), is logged, and the source is asked for again after a pause;
 * the enforcer then replaces its tables whole and the lab re-runs its topology (a resync).
 */
import type { LiveApplyReport, LiveLab } from '../lab/live-lab.ts';
import type { FeedSnapshot } from './region-feed.ts';

export interface SnapshotSource {
  readonly source: string;
  snapshot(): Promise<FeedSnapshot>;
}

export interface EnforcementQueueOptions {
  readonly log: (line: string) => void;
  /** Pause before a failed source is tried again. */
  readonly retryMs?: number;
  /** `milliseconds`: from taking the source off the queue (snapshot fetch included) to the kernel holding it. */
  readonly onApplied?: (source: string, revision: number, report: LiveApplyReport, milliseconds: number) => void;
}

export class EnforcementQueue {
  private readonly pending = new Map<string, SnapshotSource>();
  private readonly applied = new Map<string, number>();
  private readonly retries = new Set<ReturnType<typeof setTimeout>>();
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly lab: LiveLab,
    private readonly options: EnforcementQueueOptions,
  ) {}

  /** Asks for `source` to be brought to its latest snapshot. */
  request(source: SnapshotSource): void {
    if (this.closed) return;
    this.pending.set(source.source, source);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** The revision each source was last enforced at. */
  appliedRevisions(): ReadonlyMap<string, number> {
    return this.applied;
  }

  /** Resolves once nothing is pending or running (retries scheduled for later do not count). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking requests and waits for the apply in progress. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.retries) clearTimeout(t);
    this.pending.clear();
    await this.idle();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.pending.values().next();
      if (next.done || this.closed) return;
      const source = next.value;
      this.pending.delete(source.source);
      const started = performance.now();
      try {
        const { revision, snapshot } = await source.snapshot();
        const report = await this.lab.apply(source.source, snapshot);
        this.applied.set(source.source, revision);
        this.options.onApplied?.(source.source, revision, report, performance.now() - started);
      } catch (e) {
        this.options.log(`enforcing ${source.source} failed; the previous rules stay in force, retrying: ${e instanceof Error ? e.message : String(e)}`);
        const timer = setTimeout(() => {
          this.retries.delete(timer);
          this.request(source);
        }, this.options.retryMs ?? 1000);
        this.retries.add(timer);
      }
    }
  }
}
