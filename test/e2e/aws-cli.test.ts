/**
 * The tutorial workflow with the real `aws` CLI, configured only through the DATA/credentials and DATA/config files the
 * server wrote (issue 5 §5, §7): exactly what a user gets after the three `export` lines.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAwsCli, requireClient } from '../helpers/real-clients.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const enabled = requireClient('aws CLI', hasAwsCli());
let server: TestServer;

interface CliResult {
  readonly code: number;
  readonly json: Record<string, unknown> & { [k: string]: unknown };
  readonly text: string;
  readonly stderr: string;
}

function aws(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('aws', ['ec2', ...args, '--output', 'json'], { env: server.clientEnv }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      let json = {};
      try {
        json = stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
      } catch {
        json = {};
      }
      resolve({ code, json, text: stdout.trim(), stderr });
    });
  });
}

const errorCodeOf = (r: CliResult): string | undefined => /An error occurred \(([^)]+)\)/.exec(r.stderr)?.[1];

describe.skipIf(!enabled)('aws CLI', () => {
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs the tutorial workflow and the deletions that must fail', async () => {
    const vpcId = (await aws('create-vpc', '--cidr-block', '10.0.0.0/16', '--query', 'Vpc.VpcId')).json as unknown as string;
    expect(vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    // Each aws CLI call costs a Python start-up of a few seconds on a loaded machine: independent steps run side by side.
    const createGroup = async (name: string, description: string): Promise<string> =>
      (await aws('create-security-group', '--group-name', name, '--description', description, '--vpc-id', vpcId, '--query', 'GroupId')).json as unknown as string;
    const [subnet, web, app, db] = await Promise.all([
      aws('create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.0.1.0/24'),
      createGroup('web', 'Web servers'),
      createGroup('app', 'App servers'),
      createGroup('db', 'Database'),
    ]);
    expect(subnet.json).toMatchObject({ Subnet: { VpcId: vpcId, CidrBlock: '10.0.1.0/24' } });

    const ingress = async (): Promise<void> => {
      // Wide open, then tightened to 80/443, then SSH from the office (the CLI's shorthand forms).
      expect((await aws('authorize-security-group-ingress', '--group-id', web, '--protocol', 'all', '--cidr', '0.0.0.0/0')).code).toBe(0);
      expect((await aws('revoke-security-group-ingress', '--group-id', web, '--protocol', 'all', '--cidr', '0.0.0.0/0')).code).toBe(0);
      const tighten = await aws(
        'authorize-security-group-ingress',
        '--group-id',
        web,
        '--ip-permissions',
        'IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=0.0.0.0/0}]',
        'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]',
      );
      expect(tighten.json.Return).toBe(true);
      expect((await aws('authorize-security-group-ingress', '--group-id', web, '--protocol', 'tcp', '--port', '22', '--cidr', '203.0.113.7/32')).code).toBe(0);
    };
    const egress = async (): Promise<void> => {
      expect((await aws('revoke-security-group-egress', '--group-id', web, '--ip-permissions', 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]')).code).toBe(0);
      expect((await aws('authorize-security-group-egress', '--group-id', web, '--ip-permissions', 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]')).code).toBe(0);
    };
    const database = async (): Promise<void> => {
      expect((await aws('authorize-security-group-ingress', '--group-id', db, '--protocol', 'tcp', '--port', '3306', '--source-group', app)).code).toBe(0);
    };
    await Promise.all([ingress(), egress(), database()]);

    const [described, inUse, vpcInUse] = await Promise.all([
      aws('describe-security-groups', '--group-ids', web, db, '--query', 'SecurityGroups[].[GroupName, length(IpPermissions), length(IpPermissionsEgress)]'),
      aws('delete-security-group', '--group-id', app),
      aws('delete-vpc', '--vpc-id', vpcId),
    ]);
    expect(described.json).toEqual([
      ['web', 3, 1],
      ['db', 1, 1],
    ]);
    // The deletions that must fail (the SDK suite covers the others).
    expect(inUse.code).not.toBe(0);
    expect(errorCodeOf(inUse)).toBe('DependencyViolation');
    expect(errorCodeOf(vpcInUse)).toBe('DependencyViolation');
  });
});
