/**
 * Runs a system command (nft, ip, sysctl) without a shell, feeding stdin and collecting output. A non-zero exit
 * becomes a CommandError carrying stderr, which is what nft prints when a transaction is rejected.
 */
import { spawn } from 'node:child_process';

export class CommandError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${command.join(' ')} failed (exit ${exitCode}): ${stderr.trim().slice(0, 2000)}`);
    this.name = 'CommandError';
  }
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export function runCommand(command: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new CommandError(command, null, e.message)));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandError(command, code, stderr || stdout));
    });
    child.stdin.on('error', () => undefined); // the command may exit before reading everything; its exit code tells
    child.stdin.end(input ?? '');
  });
}

/** The command prefix that runs something inside a named network namespace (or in the current one). */
export function inNamespace(namespace: string | undefined, command: readonly string[]): string[] {
  return namespace ? ['ip', 'netns', 'exec', namespace, ...command] : [...command];
}
