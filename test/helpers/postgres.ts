/**
 * A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temporary directory, trust authentication, listening
 * on a free loopback port with its unix socket inside that directory. `stop()` shuts it down and removes everything;
 * an exit hook does the same if the test process ends without calling it.
 *
 * initdb refuses to run as root, so as root (CI) the cluster runs as `nobody` through runuser, in a directory chowned
 * to it. The binaries come from PATH or from Debian's /usr/lib/postgresql/NN/bin (scripts/setup.sh installs them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { describe, it } from 'vitest';

const UNPRIVILEGED_USER = 'nobody';
const SUPERUSER = 'rampart';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly pgCtl: string;
}

export interface PostgresCluster {
  readonly port: number;
  /** A new, empty database; answers its `postgres://` URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    if (dir !== '' && existsSync(file)) return file;
  }
  return undefined;
}

/** initdb and pg_ctl from PATH, else from the newest /usr/lib/postgresql/NN/bin; undefined when neither has them. */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  const initdb = onPath('initdb');
  const pgCtl = onPath('pg_ctl');
  if (initdb && pgCtl) return { initdb, pgCtl };
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') };
  }
  return undefined;
}

/**
 * `describe` for suites that need PostgreSQL. Without the binaries it fails in CI (CI=true) and, elsewhere, skips with
 * a warning on stderr and a visible skipped test, so a missing database never passes as green.
 */
export function describeWithPostgres(name: string, suite: (binaries: PostgresBinaries) => void): void {
  const binaries = findPostgresBinaries();
  if (binaries) {
    describe(name, () => suite(binaries));
    return;
  }
  const why = 'PostgreSQL binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin; run scripts/setup.sh';
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs PostgreSQL', () => {
        throw new Error(why);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPING "${name}": ${why} ***\n\n`);
  describe.skip(`${name} (skipped: ${why})`, () => {
    it('needs PostgreSQL', () => undefined);
  });
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary, as `nobody` when we are root. */
function runAsOwner(file: string, args: readonly string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', UNPRIVILEGED_USER, '--', file, ...args]] : [file, [...args]];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${[cmd, ...argv].join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
}

function userIds(user: string): { uid: number; gid: number } {
  const id = (flag: string): number => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgres(binaries: PostgresBinaries = findPostgresBinaries()!): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  if (process.getuid?.() === 0) {
    const { uid, gid } = userIds(UNPRIVILEGED_USER);
    chownSync(dir, uid, gid);
  }
  let stopped = false;
  // Last resort when the test process ends without stop(): an immediate shutdown (SIGQUIT) and the directory removed.
  const onExit = (): void => {
    if (stopped) return;
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // not started, or already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    try {
      if (existsSync(join(data, 'postmaster.pid'))) runAsOwner(binaries.pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    runAsOwner(binaries.initdb, ['-D', data, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freeLoopbackPort();
      // fsync off: these clusters hold test data only (a killed Rampart, not a killed database, is what tests prove).
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
      try {
        runAsOwner(binaries.pgCtl, ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
        break;
      } catch (e) {
        // Another process may have taken the port between our probe and the start: try another one.
        if (attempt >= 3) throw new Error(`${e instanceof Error ? e.message : String(e)}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
      }
    }
    const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    return {
      port,
      async createDatabase(name: string): Promise<string> {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          await client.query(`create database ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The account an access key belongs to, read straight from a Rampart database (as server.ts does for SQLite). */
export async function accountOfKeyInPostgres(url: string, accessKeyId: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ account_id: string }>('select account_id from access_keys where access_key_id = $1', [accessKeyId]);
    if (!rows[0]) throw new Error(`no account for ${accessKeyId}`);
    return rows[0].account_id;
  } finally {
    await client.end();
  }
}
