/**
 * `rampart agent --endpoint URL --host NAME`: enforces, in a live namespace lab on this machine, the instances
 * tagged `rampart:host=NAME` of the caller's account (credentials, region and endpoint found as the aws CLI finds
 * them). It long-polls the server's revision (`GET /_rampart/v1/watch`), fetches the region's snapshot when it
 * moves, and applies it through the same queue, live lab and incremental enforcer as `serve --enforce`.
 * SIGTERM/SIGINT remove the lab; after kill -9 the next start adopts what is left (or `rampart lab down`).
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { HttpRegionFeed } from '../../enforce/agent/http-feed.ts';
import { LabNames } from '../../enforce/lab/lab-names.ts';
import { resolveAwsProfile } from '../aws-profile.ts';
import { shutdownOnSignal } from '../shutdown-on-signal.ts';

interface AgentOptions {
  endpoint?: string;
  host: string;
  region: string[];
  profile?: string;
  prefix: string;
  since?: number;
  wait: number;
}

const collect = (v: string, previous: string[]): string[] => [...previous, v];
const revision = (v: string): number => {
  if (!/^\d{1,15}$/.test(v)) throw new InvalidArgumentError('not a revision (a non-negative integer)');
  return Number(v);
};
const seconds = (v: string): number => {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 60) throw new InvalidArgumentError('expected 1-60 seconds');
  return Number(v);
};

function fail(message: string): never {
  process.stderr.write(`rampart agent: ${message}\n`);
  process.exit(2);
}

export function register(program: Command): void {
  program
    .command('agent')
    .description('enforce the instances tagged rampart:host=NAME in a namespace lab on this machine, following a Rampart server')
    .requiredOption('--host <name>', 'this host: the value of the rampart:host tag of the instances it enforces')
    .option('--endpoint <url>', 'the Rampart server (default: endpoint_url of the profile, or AWS_ENDPOINT_URL)')
    .option('--region <region>', 'region to follow, repeatable (default: the profile\'s region)', collect, [])
    .option('--profile <name>', 'profile in the aws CLI credentials and config files')
    .option('--prefix <prefix>', 'name prefix of the lab (must start with rampart-)', 'rampart-')
    .option('--since <revision>', 'the revision this host last enforced (it catches up from there)', revision)
    .option('--wait <seconds>', 'how long one watch may wait on the server', seconds, 25)
    .action(async (opts: AgentOptions) => {
      if (process.platform !== 'linux') fail(`the lab needs Linux (network namespaces and nftables); this is ${process.platform}`);
      if (process.getuid?.() !== 0) fail('the lab needs root: it creates network namespaces and loads nftables rules. Run it with sudo');
      if (!opts.prefix.startsWith('rampart-')) fail(`--prefix ${opts.prefix} must start with rampart-`);
      if (opts.host.trim() === '') fail('--host must not be empty');
      const profile = resolveAwsProfile({ profile: opts.profile, region: opts.region[0], endpoint: opts.endpoint });
      if (!profile.endpoint) fail('no endpoint: give --endpoint URL (or endpoint_url in the profile)');
      if (!profile.credentials) fail('no credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile with keys (--profile)');
      const regions = opts.region.length > 0 ? opts.region : profile.region ? [profile.region] : fail('no region: give --region (or region in the profile)');

      // The enforcement modules are loaded by this action only: other commands should not pay for them.
      const [{ EnforcementQueue }, { followFeed }, { HttpRegionFeed: Feed }, { LiveLab }] = await Promise.all([
        import('../../enforce/agent/enforcement-queue.ts'),
        import('../../enforce/agent/follow-feed.ts'),
        import('../../enforce/agent/http-feed.ts'),
        import('../../enforce/lab/live-lab.ts'),
      ]);
      const log = (line: string): void => void process.stderr.write(`rampart agent: ${line}\n`);
      const feeds: HttpRegionFeed[] = [];
      for (const region of regions) {
        try {
          feeds.push(await Feed.connect({ endpoint: profile.endpoint, region, credentials: profile.credentials, waitSeconds: opts.wait }));
        } catch (e) {
          process.stderr.write(`rampart agent: cannot reach ${profile.endpoint} (${region}): ${e instanceof Error ? e.message : String(e)}\n`);
          process.exit(1);
        }
      }
      const lab = await LiveLab.start({ names: new LabNames(opts.prefix), host: opts.host, log });
      const queue = new EnforcementQueue(lab, {
        log,
        // One line per enforced revision on stdout: what scripts (and tests) wait for.
        onApplied: (source, rev, report, ms) => void process.stdout.write(`enforced ${source} at revision ${rev} in ${Math.round(ms)} ms (+${report.namespacesAdded}/-${report.namespacesRemoved} namespaces)\n`),
      });
      const stop = new AbortController();
      process.stdout.write(`rampart agent for host ${opts.host}: following ${feeds.map((f) => f.source).join(', ')} at ${profile.endpoint} (lab prefix ${opts.prefix})\n`);
      for (const feed of feeds) void followFeed(feed, queue, { since: opts.since, signal: stop.signal, log, onResync: () => lab.markUnknown() });

      shutdownOnSignal(
        'removing the lab',
        async () => {
          stop.abort();
          await queue.close();
          await lab.down();
        },
        log,
      );
    });
}
