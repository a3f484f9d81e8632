/**
 * Bad input to `rampart check`: each case exits 2 with one clear line on stderr and nothing on stdout
 * (commander's own default would be 1, which means "denied" here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T, TUTORIAL, check, rampart } from './rampart-process.ts';

const FLOW = ['--proto', 'tcp', '--port', '22'];
let broken: string;

beforeAll(() => {
  // A copy of the tutorial whose web group has an SSH rule from a /33.
  broken = mkdtempSync(join(tmpdir(), 'rampart-check-'));
  cpSync(TUTORIAL, broken, { recursive: true });
  const file = join(broken, 'security-groups.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"203.0.113.10/32"', '"203.0.113.10/33"'));
  writeFileSync(join(broken, 'security-group-rules.json'), '{ "SecurityGroupRules": [] }');
});
afterAll(() => rmSync(broken, { recursive: true, force: true }));

async function expectBadInput(run: Promise<{ code: number; stdout: string; stderr: string }>, message: string | RegExp) {
  const r = await run;
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  if (typeof message === 'string') expect(r.stderr.trim()).toBe(message);
  else expect(r.stderr.trim()).toMatch(message);
  expect(r.code).toBe(2);
}

describe.concurrent('rampart check: bad input exits 2 with a clear message', () => {
  it('a CIDR /33 as an address', () =>
    expectBadInput(
      check('--from', '10.0.0.0/33', '--to', T.web, ...FLOW),
      "error: option '--from <endpoint>' argument '10.0.0.0/33' is invalid. not an address, and not even a valid CIDR: /33 is not a prefix length for IPv4 (0-32).",
    ));

  it('an address that is not one', () =>
    expectBadInput(
      check('--from', '10.0.0.256', '--to', T.web, ...FLOW),
      "error: option '--from <endpoint>' argument '10.0.0.256' is invalid. not an IP address, an eni-… or an i-… id.",
    ));

  it('port 70000', () =>
    expectBadInput(
      check('--from', T.office, '--to', T.web, '--proto', 'tcp', '--port', '70000'),
      "error: option '--port <n>' argument '70000' is invalid. not a port (0-65535).",
    ));

  it('protocol foo', () =>
    expectBadInput(
      check('--from', T.office, '--to', T.web, '--proto', 'foo', '--port', '22'),
      "error: option '--proto <protocol>' argument 'foo' is invalid. unknown protocol: use tcp, udp, icmp, icmpv6 or a number 0-255.",
    ));

  it('an unknown interface', () =>
    expectBadInput(
      check('--from', T.office, '--to', 'eni-0123456789abcdef0', ...FLOW),
      "error: The networkInterface ID 'eni-0123456789abcdef0' does not exist in the snapshot",
    ));

  it('an unknown instance', () =>
    expectBadInput(check('--from', 'i-0123456789abcdef0', '--to', T.db, ...FLOW), "error: The instance ID 'i-0123456789abcdef0' does not exist in the snapshot"));

  it('a missing snapshot', () =>
    expectBadInput(rampart('check', '--snapshot', 'no/such/folder', '--from', T.office, '--to', T.web, ...FLOW), "error: snapshot 'no/such/folder' does not exist"));

  it('a snapshot with a CIDR /33 in it, naming the file and the item', () =>
    expectBadInput(
      rampart('check', '--snapshot', broken, '--from', T.office, '--to', T.web, ...FLOW),
      'error: security-groups.json: SecurityGroups[1] (sg-0123abcd4567ef890).IpPermissions[2].IpRanges[0].CidrIp: Value (203.0.113.10/33) for parameter cidrIp is invalid. This is not a valid IPv4 CIDR block.',
    ));

  it('tcp without --port', () => expectBadInput(check('--from', T.office, '--to', T.web, '--proto', 'tcp'), 'error: --port is required with --proto tcp'));

  it('a missing required option', () =>
    expectBadInput(check('--to', T.web, ...FLOW), "error: required option '--from <endpoint>' not specified"));

  it('both ends on the internet', () =>
    expectBadInput(
      check('--from', T.office, '--to', '198.51.100.1', ...FLOW),
      'error: both --from and --to are outside the snapshot (internet addresses); one end must be an interface of the snapshot',
    ));
});
