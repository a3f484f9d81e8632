/**
 * Starts a real `rampart serve` process on a free loopback port with a temporary data directory, for end-to-end tests.
 * The data directory is removed by `stop()` (unless the test asked to keep it for a restart).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { accountOfKeyInPostgres } from './postgres.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO_ROOT, 'src/cli/main.ts');

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly accountId: string;
  readonly credentials: Credentials;
  /** Environment for the aws CLI and boto3: the server's DATA/credentials and DATA/config, nothing from the host. */
  readonly clientEnv: NodeJS.ProcessEnv;
  readonly process: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, wait for exit; removes the data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<number | null>;
  /** SIGKILL, wait for exit; the data directory stays. */
  kill9(): Promise<void>;
}

export interface StartOptions {
  readonly args?: readonly string[];
  /** Reuse a data directory (a restart); by default a fresh temporary one. */
  readonly dataDir?: string;
  /** A `postgres://` URL: the server keeps its state there (`--store`), not in DATA/rampart.db. */
  readonly store?: string;
}

/** Runs the rampart CLI to completion (e.g. `accounts create`). */
export function runRampart(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export function readProfileCredentials(dataDir: string): Credentials {
  const text = readFileSync(join(dataDir, 'credentials'), 'utf8');
  const accessKeyId = /aws_access_key_id = (\S+)/.exec(text)?.[1];
  const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)?.[1];
  if (!accessKeyId || !secretAccessKey) throw new Error(`no key in ${dataDir}/credentials`);
  return { accessKeyId, secretAccessKey };
}

function accountOf(dataDir: string, accessKeyId: string): string {
  const db = new Database(join(dataDir, 'rampart.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('select account_id from access_keys where access_key_id = ?').get(accessKeyId) as { account_id: string } | undefined;
    if (!row) throw new Error(`no account for ${accessKeyId}`);
    return row.account_id;
  } finally {
    db.close();
  }
}

export function clientEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'credentials'),
    AWS_CONFIG_FILE: join(dataDir, 'config'),
    AWS_PROFILE: 'rampart',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rampart-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', '--data', dataDir, ...(options.store ? ['--store', options.store] : []), ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`rampart serve did not start in 30 s:\n${output}`)), 30_000);
    const onData = (d: Buffer): void => {
      output += d.toString();
      const m = /listening on (http:\/\/[^\s/]+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`rampart serve exited (${code}) before listening:\n${output}`));
    });
  });
  const credentials = readProfileCredentials(dataDir);
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    accountId: options.store ? await accountOfKeyInPostgres(options.store, credentials.accessKeyId) : accountOf(dataDir, credentials.accessKeyId),
    credentials,
    clientEnv: clientEnvironment(dataDir),
    process: child,
    output: () => output,
    async stop(stopOptions = {}) {
      child.kill('SIGTERM');
      const code = await exited;
      if (!stopOptions.keepData && options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
