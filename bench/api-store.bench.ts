/**
 * The store's per-request paths in-process, without HTTP (bench/api.bench.ts measures them end to end): the access
 * key lookup every signed request makes, and a commit of one rule added + one removed (an authorize or revoke) into a
 * region of 10,000 groups with five rules each. Prints wall time and CPU time per operation, best of N rounds.
 *
 *   node --import tsx bench/api-store.bench.ts [--groups 10000] [--rounds 5] [--ops 2000]
 *
 * RAMPART_STORE_MODULE=path/to/open-store.ts measures another copy of the store (e.g. an older revision's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAverage } from './support/measure.ts';
import type { ResourceRow, Store } from '../src/store/store.ts';
import { numberArg } from './support/args.ts';

const GROUPS = numberArg('--groups', 10_000);
const ROUNDS = numberArg('--rounds', 5);
const OPS = numberArg('--ops', 2000);

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const KEY = { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'secret', accountId: ACCOUNT, readOnly: false, createdAt: 't' };

const rule = (group: number, n: number): ResourceRow => ({
  kind: 'security-group-rule',
  id: `sgr-${group.toString(16).padStart(8, '0')}${n.toString(16).padStart(9, '0')}`,
  parentId: `sg-${group.toString(16).padStart(17, '0')}`,
  body: JSON.stringify({ kind: 'security-group-rule', direction: 'ingress', protocol: 6, fromPort: 1000 + n, toPort: 1000 + n, peer: { kind: 'cidr', family: 4, cidr: '10.0.0.0/8' } }),
});

async function openStore(dir: string): Promise<Store> {
  const path = process.env.RAMPART_STORE_MODULE ? resolve(process.env.RAMPART_STORE_MODULE) : '../src/store/open-store.ts';
  const mod = (await import(path)) as { openStore: (d: string) => Promise<Store> };
  return mod.openStore(dir);
}

/** Best of ROUNDS: microseconds of wall and CPU time per operation. */
async function time(label: string, op: (i: number) => Promise<unknown>): Promise<void> {
  let bestWall = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < OPS; i++) await op(r * OPS + i);
    const wall = ((performance.now() - t0) * 1000) / OPS;
    const cpu = process.cpuUsage(cpu0);
    bestWall = Math.min(bestWall, wall);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / OPS);
  }
  process.stdout.write(`  ${label.padEnd(44)} ${bestWall.toFixed(1).padStart(8)} µs  ${bestCpu.toFixed(1).padStart(8)} µs CPU   (load ${loadAverage().toFixed(1)})\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'rampart-store-bench-'));
try {
  const store = await openStore(dir);
  await store.createAccount({ accountId: ACCOUNT, createdAt: 't' }, [KEY]);
  const puts: ResourceRow[] = [];
  for (let g = 0; g < GROUPS; g++) {
    puts.push({ kind: 'security-group', id: `sg-${g.toString(16).padStart(17, '0')}`, parentId: 'vpc-0', body: '{}' });
    for (let n = 0; n < 5; n++) puts.push(rule(g, n));
  }
  await store.commit(ACCOUNT, REGION, { puts, deletes: [] });
  process.stdout.write(`store: ${GROUPS} groups, ${puts.length} rows; best of ${ROUNDS} × ${OPS} operations\n`);

  await time('findAccessKey', () => store.findAccessKey(KEY.accessKeyId));
  await time('commit: one rule put, then deleted (2 commits)', async (i) => {
    const r = rule(i % GROUPS, 100 + (i % 7));
    await store.commit(ACCOUNT, REGION, { puts: [r], deletes: [] });
    await store.commit(ACCOUNT, REGION, { puts: [], deletes: [r.id] });
  });
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
