/**
 * What the serve-driven kernel tests share: the real aws CLI against a test server (configured only by the files
 * the server wrote), `rampart lab exec` as a user runs it, curl outcomes, and the signed GET /_rampart/v1/lab that
 * says which revision the lab enforces, so a test waits for enforcement instead of sleeping.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { signedGet } from '../../../src/enforce/agent/http-feed.ts';
import { resolveExecNamespace } from '../../../src/enforce/lab/exec.ts';
import { LabNames } from '../../../src/enforce/lab/lab-names.ts';
import { REPO_ROOT, type TestServer } from '../../helpers/server.ts';

const CLI = `${REPO_ROOT}/src/cli/main.ts`;

export interface AwsResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `aws ec2 …` with the server's files; `--output text` so that `--query` answers a bare value. */
export function aws(server: TestServer, ...args: string[]): Promise<AwsResult> {
  return new Promise((resolve) => {
    execFile('aws', ['ec2', ...args, '--output', 'text'], { env: server.clientEnv }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: stdout.trim(), stderr });
    });
  });
}

/** The same, failing the test with the CLI's message when the call fails; answers stdout. */
export async function awsOk(server: TestServer, ...args: string[]): Promise<string> {
  const r = await aws(server, ...args);
  if (r.code !== 0) throw new Error(`aws ec2 ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** `rampart lab exec` to completion. */
export function labExec(prefix: string, target: string, command: readonly string[], sourceIp?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', CLI, 'lab', 'exec', '--prefix', prefix, ...(sourceIp ? ['--source-ip', sourceIp] : []), target, '--', ...command];
    execFile(process.execPath, args, { cwd: REPO_ROOT, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout: stdout.trim(), stderr });
    });
  });
}

/** A long-running `rampart lab exec` (a server inside an instance); killed with the namespace or by the test. */
export function labExecBackground(prefix: string, target: string, command: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, 'lab', 'exec', '--prefix', prefix, target, '--', ...command], { cwd: REPO_ROOT, stdio: 'ignore' });
}

const curlArgs = (url: string): string[] => ['curl', '-s', '-m', '2', '-o', '/dev/null', '-w', '%{http_code}', url];

function curlOutcome(code: number | null, stdout: string, stderr: string): string {
  if (code === 0) return stdout;
  if (code === 28) return 'timeout';
  if (code === 7) return 'refused';
  return `exit ${code}: ${stderr.trim()}`;
}

/** `curl` through `rampart lab exec`, exactly as the README runs it: the HTTP status, or `timeout` / `refused`. */
export async function curlViaCli(prefix: string, from: string, url: string, sourceIp?: string): Promise<string> {
  const r = await labExec(prefix, from, curlArgs(url), sourceIp);
  return curlOutcome(r.code, r.stdout, r.stderr);
}

/** The same from the namespace `lab exec` would pick, without a CLI start per probe (the tests probe a lot). */
export async function curl(prefix: string, from: string, url: string, sourceIp?: string): Promise<string> {
  const namespace = await resolveExecNamespace(from, sourceIp, new LabNames(prefix));
  return new Promise((resolve) => {
    execFile('ip', ['netns', 'exec', namespace, ...curlArgs(url)], { timeout: 10_000 }, (err, stdout, stderr) => {
      resolve(curlOutcome(err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout.trim(), stderr));
    });
  });
}

export interface LabStatus {
  readonly revision: number;
  readonly enforcing: boolean;
  readonly enforcedRevision?: number | null;
  readonly instances: ReadonlyArray<{ instanceId: string; host: string | null; namespace: string | null; privateIps: string[]; publicIps: string[] }>;
}

export async function labStatus(server: TestServer, region = 'us-east-1'): Promise<LabStatus> {
  const signer = new SignatureV4({ credentials: server.credentials, region, service: 'ec2', sha256: Sha256 });
  return (await signedGet(signer, server.url, '/_rampart/v1/lab', {}, AbortSignal.timeout(10_000))) as LabStatus;
}

/** Waits until the server's own lab enforces the region's latest revision. */
export async function waitEnforced(server: TestServer, timeoutMs = 20_000): Promise<LabStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await labStatus(server);
    if (status.enforcedRevision === status.revision) return status;
    if (Date.now() > deadline) throw new Error(`the lab did not reach revision ${status.revision} (at ${status.enforcedRevision}):\n${server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `probe` until it answers `expected` (enforcement is asynchronous) or the time is up; answers the last outcome. */
export async function eventually(probe: () => Promise<string>, expected: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await probe();
    if (outcome === expected || Date.now() > deadline) return outcome;
  }
}
