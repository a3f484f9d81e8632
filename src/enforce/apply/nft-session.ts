/**
 * One long-lived libnftables context per router namespace: a small Python helper (Debian's python3-nftables
 * wraps the same libnftables 1.0.6 as the nft command) started once inside the namespace, fed one transaction
 * per request. Every `nft` process pays its start-up and rebuilds its cache of the whole ruleset; a context kept
 * alive skips both while nobody else writes the table. Measured here (runner-bench in docs/enforce.md): at 10k
 * rules a change costs 1-3 ms instead of 13-20 ms with `nft -f`; at 100k rules 22-40 ms instead of 33-60 ms
 * (enforcement.md §4.6 found 12.8 ms / 62 ms at 100k with an older table layout).
 *
 * Requests are serialised (one transaction in flight). While idle the helper does not keep Node alive, so a CLI
 * that built a lab can exit; the helper then sees end of input and exits too. Without python3-nftables the
 * session falls back to one `nft -f` per transaction (slower, same results) and says so once.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CommandError, inNamespace } from './run-command.ts';
import { spawnedNft, type NftRunner } from './nft-runner.ts';

/** The helper: one JSON request per line in ({"cmd": text}), one JSON reply per line out. */
const HELPER = `
import json, sys
try:
    import nftables
except ImportError:
    print(json.dumps({"ready": False, "error": "python3-nftables is not installed (bash scripts/setup.sh installs it)"}), flush=True)
    sys.exit(0)
nft = nftables.Nftables()
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    rc, output, error = nft.cmd(json.loads(line)["cmd"])
    print(json.dumps({"rc": rc, "output": output, "error": error}), flush=True)
`;

/** Debian's interpreter sees python3-nftables; a python3 earlier on PATH (pyenv, venv) may not. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

interface Reply {
  readonly ready?: boolean;
  readonly rc?: number;
  readonly output?: string;
  readonly error?: string;
}

let warnedFallback = false;

/** Opens a session in `namespace` (undefined: the current one), or falls back to `nft -f` per transaction. */
export async function openNftSession(namespace: string | undefined): Promise<NftRunner> {
  const helper = await Helper.start(namespace);
  if (helper) return helper;
  if (!warnedFallback) {
    warnedFallback = true;
    process.stderr.write('rampart: python3-nftables is not available; using one `nft -f` per change (slower). bash scripts/setup.sh installs it.\n');
  }
  return spawnedNft(namespace);
}

class Helper implements NftRunner {
  private buffered = '';
  private readonly waiting: Array<(r: Reply) => void> = [];
  private queue: Promise<unknown> = Promise.resolve();
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly command: readonly string[],
  ) {
    child.stdout.on('data', (d: Buffer) => this.onData(d.toString()));
    child.stderr.on('data', () => undefined);
    child.stdin.on('error', () => undefined);
    child.on('exit', () => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w({ rc: -1, error: 'the nft session helper exited' });
    });
    this.idle();
  }

  static async start(namespace: string | undefined): Promise<Helper | undefined> {
    const command = inNamespace(namespace, [PYTHON, '-c', HELPER]);
    const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const helper = new Helper(child, command);
    const started = new Promise<Reply>((resolve) => helper.waiting.push(resolve));
    child.on('error', () => helper.waiting.splice(0).forEach((w) => w({ ready: false })));
    helper.busy();
    const reply = await started;
    helper.idle();
    if (reply.ready) return helper;
    helper.close();
    return undefined;
  }

  run(transaction: string): Promise<void> {
    return this.request(transaction).then(() => undefined);
  }

  listTable(table: string): Promise<string> {
    return this.request(`list table inet ${table}`);
  }

  close(): void {
    this.exited = true;
    this.child.stdin.end();
    this.child.kill('SIGKILL');
  }

  private request(cmd: string): Promise<string> {
    const next = this.queue.then(() => this.send(cmd));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async send(cmd: string): Promise<string> {
    if (this.exited) throw new CommandError([...this.command], null, 'the nft session helper is not running');
    this.busy();
    try {
      const reply = await new Promise<Reply>((resolve) => {
        this.waiting.push(resolve);
        this.child.stdin.write(JSON.stringify({ cmd }) + '\n');
      });
      if (reply.rc !== 0) throw new CommandError(['nft', '(session)'], reply.rc ?? null, reply.error ?? '');
      return reply.output ?? '';
    } finally {
      this.idle();
    }
  }

  private onData(text: string): void {
    this.buffered += text;
    let at: number;
    while ((at = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, at);
      this.buffered = this.buffered.slice(at + 1);
      this.waiting.shift()?.(JSON.parse(line) as Reply);
    }
  }

  /** Keeps Node alive only while a request is in flight. */
  private busy(): void {
    this.child.ref();
    for (const s of this.pipes()) s.ref();
  }

  private idle(): void {
    if (this.waiting.length > 0) return;
    this.child.unref();
    for (const s of this.pipes()) s.unref();
  }

  private pipes(): Array<{ ref(): void; unref(): void }> {
    return [this.child.stdin, this.child.stdout, this.child.stderr] as unknown as Array<{ ref(): void; unref(): void }>;
  }
}
