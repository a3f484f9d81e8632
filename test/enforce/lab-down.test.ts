/**
 * `rampart lab down` leaves no namespace, link or nft table behind: after a clean `lab up`, and after the
 * `lab up` process was killed with -9 in the middle of building the lab. It finds everything by name alone.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/enforce/apply/run-command.ts';
import { listNamespaces } from '../../src/enforce/lab/system.ts';
import { kernelAvailable, randomTag } from './support/kernel.ts';

const run = kernelAvailable('enforce lab down');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const SNAPSHOT = 'examples/tutorial';

function rampart(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Everything in the kernel that carries the prefix: namespaces, root-namespace links, root-namespace tables. */
async function leftovers(prefix: string): Promise<string[]> {
  const namespaces = (await listNamespaces()).filter((n) => n.startsWith(prefix));
  const links = (await runCommand(['ip', '-o', 'link', 'show'])).stdout.split('\n').filter((l) => l.includes(prefix));
  const tables = (await runCommand(['nft', 'list', 'tables'])).stdout.split('\n').filter((l) => l.includes(prefix));
  return [...namespaces, ...links, ...tables];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(run)('rampart lab down', () => {
  it('removes a whole lab, and the processes running inside it', async () => {
    const prefix = `rampart-t-${randomTag()}-`;
    const up = await rampart(['lab', 'up', '--snapshot', SNAPSHOT, '--prefix', prefix]);
    expect(up.code, up.out).toBe(0);
    expect((await leftovers(prefix)).length).toBeGreaterThan(3);
    const sleeper = spawn('ip', ['netns', 'exec', `${prefix}internet`, 'sleep', '60'], { stdio: 'ignore' });
    await sleep(200);
    const down = await rampart(['lab', 'down', '--prefix', prefix]);
    expect(down.code, down.out).toBe(0);
    expect(down.out).toMatch(/1 process/);
    expect(await leftovers(prefix)).toEqual([]);
    await new Promise((r) => (sleeper.exitCode !== null || sleeper.signalCode !== null ? r(undefined) : sleeper.on('exit', r)));
    expect(sleeper.signalCode).toBe('SIGKILL');
  });

  it('cleans up after `lab up` was killed with -9 half-way', async () => {
    const prefix = `rampart-t-${randomTag()}-`;
    const child = spawn(process.execPath, [...CLI, 'lab', 'up', '--snapshot', SNAPSHOT, '--prefix', prefix], { cwd: ROOT, stdio: 'ignore' });
    // wait until the build has started (its first namespaces exist), then kill it without a chance to clean up
    for (let i = 0; i < 200 && (await leftovers(prefix)).length === 0; i++) await sleep(10);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect((await leftovers(prefix)).length).toBeGreaterThan(0);
    const down = await rampart(['lab', 'down', '--prefix', prefix]);
    expect(down.code, down.out).toBe(0);
    expect(await leftovers(prefix)).toEqual([]);
  });

  it('refuses a prefix that does not start with rampart-', async () => {
    const r = await rampart(['lab', 'down', '--prefix', 'foo-']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/rampart-/);
  });
});
