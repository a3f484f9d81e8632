/**
 * `rampart serve`: the EC2-compatible control plane (issue 5 §1). EC2 Query API at http://HOST:PORT/, state in SQLite
 * under DATA (or PostgreSQL with --store), Rampart's JSON API under /_rampart/v1/. Clean shutdown on SIGTERM/SIGINT.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_QUOTAS, withOverrides } from '../../core/quotas.ts';
import { exportLines } from '../../server/credential-files.ts';
import { describeStore, storeOption } from '../store-option.ts';
import { shutdownOnSignal } from '../shutdown-on-signal.ts';

interface ServeOptions {
  port: number;
  host: string;
  data: string;
  store?: string;
  auth: 'on' | 'off';
  allowReset: boolean;
  quota: string[];
  synchronous: 'normal' | 'full';
  enforce: boolean;
  labPrefix: string;
}

const parsePort = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('not a port (0-65535)');
  return n;
};
const oneOf =
  <T extends string>(...values: T[]) =>
  (v: string): T => {
    if (!(values as string[]).includes(v)) throw new InvalidArgumentError(`expected ${values.join(' or ')}`);
    return v as T;
  };
const collect = (v: string, previous: string[]): string[] => [...previous, v];

/** Why `--enforce` cannot run here (undefined: it can). */
function enforcementRefusal(prefix: string): string | undefined {
  if (process.platform !== 'linux') return `the lab needs Linux (network namespaces and nftables); this is ${process.platform}`;
  if (process.getuid?.() !== 0) return 'the lab needs root: it creates network namespaces and loads nftables rules. Run it with sudo, or drop --enforce';
  if (!prefix.startsWith('rampart-')) return `--lab-prefix ${prefix} must start with rampart-`;
  return undefined;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the EC2 Query API (aws CLI, boto3, SDKs) and the /_rampart/v1/ JSON API')
    .option('-p, --port <n>', 'listen port (0 = any free port)', parsePort, 8787)
    .option('--host <address>', 'listen address', '127.0.0.1')
    .option('--data <dir>', 'data directory (SQLite database, credentials, config)', './.rampart')
    .addOption(storeOption())
    .option('--auth <on|off>', 'verify SigV4 signatures (off: throwaway use only)', oneOf('on', 'off'), 'on')
    .option('--allow-reset', 'enable POST /_rampart/v1/reset (for test suites)', false)
    .option('--quota <name=value>', `override a quota, repeatable (${Object.keys(DEFAULT_QUOTAS).join(', ')})`, collect, [])
    .option('--synchronous <normal|full>', 'SQLite synchronous mode: normal survives kill -9, full also power loss', oneOf('normal', 'full'), 'normal')
    .option('--enforce', 'enforce untagged instances in a live namespace lab (root on Linux; docs/enforce.md)', false)
    .option('--lab-prefix <prefix>', 'name prefix of the lab with --enforce (must start with rampart-)', 'rampart-')
    .action(async (opts: ServeOptions) => {
      if (opts.enforce) {
        // Checked before anything binds the port or opens the store.
        const refusal = enforcementRefusal(opts.labPrefix);
        if (refusal) {
          process.stderr.write(`rampart serve --enforce: ${refusal}\n`);
          process.exit(2);
        }
      }
      const quotas = withOverrides(DEFAULT_QUOTAS, opts.quota);
      if (typeof quotas === 'string') {
        process.stderr.write(`rampart serve: ${quotas}\n`);
        process.exit(2);
      }
      if (opts.auth === 'off') {
        process.stderr.write(
          '\n*** WARNING: --auth off: requests are NOT authenticated. Anyone who can reach this port can read and change\n' +
            '*** every resource. Use it only for throwaway local work, never on a shared or exposed address.\n\n',
        );
      }
      const log = (line: string): void => void process.stderr.write(`rampart: ${line}\n`);
      // Loaded here, not at the top: `rampart check` and `--help` should not pay for the server's modules.
      const { startServer } = await import('../../server/start-server.ts');
      let server;
      try {
        server = await startServer({ host: opts.host, port: opts.port, dataDir: opts.data, storeUrl: opts.store, auth: opts.auth, allowReset: opts.allowReset, quotas, synchronous: opts.synchronous, log, ...(opts.enforce ? { enforce: { prefix: opts.labPrefix } } : {}) });
      } catch (e) {
        process.stderr.write(`rampart serve: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      }
      const out = process.stdout;
      out.write(`Rampart EC2 API listening on ${server.url}/ (${describeStore(opts.store, opts.data)}${opts.allowReset ? ', reset enabled' : ''})\n`);
      if (opts.enforce) out.write(`Enforcing untagged instances in the namespace lab (prefix ${opts.labPrefix}): rampart lab exec <instance-id> -- <command>\n`);
      if (server.createdAccount) out.write(`Created the first account; its key is in ${opts.data}/credentials (profile rampart).\n`);
      out.write('To use it with the aws CLI, boto3 or an SDK:\n');
      for (const line of exportLines(opts.data)) out.write(`  ${line}\n`);
      shutdownOnSignal('shutting down', () => server.close(), log);
    });
}
