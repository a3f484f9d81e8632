/**
 * The control-plane API benchmark (issue 5 §9): Rampart (`rampart serve`) and moto (`moto_server`) on loopback, the
 * same data created through each server's own API (1,000 and then 10,000 groups with five ingress rules each), the
 * same closed-loop load generator (bench/api/load.ts: node:http keep-alive, N connections, SigV4-signed requests;
 * moto accepts any signature), in one run:
 *
 *   DescribeSecurityGroups by id (1,000 and 10,000 groups), a full DescribeSecurityGroups of 1,000 groups,
 *   AuthorizeSecurityGroupIngress + RevokeSecurityGroupIngress pairs, RunInstances (when Rampart implements it).
 *
 * Prints req/s, p50/p99 latency, the server's CPU time per operation (the machine is shared: CPU per operation is the
 * steadier figure), and the ratio to moto. Targets: ≥ 50× moto on by-id and full describe, p99 ≤ 10 ms by id at
 * 10,000 groups.
 *
 *   node --import tsx bench/api.bench.ts [--connections 8] [--seconds 10] [--quick] [--no-moto] [--only by-id,full,pairs,run]
 *
 * `--only`: just those scenarios (the 10,000-group part runs only for by-id and pairs).
 * `--quick`: 200 / 1,000 groups and 3 s windows, for a smoke run. RAMPART_BENCH_PROFILE=DIR writes a CPU profile of
 * the Rampart server (node --cpu-prof) into DIR.
 */
import { readFileSync } from 'node:fs';
import { loadAverage } from './support/measure.ts';
import { textTable } from './support/text-table.ts';
import { runLoad, type LoadResult } from './api/load.ts';
import { createGroups, createVpc } from './api/populate.ts';
import { QueryClient, errorCodeOf, firstTag, formBody } from './api/query-client.ts';
import { hasMoto, startMoto, startRampart, type BenchServer } from './api/servers.ts';

interface Options {
  readonly connections: number;
  readonly seconds: number;
  readonly small: number;
  readonly large: number;
  readonly moto: boolean;
  /** Scenario keys to run (by-id, full, pairs, run); all when undefined. */
  readonly only: readonly string[] | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const quick = argv.includes('--quick');
  return {
    connections: value('--connections', 8),
    seconds: value('--seconds', quick ? 3 : 10),
    small: quick ? 200 : 1000,
    large: quick ? 1000 : 10_000,
    moto: !argv.includes('--no-moto'),
    only: argv.includes('--only') ? scenarioKeys(argv[argv.indexOf('--only') + 1]) : undefined,
  };
}

const SCENARIO_KEYS = ['by-id', 'full', 'pairs', 'run'];

/** `--only`'s comma-separated keys; a missing or unknown one stops the run rather than measuring nothing. */
function scenarioKeys(list: string | undefined): string[] {
  const keys = (list ?? '').split(',');
  const unknown = keys.filter((k) => !SCENARIO_KEYS.includes(k));
  if (unknown.length > 0) throw new Error(`--only takes ${SCENARIO_KEYS.join(',')}; got ${JSON.stringify(list ?? '')}`);
  return keys;
}

/** User + system CPU time of a process so far, in milliseconds (Linux /proc). */
function cpuMillis(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

interface Measured extends LoadResult {
  readonly cpuPerOp: number;
}

interface Target {
  readonly server: BenchServer;
  vpcId: string;
  subnetId: string;
  groups: string[];
}

type Step = (t: Target) => (worker: number, i: number) => readonly string[];

interface Scenario {
  readonly name: string;
  readonly step: Step;
  /** Operations are request pairs. */
  readonly pair?: boolean;
}

const BY_ID: Scenario = {
  name: 'DescribeSecurityGroups by id',
  step: (t) => (w, i) => [formBody('DescribeSecurityGroups', { 'GroupId.1': t.groups[(w * 7919 + i * 104_729) % t.groups.length] })],
};
const FULL: Scenario = { name: 'DescribeSecurityGroups, all groups', step: () => () => [formBody('DescribeSecurityGroups')] };
const AUTHORIZE_REVOKE: Scenario = {
  name: 'Authorize + Revoke ingress (pair)',
  pair: true,
  step: (t) => (w) => {
    // Each connection works on its own group, so the pairs never collide.
    const params = {
      GroupId: t.groups[w % t.groups.length],
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': 8443,
      'IpPermissions.1.ToPort': 8443,
      'IpPermissions.1.IpRanges.1.CidrIp': '198.51.100.0/24',
    };
    return [formBody('AuthorizeSecurityGroupIngress', params), formBody('RevokeSecurityGroupIngress', params)];
  },
};
const RUN_INSTANCES: Scenario = {
  name: 'RunInstances (1 instance)',
  step: (t) => (w) => [
    formBody('RunInstances', { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: t.subnetId, 'SecurityGroupId.1': t.groups[w % t.groups.length] }),
  ],
};

async function measure(o: Options, t: Target, s: Scenario): Promise<Measured> {
  const before = cpuMillis(t.server.pid);
  const started = performance.now();
  const r = await runLoad({ endpoint: t.server.endpoint, key: t.server.key, connections: o.connections, warmupMs: 1500, durationMs: o.seconds * 1000, step: s.step(t) });
  const wall = performance.now() - started;
  // CPU over the whole run (warm-up included) per operation completed over the whole run (estimated from the rate).
  const cpuPerOp = (cpuMillis(t.server.pid) - before) / Math.max(1, r.perSecond * (wall / 1000));
  return { ...r, cpuPerOp };
}

/** Probes whether a server implements an action (an answer other than NotImplemented/InvalidAction). */
async function implementsAction(t: Target, body: string): Promise<boolean> {
  const c = new QueryClient(t.server.endpoint, t.server.key);
  try {
    const a = await c.post(body);
    const code = errorCodeOf(a.body);
    if (a.status !== 200) process.stdout.write(`  ${t.server.name}: probe answered ${a.status} ${code ?? ''}\n`);
    return a.status === 200;
  } finally {
    c.close();
  }
}

async function prepare(server: BenchServer): Promise<Target> {
  const vpcId = await createVpc(server.endpoint, server.key);
  const c = new QueryClient(server.endpoint, server.key);
  try {
    // A /17 (32,763 free addresses): a /20 ran out during a 10 s RunInstances window (InsufficientFreeAddressesInSubnet).
    const subnetId = firstTag(await c.ok('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.0.0.0/17' }), 'subnetId') ?? '';
    return { server, vpcId, subnetId, groups: [] };
  } finally {
    c.close();
  }
}

async function grow(t: Target, to: number): Promise<void> {
  const started = performance.now();
  const connections = t.server.name === 'moto' ? 1 : 8;
  t.groups.push(...(await createGroups(t.server.endpoint, t.server.key, t.vpcId, t.groups.length, to, connections)));
  process.stdout.write(`  ${t.server.name}: ${to} groups (${((performance.now() - started) / 1000).toFixed(0)} s to create)\n`);
}

const fmtRate = (r: number): string => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));
const fmtMs = (ms: number): string => (Number.isNaN(ms) ? '-' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const withMoto = o.moto && hasMoto();
  if (o.moto && !withMoto) process.stdout.write('*** moto_server not found: Rampart only, no ratios ***\n');
  process.stdout.write(`API benchmark: ${o.connections} connections, ${o.seconds} s windows after 1.5 s warm-up, load average ${loadAverage().toFixed(1)}\n`);

  const servers = [await startRampart(), ...(withMoto ? [await startMoto()] : [])];
  const rows: string[][] = [];
  const findings: string[] = [];
  try {
    const targets = await Promise.all(servers.map(prepare));
    const [rampart, moto] = targets;
    const record = async (s: Scenario, groups: number): Promise<void> => {
      const results: (Measured | undefined)[] = [];
      // Servers one after the other, within the same minute: same machine load, as far as it can be had.
      for (const t of targets) {
        results.push(await measure(o, t, s));
        const r = results[results.length - 1]!;
        if (r.failures.size > 0) findings.push(`${t.server.name} / ${s.name} @ ${groups}: non-200 answers ${JSON.stringify([...r.failures])}`);
      }
      const [a, b] = results;
      const unit = s.pair ? 'pairs/s' : 'req/s';
      rows.push([
        `${s.name}`,
        groups.toLocaleString('en-US'),
        `${fmtRate(a!.perSecond)} ${unit}`,
        fmtMs(a!.p50),
        fmtMs(a!.p99),
        fmtMs(a!.cpuPerOp),
        b ? `${fmtRate(b.perSecond)}` : '-',
        b ? fmtMs(b.p50) : '-',
        b ? fmtMs(b.p99) : '-',
        b ? fmtMs(b.cpuPerOp) : '-',
        b ? `${(a!.perSecond / b.perSecond).toFixed(1)}×` : '-',
      ]);
      process.stdout.write(`  ${s.name} @ ${groups}: Rampart ${fmtRate(a!.perSecond)}${b ? `, moto ${fmtRate(b.perSecond)}` : ''}\n`);
    };

    // Setup, not measured: both servers are populated at the same time.
    const want = (key: string): boolean => o.only === undefined || o.only.includes(key);
    await Promise.all(targets.map((t) => grow(t, o.small)));
    if (want('by-id')) await record(BY_ID, o.small);
    if (want('full')) await record(FULL, o.small);
    if (want('pairs')) await record(AUTHORIZE_REVOKE, o.small);
    if (want('run')) {
      const runInstances = await implementsAction(rampart, RUN_INSTANCES.step(rampart)(0, 0)[0]);
      if (runInstances && (!moto || (await implementsAction(moto, RUN_INSTANCES.step(moto)(0, 0)[0])))) await record(RUN_INSTANCES, o.small);
      else rows.push([RUN_INSTANCES.name, o.small.toLocaleString('en-US'), 'pending: not implemented', '', '', '', '', '', '', '', '']);
    }

    if (want('by-id') || want('pairs')) {
      await Promise.all(targets.map((t) => grow(t, o.large)));
      if (want('by-id')) await record(BY_ID, o.large);
      if (want('pairs')) await record(AUTHORIZE_REVOKE, o.large);
    }

    const header = ['operation', 'groups', 'Rampart', 'p50 ms', 'p99 ms', 'CPU ms/op', 'moto', 'p50 ms', 'p99 ms', 'CPU ms/op', 'ratio'];
    process.stdout.write(`\n${textTable(header, rows)}\n\nload average at the end: ${loadAverage().toFixed(1)} (2 cores, shared)\n`);
    const byIdLarge = rows.find((r) => r[0] === BY_ID.name && r[1] === o.large.toLocaleString('en-US'));
    const ratio = (r: string[] | undefined): number => Number(r?.[10]?.replace('×', '') ?? NaN);
    const check = (label: string, ok: boolean): void => void process.stdout.write(`  ${ok ? 'MET ' : 'MISS'} ${label}\n`);
    process.stdout.write('targets:\n');
    for (const r of rows.filter((x) => x[0] === BY_ID.name || x[0] === FULL.name)) check(`≥ 50× moto: ${r[0]} @ ${r[1]} (${r[10]})`, ratio(r) >= 50);
    if (byIdLarge) check(`p99 ≤ 10 ms by id at ${o.large.toLocaleString('en-US')} groups (${byIdLarge[4]} ms)`, Number(byIdLarge[4]) <= 10);
    for (const f of findings) process.stdout.write(`  note: ${f}\n`);
  } finally {
    for (const s of servers) await s.stop();
  }
}

await main();
