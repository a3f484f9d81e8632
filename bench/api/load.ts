/**
 * The closed-loop load generator of the API benchmark (used unchanged against Rampart and moto): `connections`
 * workers, each with its own keep-alive socket, send one request, wait for the answer, send the next. After an
 * untimed warm-up, every request started inside the measured window is timed (and at least one per worker, however
 * slow the server); req/s = timed requests / (window stretched to the last timed answer).
 */
import { QueryClient, errorCodeOf, type SigningKey } from './query-client.ts';

export interface LoadOptions {
  readonly endpoint: string;
  readonly key: SigningKey;
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /**
   * The bodies of the requests worker `w` sends next (its i-th step): one request, or several sent one after another and
   * timed as one operation (an authorize + revoke pair).
   */
  readonly step: (worker: number, i: number) => readonly string[];
  /** Stop a worker after this many measured operations (slow servers: caps the window's tail). */
  readonly maxOperationsPerWorker?: number;
}

export interface LoadResult {
  readonly operations: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Answers that were not HTTP 200, by `status code`. */
  readonly failures: ReadonlyMap<string, number>;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const clients = Array.from({ length: o.connections }, () => new QueryClient(o.endpoint, o.key));
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const measureTo = measureFrom + o.durationMs;
  let lastEnd = measureFrom;

  const worker = async (w: number): Promise<void> => {
    let measured = 0;
    for (let i = 0; ; i++) {
      const t0 = performance.now();
      // A slow server may not start a single request inside the window: each worker times at least one.
      if (t0 >= measureTo && measured > 0) return;
      for (const body of o.step(w, i)) {
        const answer = await clients[w].post(body);
        if (answer.status !== 200) {
          const k = `${answer.status} ${errorCodeOf(answer.body) ?? '?'}`;
          failures.set(k, (failures.get(k) ?? 0) + 1);
        }
      }
      const t1 = performance.now();
      if (t0 >= measureFrom) {
        latencies.push(t1 - t0);
        lastEnd = Math.max(lastEnd, t1);
        if (++measured >= (o.maxOperationsPerWorker ?? Infinity)) return;
      }
    }
  };
  try {
    await Promise.all(clients.map((_, w) => worker(w)));
  } finally {
    for (const c of clients) c.close();
  }
  // Requests started in the window may end after it: the window is stretched to the last answer.
  const seconds = (Math.max(lastEnd, Math.min(measureTo, performance.now())) - measureFrom) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
  return { operations: sorted.length, seconds, perSecond: sorted.length / seconds, p50: pct(50), p99: pct(99), failures };
}
