/**
 * The README walkthrough, answered by the real CLI on examples/tutorial: each verdict, its exit code, and the
 * stage and rule (or NACL entry, or default) that the explanation names.
 */
import { describe, expect, it } from 'vitest';
import { T, check } from './rampart-process.ts';
import { stageRows } from './table-rows.ts';

describe.concurrent('rampart check on the tutorial snapshot', () => {
  it('allows HTTPS from the internet to the web server\'s public IP', async () => {
    const r = await check('--from', '198.51.100.23', '--to', T.webPublicIp, '--proto', 'tcp', '--port', '443');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ALLOWED {2}tcp port 443 \(from port 49152\)$/m);
    expect(r.stdout).toContain('  from 198.51.100.23 (internet)\n');
    expect(r.stdout).toContain(`  to   ${T.webPublicIp} → 10.0.1.10 ${T.webEni} (${T.web} web-1) in subnet-0a1f2e3d4c5b6a798\n`);
    expect(stageRows(r.stdout)).toEqual([
      { n: '1', stage: 'route', at: '', result: 'allow', why: '0.0.0.0/0 via igw-0c4d5e6f7a8b9c0d1 (rtb-0e6f7a8b9c0d1e2f3)' },
      { n: '2', stage: 'NACL inbound', at: `${T.defaultAcl} on subnet-0a1f2e3d4c5b6a798`, result: 'allow', why: 'rule 100: allow all traffic from 0.0.0.0/0' },
      {
        n: '3',
        stage: 'SG ingress',
        at: `${T.webEni} (${T.web} web-1)`,
        result: 'allow',
        why: `sgr-0a11b22c33d44e552 of ${T.sgWeb} (web): tcp 443 from 0.0.0.0/0 "HTTPS from anywhere"`,
      },
    ]);
  });

  it('allows SSH from the office /32 to the web instance', async () => {
    const r = await check('--from', T.office, '--to', T.web, '--proto', 'tcp', '--port', '22');
    expect(r.code).toBe(0);
    expect(stageRows(r.stdout).at(-1)?.why).toBe(`sgr-0a11b22c33d44e553 of ${T.sgWeb} (web): tcp 22 from 203.0.113.10/32 "SSH from the office"`);
  });

  it('denies SSH from anywhere else, by the default deny of the web group\'s ingress', async () => {
    const r = await check('--from', '198.51.100.23', '--to', T.web, '--proto', 'tcp', '--port', '22');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DENIED at SG ingress {2}tcp port 22/m);
    expect(stageRows(r.stdout).at(-1)).toMatchObject({ stage: 'SG ingress', result: 'deny', why: `no ingress rule of ${T.sgWeb} (web) matches: denied by default` });
  });

  it('allows MySQL from the app instance to the database (group reference; same subnet, so no NACL)', async () => {
    const r = await check('--from', T.app, '--to', T.db, '--proto', 'tcp', '--port', '3306');
    expect(r.code).toBe(0);
    const rows = stageRows(r.stdout);
    expect(rows.map((s) => s.stage)).toEqual(['SG egress', 'SG ingress']);
    expect(rows[1].why).toBe(`sgr-0c33d44e55f66a771 of ${T.sgDb} (db): tcp 3306 from ${T.sgApp} (app) "MySQL from the app tier"`);
  });

  it('denies MySQL from the web instance: the NACL lets the subnet through, the db group does not', async () => {
    const r = await check('--from', T.web, '--to', T.db, '--proto', 'tcp', '--port', '3306');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DENIED at SG ingress/m);
    const rows = stageRows(r.stdout);
    expect(rows.map((s) => [s.stage, s.result])).toEqual([
      ['SG egress', 'allow'],
      ['NACL outbound', 'allow'],
      ['NACL inbound', 'allow'],
      ['SG ingress', 'deny'],
    ]);
    expect(rows[2]).toMatchObject({ at: `${T.privateAcl} on subnet-0b2e3f4a5c6d7e8f9`, why: 'rule 200: allow tcp all ports from 10.0.0.0/16' });
    expect(rows[3].why).toBe(`no ingress rule of ${T.sgDb} (db) matches: denied by default`);
  });

  it('denies SSH into the private subnet at the NACL, naming entry 100 (a deny before the allow of 200)', async () => {
    const r = await check('--from', T.web, '--to', T.app, '--proto', 'tcp', '--port', '22');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DENIED at NACL inbound/m);
    expect(stageRows(r.stdout).at(-1)).toEqual({
      n: '3',
      stage: 'NACL inbound',
      at: `${T.privateAcl} on subnet-0b2e3f4a5c6d7e8f9`,
      result: 'deny',
      why: 'rule 100: deny tcp 22 from 0.0.0.0/0',
    });
  });

  it('allows the web tier to reach the app tier on 8080', async () => {
    const r = await check('--from', T.webEni, '--to', '10.0.2.20', '--proto', 'tcp', '--port', '8080');
    expect(r.code).toBe(0);
    expect(stageRows(r.stdout).at(-1)?.why).toBe(`sgr-0b22c33d44e55f661 of ${T.sgApp} (app): tcp 8080 from ${T.sgWeb} (web) "from the web tier"`);
  });

  it('answers that the database is not reachable from the internet', async () => {
    const r = await check('--from', '198.51.100.23', '--to', T.db, '--proto', 'tcp', '--port', '3306');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DENIED at route/m);
    expect(stageRows(r.stdout)).toMatchObject([{ stage: 'route', result: 'deny' }]);
  });
});
