/**
 * Reading a large describe file on two cores: a worker thread (scan-worker.ts) reads the file and finds where each
 * top-level value begins and ends — a byte-by-byte scan, a third of the reading time of a 150 MB groups file — while
 * the main thread parses and converts the values it is handed. The events, their order and the error messages are
 * those of readTopLevel (json-stream.ts). Should the worker fail to start, the file is read on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { invalidJson, readTopLevel, type TopLevelSink } from './json-stream.ts';
import type { ScanMessage, ScanRequest } from './scan-worker.ts';

/** Below this size the worker's start-up (loading the TypeScript loader and the scanner) is not worth it. */
export const PARALLEL_SCAN_MIN_BYTES = 32 << 20;

/**
 * The worker runs the TypeScript sources like the main thread does: through tsx, registered in the worker (a worker
 * does not inherit the main thread's loader). Resolved from here, so it works from any working directory.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.loader).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/** The worker's module beside this one: TypeScript when run from the sources, JavaScript from a build (dist/). */
const WORKER_ENTRY = import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js';

export class ParallelScan {
  private readonly queue: ScanMessage[] = [];
  private wake: (() => void) | undefined;
  /** Set when the worker itself failed (not the scan): the caller falls back to the main thread. */
  private failure: Error | undefined;
  private readonly worker: Worker;
  /** Whether the worker did the scanning (rather than the fallback on the main thread). */
  ranOnWorker = false;

  /** Starts scanning at once, so the worker can run ahead while the caller reads other files. */
  constructor(
    private readonly path: string,
    private readonly name: string,
  ) {
    const request: ScanRequest = { path, name };
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { ...request, loader: import.meta.resolve('tsx/esm/api'), entry: new URL(WORKER_ENTRY, import.meta.url).href },
    });
    this.worker.on('message', (m: ScanMessage) => this.deliver(m));
    this.worker.on('error', (e) => {
      this.failure = e;
      this.wake?.();
    });
    // A worker that stops without saying so (it only ever exits after 'done', 'error', or close()) has failed.
    this.worker.on('exit', (code) => {
      this.failure ??= new Error(`${name}: the scanning worker stopped (exit code ${code})`);
      this.wake?.();
    });
  }

  /** Hands every top-level member and array item to `sink`, in document order, as readTopLevel does. */
  async read(sink: TopLevelSink, onBytes?: (n: number) => void): Promise<void> {
    let read = 0;
    let started = false;
    try {
      for (;;) {
        const m = await this.next();
        if (m === undefined) {
          // The worker could not run at all: read the file here instead (nothing was handed out yet).
          if (started) throw this.failure!;
          await readTopLevel(this.path, this.name, sink, onBytes);
          return;
        }
        this.ranOnWorker = true;
        if (m.kind === 'done') return;
        if (m.kind === 'error') throw new Error(m.message);
        started = true;
        onBytes?.(m.read - read);
        read = m.read;
        handOut(this.name, m, sink);
      }
    } finally {
      await this.close();
    }
  }

  /** Stops the worker (also when the file is never read, e.g. an earlier file was bad). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private deliver(m: ScanMessage): void {
    this.queue.push(m);
    this.wake?.();
  }

  private async next(): Promise<ScanMessage | undefined> {
    while (this.queue.length === 0 && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    return this.queue.shift();
  }
}

function handOut(name: string, batch: Extract<ScanMessage, { kind: 'batch' }>, sink: TopLevelSink): void {
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  let start = 0;
  for (let k = 0; k < batch.ends.length; k++) {
    const end = batch.ends[k];
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8', start, end));
    } catch (e) {
      throw invalidJson(name, batch.keys[k], batch.endOffsets[k], e);
    }
    sink(batch.items[k] === 1 ? { kind: 'item', key: batch.keys[k], value } : { kind: 'member', key: batch.keys[k], value });
    start = end;
  }
}
