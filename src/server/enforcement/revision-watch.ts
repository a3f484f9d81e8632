/**
 * Long polls on region revisions. A commit in this process wakes the waiters of its account+region at once; when
 * other servers share the database (PostgreSQL), a slow poll of the store's revision catches their commits too.
 * `close` answers every waiter, so a shutting-down server does not hold its listener open for a poll's whole wait.
 */
const STORE_POLL_MS = 2000;

export class RevisionWatch {
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;

  /** `pollStore`: the store is shared by servers (Store.sharedByServers), so commits may happen elsewhere. */
  constructor(private readonly pollStore: boolean) {}

  /** Wakes the waiters of one source (`ACCOUNT/REGION`). */
  notify(source: string): void {
    for (const wake of this.waiters.get(source) ?? []) wake();
  }

  /** Wakes every waiter (a reset touched every region). */
  notifyAll(): void {
    for (const source of this.waiters.keys()) this.notify(source);
  }

  close(): void {
    this.closed = true;
    this.notifyAll();
  }

  /** Resolves with the revision once it differs from `since` (at once if `since` is undefined), or when `waitMs` is over. */
  async waitPast(source: string, since: number | undefined, readRevision: () => Promise<number>, waitMs: number): Promise<number> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const revision = await readRevision();
      const left = deadline - Date.now();
      if (since === undefined || revision !== since || left <= 0 || this.closed) return revision;
      await this.nextWake(source, this.pollStore ? Math.min(left, STORE_POLL_MS) : left);
    }
  }

  private nextWake(source: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(source);
      if (!set) this.waiters.set(source, (set = new Set()));
      const waiters = set;
      const wake = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
        if (waiters.size === 0) this.waiters.delete(source);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiters.add(wake);
    });
  }
}
