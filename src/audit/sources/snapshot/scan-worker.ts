/**
 * The worker side of parallel-scan.ts: reads one describe file, finds the boundaries of its top-level values with
 * the same scanner the main thread uses, and posts the values' bytes in one batch per chunk read. The batch's
 * memory is transferred, not copied, so what crosses threads costs almost nothing; parsing stays on the main thread,
 * since parsed objects would cost as much to send as to parse.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { TopLevelScanner } from './json-stream.ts';

export interface ScanRequest {
  readonly path: string;
  readonly name: string;
}

export type ScanMessage =
  | {
      readonly kind: 'batch';
      /** The values' bytes, back to back; value k ends at ends[k] (and starts where value k - 1 ends). */
      readonly bytes: Uint8Array;
      readonly ends: Int32Array;
      /** 1 for an item of an array member, 0 for a member's whole value. */
      readonly items: Uint8Array;
      readonly keys: readonly string[];
      /** File offset just past each value, for error messages. */
      readonly endOffsets: Float64Array;
      /** Bytes of the file read so far. */
      readonly read: number;
    }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string };

async function scan({ path, name }: ScanRequest, post: (m: ScanMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  let pending: Buffer[] = [];
  let ends: number[] = [];
  let items: number[] = [];
  let keys: string[] = [];
  let endOffsets: number[] = [];
  let size = 0;
  const scanner = new TopLevelScanner(name, undefined, (isItem, key, bytes, endOffset) => {
    pending.push(bytes);
    size += bytes.length;
    ends.push(size);
    items.push(isItem ? 1 : 0);
    keys.push(key);
    endOffsets.push(endOffset);
  });
  const flush = (read: number) => {
    // Values may be views of the chunk just read: copy them out before the next one. A buffer of its own (not
    // from Node's shared pool) can be transferred.
    const bytes = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (const p of pending) at += p.copy(bytes, at);
    post({ kind: 'batch', bytes, ends: Int32Array.from(ends), items: Uint8Array.from(items), keys, endOffsets: Float64Array.from(endOffsets), read }, [bytes.buffer as ArrayBuffer]);
    pending = [];
    ends = [];
    items = [];
    keys = [];
    endOffsets = [];
    size = 0;
  };
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    read += (chunk as Buffer).length;
    try {
      scanner.push(chunk as Buffer);
    } catch (e) {
      // Values found before the fault go first: the main thread parses them, and one of them may fail earlier, as
      // the single-threaded reader would.
      flush(read);
      throw e;
    }
    flush(read);
  }
  scanner.end();
}

if (parentPort) {
  const port = parentPort;
  scan(workerData as ScanRequest, (m, transfer) => port.postMessage(m, transfer ?? [])).then(
    () => port.postMessage({ kind: 'done' } satisfies ScanMessage),
    (e: unknown) => port.postMessage({ kind: 'error', message: (e as Error).message } satisfies ScanMessage),
  );
}
