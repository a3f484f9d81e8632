import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../core/model/snapshot.ts';
import type { LiveApplyReport, LiveLab } from '../lab/live-lab.ts';
import { EnforcementQueue, type SnapshotSource } from './enforcement-queue.ts';

/** A lab that records its applies and can be held, to see what the queue does meanwhile (the kernel is elsewhere). */
class RecordingLab {
  readonly applied: Array<{ source: string; revision: number }> = [];
  running = 0;
  maxRunning = 0;
  failNext = 0;
  private release: (() => void) | undefined;
  private held: Promise<void> | undefined;

  hold(): void {
    this.held = new Promise((r) => (this.release = r));
  }
  unhold(): void {
    this.release?.();
    this.held = undefined;
  }
  async apply(source: string, snapshot: { revision?: number }): Promise<LiveApplyReport> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      await this.held;
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error('nft rejected it');
      }
      this.applied.push({ source, revision: snapshot.revision ?? -1 });
      return { namespacesAdded: 0, namespacesRemoved: 0, routers: new Map() };
    } finally {
      this.running--;
    }
  }
}

/** A source whose revision the test moves; each fetch is counted. */
function source(name: string): SnapshotSource & { revision: number; fetches: number } {
  const s = {
    source: name,
    revision: 1,
    fetches: 0,
    snapshot: async () => {
      s.fetches++;
      return { revision: s.revision, snapshot: { ...emptySnapshot(), revision: s.revision } as never };
    },
  };
  return s;
}

const queueOver = (lab: RecordingLab, log: string[] = []) => new EnforcementQueue(lab as unknown as LiveLab, { log: (l) => log.push(l), retryMs: 10 });

describe('EnforcementQueue', () => {
  it('coalesces a burst into the latest snapshot and never overlaps applies', async () => {
    const lab = new RecordingLab();
    const queue = queueOver(lab);
    const a = source('acct/us-east-1');
    const b = source('acct/eu-west-1');
    lab.hold();
    queue.request(a);
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 2; i <= 50; i++) {
      a.revision = i;
      queue.request(a);
      queue.request(b);
    }
    lab.unhold();
    await queue.idle();
    expect(lab.maxRunning).toBe(1);
    expect(a.fetches).toBe(2);
    expect(b.fetches).toBe(1);
    expect(lab.applied).toEqual([
      { source: 'acct/us-east-1', revision: 1 },
      { source: 'acct/us-east-1', revision: 50 },
      { source: 'acct/eu-west-1', revision: 1 },
    ]);
    expect(queue.appliedRevisions().get('acct/us-east-1')).toBe(50);
  });

  it('logs a failed apply and tries the source again', async () => {
    const lab = new RecordingLab();
    const log: string[] = [];
    const queue = queueOver(lab, log);
    const a = source('acct/us-east-1');
    lab.failNext = 1;
    queue.request(a);
    await queue.idle();
    expect(log[0]).toMatch(/enforcing acct\/us-east-1 failed; the previous rules stay in force/);
    expect(queue.appliedRevisions().has('acct/us-east-1')).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    await queue.idle();
    expect(queue.appliedRevisions().get('acct/us-east-1')).toBe(1);
    await queue.close();
  });
});
