/**
 * `rampart agent --host h1` against a server without --enforce: the instance tagged rampart:host=h1 gets a
 * namespace and its rules, an untagged one does not. The agent is killed with -9 (its lab keeps the last rules,
 * fail static), a rule changes, and the agent restarted with the old revision catches up — adopting its namespaces,
 * so the web servers inside survive. The server itself is killed and started again: the agent reconnects and
 * applies what was committed afterwards. The watch endpoint answers at once when behind, waits when current, asks for
 * a resync when ahead, and refuses malformed input with a 400.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedGet } from '../../src/enforce/agent/http-feed.ts';
import { listNamespaces } from '../../src/enforce/lab/system.ts';
import { tearDownLab } from '../../src/enforce/lab/teardown.ts';
import { hasAwsCli, requireClient } from '../helpers/real-clients.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/server.ts';
import { kernelAvailable, randomTag } from './support/kernel.ts';
import { awsOk, curl, eventually, labStatus } from './support/serve-lab.ts';

const run = kernelAvailable('rampart agent') && requireClient('aws CLI', hasAwsCli());
const PREFIX = `rampart-t-${randomTag()}-h1-`;
let server: TestServer;
let agent: RunningAgent | undefined;
let tagged = '';
let untagged = '';
let publicIp = '';
let group = '';
let enforcedBeforeKill = 0;
const servers: ChildProcess[] = [];
/** Set once the server was restarted on its data directory, which the test then removes itself. */
let ownDataDir: string | undefined;

interface RunningAgent {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the revision once the agent printed that it enforces at least `revision`. */
  enforced(revision: number): Promise<number>;
}

function startAgent(extra: readonly string[] = []): RunningAgent {
  const child = spawn(process.execPath, ['--import', 'tsx', `${REPO_ROOT}/src/cli/main.ts`, 'agent', '--host', 'h1', '--prefix', PREFIX, '--wait', '5', ...extra], {
    cwd: REPO_ROOT,
    env: server.clientEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const latest = (): number => Math.max(-1, ...[...out.matchAll(/enforced \S+ at revision (\d+)/g)].map((m) => Number(m[1])));
  return {
    child,
    output: () => out,
    enforced: async (revision) => {
      const deadline = Date.now() + 45_000;
      while (latest() < revision) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the agent did not reach revision ${revision}:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return latest();
    },
  };
}

async function stopAgent(signal: NodeJS.Signals): Promise<void> {
  const a = agent;
  agent = undefined;
  if (!a || a.child.exitCode !== null) return;
  const exited = new Promise((r) => a.child.on('exit', r));
  a.child.kill(signal);
  await exited;
}

async function watch(query: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const signer = new SignatureV4({ credentials: server.credentials, region: 'us-east-1', service: 'ec2', sha256: Sha256 });
  try {
    return { status: 200, body: (await signedGet(signer, server.url, '/_rampart/v1/watch', query, AbortSignal.timeout(20_000))) as Record<string, unknown> };
  } catch (e) {
    const m = /answered (\d+) (\S*)/.exec(String(e));
    return { status: Number(m?.[1] ?? 0), body: { code: m?.[2] } };
  }
}

function serveHttp(namespace: string, port: number): void {
  servers.push(spawn('ip', ['netns', 'exec', namespace, 'python3', '-m', 'http.server', String(port)], { stdio: 'ignore' }));
}

describe.runIf(run)('rampart agent', () => {
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await stopAgent('SIGTERM');
    for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL');
    const left = (await listNamespaces()).filter((n) => n.startsWith(PREFIX));
    await tearDownLab(PREFIX);
    await server?.stop();
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    expect(left, 'SIGTERM removes the agent lab').toEqual([]);
  }, 60_000);

  it('enforces the instances tagged rampart:host=h1, and only those', async () => {
    group = await awsOk(server, 'create-security-group', '--group-name', 'agent-web', '--description', 'web on h1', '--query', 'GroupId');
    await awsOk(server, 'authorize-security-group-ingress', '--group-id', group, '--protocol', 'tcp', '--port', '80', '--cidr', '0.0.0.0/0');
    [tagged, untagged] = await Promise.all([
      awsOk(server, 'run-instances', '--image-id', 'ami-0abcdef1234567890', '--security-group-ids', group, '--tag-specifications', 'ResourceType=instance,Tags=[{Key=rampart:host,Value=h1}]', '--query', 'Instances[0].InstanceId'),
      awsOk(server, 'run-instances', '--image-id', 'ami-0abcdef1234567890', '--security-group-ids', group, '--query', 'Instances[0].InstanceId'),
    ]);
    publicIp = await awsOk(server, 'describe-instances', '--instance-ids', tagged, '--query', 'Reservations[0].Instances[0].PublicIpAddress');
    const status = await labStatus(server);
    expect(status.enforcing).toBe(false);
    expect(status.instances.find((i) => i.instanceId === tagged)?.host).toBe('h1');

    agent = startAgent();
    enforcedBeforeKill = await agent.enforced(status.revision);
    const namespaces = await listNamespaces();
    expect(namespaces).toContain(`${PREFIX}${tagged}`);
    expect(namespaces).not.toContain(`${PREFIX}${untagged}`);

    serveHttp(`${PREFIX}${tagged}`, 80);
    serveHttp(`${PREFIX}${tagged}`, 8080);
    expect(await eventually(() => curl(PREFIX, 'internet', `http://${publicIp}/`), '200')).toBe('200');
    expect(await curl(PREFIX, 'internet', `http://${publicIp}:8080/`)).toBe('timeout');
  }, 120_000);

  it('killed with -9, then restarted with its old revision, it catches up with what changed meanwhile', async () => {
    await stopAgent('SIGKILL');
    await awsOk(server, 'authorize-security-group-ingress', '--group-id', group, '--protocol', 'tcp', '--port', '8080', '--cidr', '0.0.0.0/0');
    await awsOk(server, 'revoke-security-group-ingress', '--group-id', group, '--protocol', 'tcp', '--port', '80', '--cidr', '0.0.0.0/0');
    // Nobody follows the server now: the kernel keeps the last rules the agent loaded.
    expect(await curl(PREFIX, 'internet', `http://${publicIp}/`)).toBe('200');
    const { revision } = await labStatus(server);
    expect(revision).toBeGreaterThan(enforcedBeforeKill);

    agent = startAgent(['--since', String(enforcedBeforeKill)]);
    await agent.enforced(revision);
    // The same web servers answer: the restarted agent adopted its namespaces instead of rebuilding them.
    expect(await curl(PREFIX, 'internet', `http://${publicIp}:8080/`)).toBe('200');
    expect(await curl(PREFIX, 'internet', `http://${publicIp}/`)).toBe('timeout');
  }, 120_000);

  it('follows its server across a restart (kill -9), missing nothing committed after it', async () => {
    const { dataDir, port } = server;
    await server.kill9();
    server = await startTestServer({ dataDir, args: ['--port', String(port)] });
    ownDataDir = dataDir;
    await awsOk(server, 'authorize-security-group-ingress', '--group-id', group, '--protocol', 'tcp', '--port', '80', '--cidr', '0.0.0.0/0');
    await agent!.enforced((await labStatus(server)).revision);
    expect(await curl(PREFIX, 'internet', `http://${publicIp}/`)).toBe('200');
  }, 90_000);

  it('watch answers at once when behind, waits when current, asks for a resync when ahead, and refuses bad input', async () => {
    const { revision } = await labStatus(server);
    expect((await watch({ since: String(revision - 1), wait: '5' })).body).toMatchObject({ revision, changed: true, resync: false });
    const started = Date.now();
    expect((await watch({ since: String(revision), wait: '1' })).body).toMatchObject({ revision, changed: false, resync: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await watch({ since: String(revision + 1000), wait: '1' })).body).toMatchObject({ revision, changed: false, resync: true });
    expect(await watch({ since: 'abc' })).toEqual({ status: 400, body: { code: 'InvalidParameterValue:' } });
    expect(await watch({ wait: '3600' })).toEqual({ status: 400, body: { code: 'InvalidParameterValue:' } });
    expect((await fetch(`${server.url}/_rampart/v1/watch`)).status).toBe(401);
  }, 30_000);
});
