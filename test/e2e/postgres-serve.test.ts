/**
 * `rampart serve --store postgres://…` on a throwaway PostgreSQL cluster, driven with the AWS SDK for JS: every
 * acknowledged write survives kill -9 of the server; two servers on one database see each other's writes at once,
 * create one set of region defaults between them, and concurrent writers through both end in exactly the expected state.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { describeWithPostgres, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { runRampart, startTestServer, type TestServer } from '../helpers/server.ts';
import { expectAcknowledgedGroupsAfterRestart, killNineDuringWriteStorm } from '../helpers/write-storm.ts';

const tcp = (port: number) => [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }];

async function ingressPorts(ec2: EC2Client, groupId: string): Promise<number[]> {
  const { SecurityGroupRules } = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }));
  return SecurityGroupRules!.filter((r) => !r.IsEgress).map((r) => r.FromPort!).sort((a, b) => a - b);
}

/** A second server on the same database: it gets the first one's credentials files, as an operator would copy them. */
async function startSibling(first: TestServer, store: string): Promise<TestServer & { cleanup(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-e2e-'));
  for (const f of ['credentials', 'config']) copyFileSync(join(first.dataDir, f), join(dataDir, f));
  const server = await startTestServer({ dataDir, store });
  return Object.assign(server, {
    async cleanup() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

describeWithPostgres('rampart serve on PostgreSQL', (binaries) => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres(binaries);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('refuses a store it cannot use with a message, not a hang or a stack trace', async () => {
    const [unsupported, unreachable] = await Promise.all([
      runRampart(['serve', '--port', '0', '--store', 'mysql://root@127.0.0.1/x']),
      // Port 1 on loopback: nothing listens there, so the connection is refused at once.
      runRampart(['accounts', 'list', '--store', 'postgres://rampart@127.0.0.1:1/none']),
    ]);
    expect(unsupported.code).toBe(2); // a usage error
    expect(unsupported.stderr).toContain('expected postgres://user@host:port/database');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^rampart accounts: cannot open the store: .*ECONNREFUSED/);
    expect(unreachable.stderr).not.toContain('    at ');
  });

  it('keeps every acknowledged write through kill -9 of the server', async () => {
    const store = await cluster.createDatabase('kill9');
    const first = await startTestServer({ store });
    const acknowledged = await killNineDuringWriteStorm(first, 30, () => {
      // The state lives in PostgreSQL: the data directory holds no SQLite database.
      expect(existsSync(join(first.dataDir, 'rampart.db'))).toBe(false);
    });
    await expectAcknowledgedGroupsAfterRestart(first, acknowledged, { store });
  });

  it('lets two servers on one database see each other\'s writes at once and write the same region together', async () => {
    const store = await cluster.createDatabase('siblings');
    const a = await startTestServer({ store });
    const b = await startSibling(a, store).catch(async (e: unknown) => {
      await a.stop();
      throw e;
    });
    const ecA = ec2Client(a);
    const ecB = ec2Client(b);
    try {
      // Both touch a fresh region at once: exactly one default VPC between them.
      const [vpcsA, vpcsB] = await Promise.all([ecA.send(new DescribeVpcsCommand({})), ecB.send(new DescribeVpcsCommand({}))]);
      const defaultOf = (r: typeof vpcsA) => r.Vpcs!.filter((v) => v.IsDefault).map((v) => v.VpcId);
      expect(defaultOf(vpcsA)).toHaveLength(1);
      expect(defaultOf(vpcsB)).toEqual(defaultOf(vpcsA));

      // Read-your-writes across servers: created on A, used on B at once, and the other way round.
      const { GroupId } = await ecA.send(new CreateSecurityGroupCommand({ GroupName: 'shared', Description: 'both servers' }));
      await ecB.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: tcp(1) }));
      expect(await ingressPorts(ecA, GroupId!)).toEqual([1]);
      expect((await ec2Failure(ecA.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: tcp(1) })))).code).toBe('InvalidPermission.Duplicate');

      // Concurrent writers on both servers, all on one group: every rule lands once, and both servers agree.
      const ports = Array.from({ length: 40 }, (_, i) => i + 2);
      await Promise.all(
        [0, 1, 2, 3].map(async (writer) => {
          const ec2 = writer % 2 === 0 ? ecA : ecB;
          for (const port of ports.filter((p) => p % 4 === writer)) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: tcp(port) }));
        }),
      );
      const expected = [1, ...ports];
      expect(await ingressPorts(ecA, GroupId!)).toEqual(expected);
      expect(await ingressPorts(ecB, GroupId!)).toEqual(expected);

      // An account made with `rampart accounts` beside both servers works on them at once. The store comes from
      // RAMPART_STORE this time (the child inherits this process's environment).
      process.env.RAMPART_STORE = store;
      const made = await runRampart(['accounts', 'create', '--json']).finally(() => delete process.env.RAMPART_STORE);
      expect(made.code, made.stderr).toBe(0);
      const key = JSON.parse(made.stdout) as { accountId: string; accessKeyId: string; secretAccessKey: string };
      const other = ec2Client(b, { credentials: key });
      try {
        const { SecurityGroups } = await other.send(new DescribeSecurityGroupsCommand({}));
        expect(SecurityGroups!.map((g) => g.OwnerId)).toEqual([key.accountId]);
      } finally {
        other.destroy();
      }
    } finally {
      ecA.destroy();
      ecB.destroy();
      await b.cleanup();
      await a.stop();
    }
  });
});
