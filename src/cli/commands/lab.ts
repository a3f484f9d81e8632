/**
 * `rampart lab up|exec|down`: the namespace lab (docs/enforce.md). `up` builds one namespace per instance, a
 * router namespace per VPC enforcing the snapshot's groups, NACLs and routes with nftables, and an `internet`
 * namespace; the lab stays up after the command exits. `exec` runs a command inside; `down` removes everything
 * whose name starts with the prefix, also after a crash. Root on Linux only.
 */
import type { Command } from 'commander';
import { LabNames } from '../../enforce/lab/lab-names.ts';
import { loadSnapshot } from '../snapshot-files.ts';

/** Exit 2 with a clear message when the lab cannot run here at all. */
function requireRootOnLinux(): void {
  if (process.platform !== 'linux') {
    process.stderr.write(`rampart lab needs Linux (network namespaces and nftables); this is ${process.platform}.\n`);
    process.exit(2);
  }
  if (process.getuid?.() !== 0) {
    process.stderr.write('rampart lab needs root: it creates network namespaces and loads nftables rules. Run it with sudo.\n');
    process.exit(2);
  }
}

const prefixOption = ['--prefix <prefix>', 'name prefix of the lab (for several labs side by side; must start with rampart-)', 'rampart-'] as const;

export function register(program: Command): void {
  const lab = program.command('lab').description('a local lab where instances are network namespaces and the rules are enforced by the kernel');

  lab
    .command('up')
    .description('build the lab from a describe-JSON snapshot (folder or file)')
    .requiredOption('--snapshot <path>', 'folder of `aws ec2 describe-*` JSON files, or one JSON file')
    .option(...prefixOption)
    .action(async (opts: { snapshot: string; prefix: string }) => {
      requireRootOnLinux();
      // The enforcement modules are loaded by the lab's own actions only: other commands should not pay for them.
      const { Lab, LabAlreadyUpError } = await import('../../enforce/lab/lab.ts');
      const snapshot = loadSnapshot(opts.snapshot);
      try {
        const started = performance.now();
        const built = await Lab.up(snapshot, new LabNames(opts.prefix));
        const ms = Math.round(performance.now() - started);
        process.stdout.write(`lab up in ${ms} ms: ${built.plan.routers.length} router(s), ${built.plan.instances.size} instance namespace(s), internet at ${built.plan.internetAddresses.v4} / ${built.plan.internetAddresses.v6}\n`);
        for (const [id, ns] of built.plan.instances) process.stdout.write(`  ${id}  (namespace ${ns})\n`);
        process.stdout.write('try: rampart lab exec internet -- curl -m 2 http://<public ip>/   ·   rampart lab down\n');
      } catch (e) {
        if (e instanceof LabAlreadyUpError) {
          process.stderr.write(`${e.message}\n`);
          process.exit(2);
        }
        throw e;
      }
    });

  lab
    .command('exec')
    .description('run a command inside an instance (i-…) or the internet namespace')
    .argument('<target>', 'an instance id, an interface id, or `internet`')
    .argument('<command...>', 'the command (after --)')
    .option('--source-ip <ip>', 'internet only: run as an internet host with this address')
    .option(...prefixOption)
    .action(async (target: string, command: string[], opts: { sourceIp?: string; prefix: string }) => {
      requireRootOnLinux();
      const { execInNamespace, LabTargetError, resolveExecNamespace } = await import('../../enforce/lab/exec.ts');
      try {
        const ns = await resolveExecNamespace(target, opts.sourceIp, new LabNames(opts.prefix));
        process.exitCode = await execInNamespace(ns, command);
      } catch (e) {
        if (e instanceof LabTargetError) {
          process.stderr.write(`${e.message}\n`);
          process.exit(2);
        }
        throw e;
      }
    });

  lab
    .command('down')
    .description('remove every namespace, link and nft table of the lab (found by name, also after a crash)')
    .option(...prefixOption)
    .action(async (opts: { prefix: string }) => {
      requireRootOnLinux();
      const { tearDownLab } = await import('../../enforce/lab/teardown.ts');
      const report = await tearDownLab(new LabNames(opts.prefix).prefix);
      process.stdout.write(`lab down: ${report.namespaces.length} namespace(s), ${report.links.length} stray link(s), ${report.tables.length} stray table(s) removed; ${report.processesKilled} process(es) stopped\n`);
    });
}
