/**
 * The lab's few system calls: namespaces, `ip -batch`, sysctls, and listing what carries the rampart- prefix.
 */
import { RAMPART_PREFIX } from '../compile/nft-names.ts';
import { CommandError, inNamespace, runCommand } from '../apply/run-command.ts';

export async function ipBatch(namespace: string | undefined, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await runCommand(namespace ? ['ip', '-n', namespace, '-batch', '-'] : ['ip', '-batch', '-'], lines.join('\n') + '\n');
}

/**
 * `ip -force -batch`: runs every line even when some fail, and answers what failed (empty when nothing did). For
 * lines whose failure is expected — undoing a fact that went with its link, re-creating what a restarted lab
 * already holds.
 */
export async function ipBatchLenient(namespace: string | undefined, lines: readonly string[]): Promise<string> {
  if (lines.length === 0) return '';
  const base = namespace ? ['ip', '-n', namespace] : ['ip'];
  try {
    await runCommand([...base, '-force', '-batch', '-'], lines.join('\n') + '\n');
    return '';
  } catch (e) {
    return e instanceof CommandError ? e.stderr.trim() : String(e);
  }
}

export async function setSysctls(namespace: string, settings: readonly string[]): Promise<void> {
  if (settings.length === 0) return;
  await runCommand(inNamespace(namespace, ['sysctl', '-q', '-w', ...settings]));
}

export async function listNamespaces(): Promise<string[]> {
  const { stdout } = await runCommand(['ip', 'netns', 'list']);
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((n): n is string => n !== undefined && n.length > 0);
}

export async function rampartNamespaces(): Promise<string[]> {
  return (await listNamespaces()).filter((n) => n.startsWith(RAMPART_PREFIX));
}

/** Runs async jobs with at most `limit` in flight (namespace set-up is process-bound; 2 CPUs here). */
export async function inParallel<T>(items: readonly T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await job(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
