/**
 * `rampart audit` as a process: exit codes (0 / 1 at or above --fail-on / 2 bad input), formats, --output,
 * suppressions (an expired entry stops suppressing and says so) and baselines (only what is new is reported).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register } from '../../src/cli/commands/audit.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'audit');
const tmp = mkdtempSync(join(tmpdir(), 'rampart-audit-cli-'));

/** A real process: what CI and shells see (start-up costs seconds, so only a few tests use it). */
function rampartProcess(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'rampart.js'), 'audit', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command in this process, through commander, with standard output and error captured. */
async function rampart(...args: string[]) {
  const program = new Command('rampart').exitOverride();
  register(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync(['node', 'rampart', 'audit', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch {
    code = 2; // commander usage error (the real CLI maps these to 2)
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
  return { code, stdout, stderr };
}

describe('rampart audit (process)', () => {
  it('exits 1 on findings at or above --fail-on, 0 below it; the table is grouped by resource without colour when piped', () => {
    const web = join(FIXTURES, 'cloudformation', 'web-server.yaml');
    const failing = rampartProcess('--cfn', web);
    expect(failing.code, failing.stderr).toBe(1);
    expect(failing.stdout).toContain('■ WebSg');
    expect(failing.stdout).toContain('RCH-001');
    expect(failing.stdout).not.toMatch(new RegExp(String.fromCharCode(27) + "\\["));
    expect(rampartProcess('--cfn', web, '--format', 'bogus').code).toBe(2);
  });

  it('exits 0 below --fail-on, and 2 on bad input and on usage errors', async () => {
    expect((await rampart('--cfn', join(FIXTURES, 'cloudformation', 'web-server.yaml'), '--fail-on', 'none')).code).toBe(0);
    expect((await rampart()).code).toBe(2);
    expect((await rampart('--cfn', join(FIXTURES, 'no-such-file.yaml'))).code).toBe(2);
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"SecurityGroups": [ {"GroupId": "sg-1"} ]}');
    const r = await rampart('--snapshot', bad.replace(/bad\.json$/, ''), '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GroupName/);
    expect((await rampart('--cfn', 'x.yaml', '--format', 'xml')).code).toBe(2);
    expect((await rampart('--cfn', 'x.yaml', '--fail-on', 'severe')).code).toBe(2);
  });

  it('applies suppressions (expired ones stop suppressing and say so) and baselines', async () => {
    const plan = join(FIXTURES, 'terraform', 'web.plan.json');
    const suppressions = join(tmp, 'suppressions.yaml');
    writeFileSync(
      suppressions,
      [
        'suppressions:',
        '  - check: SG-001',
        '    resource: aws_security_group.web',
        '    reason: tutorial box, torn down nightly',
        '    expiry: 2099-12-31',
        '  - check: RCH-001',
        '    resource: "aws_instance.*"',
        '    reason: was accepted last year',
        '    expiry: 2020-01-31',
      ].join('\n'),
    );
    const baseline = join(tmp, 'baseline.json');
    const first = await rampart('--tf-plan', plan, '--format', 'json', '--suppressions', suppressions, '-o', baseline);
    expect(first.code).toBe(1); // RCH-001 is no longer suppressed
    const report = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(report.schema).toBe('rampart.audit.report');
    expect(report.notices.join('\n')).toMatch(/RCH-001 on aws_instance\.\* expired on 2020-01-31/);
    const sg001 = report.findings.find((f: { checkId: string }) => f.checkId === 'SG-001');
    expect(sg001.suppression.reason).toBe('tutorial box, torn down nightly');
    const again = await rampart('--tf-plan', plan, '--format', 'json', '--baseline', baseline);
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout);
    expect(second.findings).toEqual([]);
    expect(second.summary.baselineMatched).toBe(report.findings.length);
  });

  it('writes SARIF and a self-contained HTML file', async () => {
    const snapshot = join(FIXTURES, 'snapshot', 'reachability');
    const html = join(tmp, 'report.html');
    expect((await rampart('--snapshot', snapshot, '--format', 'html', '-o', html, '--fail-on', 'none')).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(page).toContain('data-check="RCH-001"');
    const sarif = JSON.parse((await rampart('--snapshot', snapshot, '--format', 'sarif', '--region', 'eu-west-1')).stdout);
    expect(sarif.version).toBe('2.1.0');
  });
});
