/**
 * What kernel tests need: a decision whether they can run (root, Linux, nft, ip, python3 — and under CI=true
 * they must), echo servers and batched probes inside namespaces, and cleanup of every process they started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../../../src/enforce/apply/run-command.ts';

export const NETPROBE = fileURLToPath(new URL('./netprobe.py', import.meta.url));

function missingRequirement(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  for (const tool of ['nft', 'ip', 'python3', 'conntrack']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (bash scripts/setup.sh installs it)`;
  }
  return undefined;
}

/**
 * True when kernel tests can run. Outside CI a missing requirement skips them with a loud message; under
 * CI=true it fails the run instead, so CI can never pass without having exercised the kernel.
 */
export function kernelAvailable(suite: string): boolean {
  const missing = missingRequirement();
  if (!missing) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${suite}: kernel tests must run in CI but cannot: ${missing}`);
  console.warn(`\n!!! ${suite}: SKIPPED — ${missing}. These tests enforce rules in the real kernel; run them as root on Linux.\n`);
  return false;
}

/** A random suffix so parallel runs never share a namespace or table name. */
export function randomTag(): string {
  return Math.random().toString(36).slice(2, 8);
}

const started = new Set<ChildProcess>();

export interface EchoServers {
  stop(): void;
}

/** TCP echo on `ports` and UDP echo on `addrs` × `ports` inside `namespace`; resolves once listening. */
export function startEchoServers(namespace: string, ports: readonly number[], addrs: readonly string[]): Promise<EchoServers> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', namespace, 'python3', NETPROBE, 'serve', ports.join(','), addrs.join(',')], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve({ stop: () => stopChild(child) });
    });
    child.on('exit', (code) => reject(new Error(`echo servers in ${namespace} exited (${code}): ${err}`)));
  });
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode === null) child.kill('SIGKILL');
  started.delete(child);
}

/** Kills every server or holder this test file started. */
export function stopAllStarted(): void {
  for (const c of [...started]) stopChild(c);
}

export type ProbeProtocol = 'tcp' | 'udp' | 'icmp';

export interface Probe {
  readonly id: string;
  readonly proto: ProbeProtocol;
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
  readonly timeout: number;
}

/** Runs probes concurrently from one namespace; returns id → "ok" | "timeout" | "refused" | … */
export async function runProbes(namespace: string, probes: readonly Probe[]): Promise<Record<string, string>> {
  if (probes.length === 0) return {};
  const { stdout } = await runCommand(['ip', 'netns', 'exec', namespace, 'python3', NETPROBE, 'probe'], JSON.stringify(probes));
  return JSON.parse(stdout) as Record<string, string>;
}

export interface HeldConnection {
  /** One character per echo attempt so far: `.` answered, `x` not. */
  timeline(): string;
  readonly done: Promise<void>;
}

/** Opens one TCP connection from `namespace` and echoes over it every 0.1 s for `seconds`. */
export function holdConnection(namespace: string, host: string, port: number, seconds: number, sport: number): Promise<HeldConnection> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', namespace, 'python3', NETPROBE, 'hold', host, String(port), String(seconds), String(sport)], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(child);
    let out = '';
    let err = '';
    const done = new Promise<void>((r) => child.on('exit', () => r()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('connected\n')) resolve({ timeline: () => out.split('connected\n')[1] ?? '', done });
    });
    child.on('exit', (code) => {
      if (!out.includes('connected')) reject(new Error(`held connection from ${namespace} failed (${code}): ${err}`));
    });
  });
}

export interface UdpSink {
  /** Payloads received so far, "SPORT:SEQ". */
  received(): string[];
}

/** A UDP receiver on `addr`:`port` inside `namespace` that never answers. */
export function startUdpSink(namespace: string, addr: string, port: number): Promise<UdpSink> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', namespace, 'python3', NETPROBE, 'sink', addr, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready\n')) resolve({ received: () => out.split('\n').slice(1).filter((l) => l.length > 0) });
    });
    child.on('exit', (code) => reject(new Error(`UDP sink in ${namespace} exited (${code})`)));
  });
}

/** One-way UDP from `sport`, a datagram every 0.1 s for `seconds`; resolves once the first datagram is out. */
export function sendUdpStream(namespace: string, host: string, port: number, sport: number, seconds: number): Promise<{ sent(): number; done: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', namespace, 'python3', NETPROBE, 'stream', host, String(port), String(sport), String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(child);
    let out = '';
    const sent = (): number => (out.split('started\n')[1] ?? '').replace(/\s/g, '').length;
    const done = new Promise<number>((r) => child.on('exit', () => r(sent())));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (sent() > 0) resolve({ sent, done });
    });
    child.on('exit', (code) => {
      if (sent() === 0) reject(new Error(`UDP stream from ${namespace} failed (${code})`));
    });
  });
}
