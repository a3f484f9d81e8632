/**
 * `lab down`: removes every namespace, link and nft table whose name starts with `rampart-`, found from the
 * kernel alone, so it works after the process that built the lab was killed (no state file to trust).
 * Processes still running inside a lab namespace are killed first, because a process keeps its namespace and
 * links alive after `ip netns del`.
 */
import { RAMPART_PREFIX } from '../compile/nft-names.ts';
import { runCommand } from '../apply/run-command.ts';
import { rampartNamespaces } from './system.ts';

export interface TeardownReport {
  readonly namespaces: readonly string[];
  readonly links: readonly string[];
  readonly tables: readonly string[];
  readonly processesKilled: number;
}

export async function tearDownLab(prefix = RAMPART_PREFIX): Promise<TeardownReport> {
  const namespaces = (await rampartNamespaces()).filter((n) => n.startsWith(prefix));
  const processesKilled = await deleteNamespaces(namespaces);

  // The lab creates veths inside namespaces, never in the root namespace; anything prefixed here is a leftover.
  const { stdout: linkText } = await runCommand(['ip', '-o', 'link', 'show']);
  const links = [...linkText.matchAll(/^\d+:\s+([^:@\s]+)/gm)].map((m) => m[1]).filter((l) => l.startsWith(prefix));
  for (const l of links) await runCommand(['ip', 'link', 'del', l]).catch(() => undefined);

  const tables: string[] = [];
  const nft = await runCommand(['nft', 'list', 'tables']).catch(() => ({ stdout: '' }));
  for (const m of nft.stdout.matchAll(/^table (\S+) (\S+)$/gm)) {
    if (!m[2].startsWith(prefix)) continue;
    await runCommand(['nft', 'delete', 'table', m[1], m[2]]).catch(() => undefined);
    tables.push(`${m[1]} ${m[2]}`);
  }
  return { namespaces, links, tables, processesKilled };
}

/** Kills the processes inside `namespaces`, then deletes them; answers how many processes were killed. */
export async function deleteNamespaces(namespaces: readonly string[]): Promise<number> {
  let processesKilled = 0;
  for (const ns of namespaces) {
    const { stdout } = await runCommand(['ip', 'netns', 'pids', ns]).catch(() => ({ stdout: '' }));
    for (const pid of stdout.split(/\s+/).filter((p) => /^\d+$/.test(p))) {
      try {
        process.kill(Number(pid), 'SIGKILL');
        processesKilled++;
      } catch {
        // already gone
      }
    }
  }
  for (const ns of namespaces) await runCommand(['ip', 'netns', 'del', ns]).catch(() => undefined);
  return processesKilled;
}
