/**
 * The two servers of the API benchmark, each a child process on a free loopback port: `rampart serve` (the README's
 * command, through bin/rampart.js, with a temporary data directory) and `moto_server`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SigningKey } from './query-client.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BenchServer {
  readonly name: string;
  readonly endpoint: string;
  readonly key: SigningKey;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolvePort(port));
    });
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolveMatch, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (d: Buffer): void => {
      output += d.toString();
      const m = pattern.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveMatch(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before listening:\n${output}`));
    });
  });
}

function stopper(child: ChildProcess, cleanup: () => void = () => undefined): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    cleanup();
  };
}

/** `rampart serve` with enough room for the benchmark's 10,000 groups (EC2's default quota is 2,500 per Region). */
export async function startRampart(extraArgs: readonly string[] = []): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  const args = [join(REPO_ROOT, 'bin/rampart.js'), 'serve', '--port', '0', '--data', dataDir, '--quota', 'securityGroupsPerRegion=20000', ...extraArgs];
  const nodeArgs = process.env.RAMPART_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.RAMPART_BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const m = await waitForOutput(child, /listening on (http:\/\/[^\s/]+)\//, 'rampart serve', 60_000);
  const text = readFileSync(join(dataDir, 'credentials'), 'utf8');
  const accessKeyId = /aws_access_key_id = (\S+)/.exec(text)?.[1] ?? '';
  const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)?.[1] ?? '';
  return {
    name: 'Rampart',
    endpoint: m[1],
    key: { accessKeyId, secretAccessKey, region: 'us-east-1' },
    pid: child.pid,
    stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true })),
  };
}

export async function startMoto(): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForOutput(child, /Running on http/, 'moto_server', 60_000);
  // moto logs every request to stderr; keep draining the pipes so it never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    name: 'moto',
    endpoint: `http://127.0.0.1:${port}`,
    key: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' },
    pid: child.pid,
    stop: stopper(child),
  };
}

export function hasMoto(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}
