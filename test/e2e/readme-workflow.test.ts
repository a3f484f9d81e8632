/**
 * README's control-plane tutorial, run as written (issue 5 "Done when": the example workflow in README works as
 * written): the bash block between the readme-workflow markers, with the real `aws` CLI, in a folder whose
 * `.rampart/` is the data folder of a real `rampart serve`, so the block's own `export` lines configure the CLI.
 * A command marked `# fails: CODE` must fail with that EC2 error code; every other command must succeed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAwsCli, requireClient } from '../helpers/real-clients.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/server.ts';

const enabled = requireClient('aws CLI', hasAwsCli());

/** The README block, with each `# fails: CODE` command turned into "must fail, and with CODE". */
function readmeWorkflowScript(readme: string): { script: string; expectedFailures: string[] } {
  const block = /<!-- readme-workflow:start -->\s*```bash\n([\s\S]*?)```\s*<!-- readme-workflow:end -->/.exec(readme);
  if (!block) throw new Error('README.md has no readme-workflow block');
  const expectedFailures: string[] = [];
  const lines = block[1].split('\n').map((line) => {
    const failing = /^(.*?)\s+# fails: (\w[\w.]*)/.exec(line);
    if (!failing) return line;
    const [, command, code] = failing;
    expectedFailures.push(code);
    return `if ${command} 2>"$ERR"; then echo "UNEXPECTED SUCCESS: ${command.replace(/["$`\\]/g, '\\$&')}"; exit 97; fi; grep -q '(${code})' "$ERR" || { cat "$ERR"; exit 98; }; echo "refused as expected: ${code}"`;
  });
  return { script: ['set -euo pipefail', 'ERR=$(mktemp)', ...lines].join('\n'), expectedFailures };
}

describe.skipIf(!enabled)('README control-plane workflow', () => {
  let server: TestServer;
  let folder: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rampart-readme-'));
    server = await startTestServer({ dataDir: join(folder, '.rampart') });
  });
  afterAll(async () => {
    await server?.stop({ keepData: true });
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('runs as written: every command succeeds except the refusals, which fail with their EC2 codes', async () => {
    const { script, expectedFailures } = readmeWorkflowScript(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
    expect(expectedFailures).toEqual(['DependencyViolation', 'DependencyViolation', 'DependencyViolation', 'CannotDelete']);
    // Nothing of the host's AWS configuration leaks in: the block's export lines are the only configuration.
    const env: NodeJS.ProcessEnv = { AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true' };
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', script], { cwd: folder, env, maxBuffer: 16 << 20 }, (err, out, errOut) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: out, stderr: errOut }),
      );
    });
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout.match(/refused as expected: \w+/g)).toHaveLength(4);
    // The instance runs at once, with a public IP and the web group from the launch template.
    expect(stdout).toMatch(/"running",\s*"\d+\.\d+\.\d+\.\d+",\s*"web"/);
  });
});
