import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTopLevel, type TopLevelEvent } from './json-stream.ts';
import { ParallelScan } from './parallel-scan.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-parallel-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function both(text: string): Promise<{ worker: TopLevelEvent[] | Error; main: TopLevelEvent[] | Error; bytes: number }> {
  const path = join(dir, `doc-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, text);
  const collect = async (read: (sink: (e: TopLevelEvent) => void, onBytes: (n: number) => void) => Promise<void>) => {
    const events: TopLevelEvent[] = [];
    try {
      await read((e) => events.push(e), (n) => (bytes += n));
      return events;
    } catch (e) {
      return e as Error;
    }
  };
  let bytes = 0;
  const scan = new ParallelScan(path, 'doc.json');
  const worker = await collect((sink, onBytes) => scan.read(sink, onBytes));
  expect(scan.ranOnWorker).toBe(true);
  const workerBytes = bytes;
  const main = await collect((sink, onBytes) => readTopLevel(path, 'doc.json', sink, onBytes));
  return { worker, main, bytes: workerBytes };
}

describe('scanning on a worker thread', () => {
  it('hands out the same events as the main-thread reader, across chunks of the file', async () => {
    // Over 4 MB, so the file is read in several chunks and values straddle them.
    const groups = Array.from({ length: 12_000 }, (_, i) => ({ GroupId: `sg-${i}`, Description: `grüße ${'x'.repeat(i % 700)} "}]`, IpPermissions: [{ IpProtocol: 'tcp', FromPort: i % 65536, ToPort: i % 65536 }] }));
    const text = JSON.stringify({ SecurityGroups: groups, NextToken: null, Other: { a: [1, 2] } }, null, 2);
    const { worker, main, bytes } = await both(text);
    expect(main).toHaveLength(12_002);
    expect(worker).toEqual(main);
    expect(bytes).toBe(Buffer.byteLength(text));
  });

  it('fails with the main-thread reader\'s messages', async () => {
    for (const text of ['{"SecurityGroups": [{"a": 1}, {"b": tru}]}', '{"SecurityGroups": [1, 2', '[1, 2]', '{"A": 1} x', '{"SecurityGroups": [{"b": tru}] x']) {
      const { worker, main } = await both(text);
      expect(main).toBeInstanceOf(Error);
      expect((worker as Error).message).toBe((main as Error).message);
    }
  });
});
