/**
 * The compute flow of the tutorial with the real `aws` CLI (issue 5 §7), configured only through the server's
 * DATA/credentials and DATA/config: a launch template whose interface carries a group and a public IP, `run-instances`
 * from it, and `describe-instances` showing the instance `running` with its public IP — in a subnet that does not map
 * public IPs, so the address can only come from the template's AssociatePublicIpAddress.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAwsCli, requireClient } from '../helpers/real-clients.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const enabled = requireClient('aws CLI', hasAwsCli());
let server: TestServer;

interface CliResult {
  readonly code: number;
  readonly json: unknown;
  readonly stderr: string;
}

function aws(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('aws', ['ec2', ...args, '--output', 'json'], { env: server.clientEnv }, (err, stdout, stderr) => {
      let json: unknown = undefined;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, json, stderr });
    });
  });
}

async function ok(...args: string[]): Promise<unknown> {
  const r = await aws(...args);
  expect(r.code, `aws ec2 ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.json;
}

describe.skipIf(!enabled)('aws CLI: launch template → run-instances → describe-instances', () => {
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('launches from a template whose interface carries the group and a public IP', async () => {
    const vpcId = (await ok('create-vpc', '--cidr-block', '10.60.0.0/16', '--query', 'Vpc.VpcId')) as string;
    // Each aws CLI call costs a Python start-up of seconds on a loaded machine: independent steps run side by side.
    const [subnetId, groupId] = (await Promise.all([
      ok('create-subnet', '--vpc-id', vpcId, '--cidr-block', '10.60.1.0/24', '--query', 'Subnet.SubnetId'),
      ok('create-security-group', '--group-name', 'web', '--description', 'web tier', '--vpc-id', vpcId, '--query', 'GroupId'),
    ])) as [string, string];
    const data = {
      ImageId: 'ami-0abcdef1234567890',
      InstanceType: 't3.micro',
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [groupId], AssociatePublicIpAddress: true }],
    };
    const template = (await ok('create-launch-template', '--launch-template-name', 'cli-web', '--version-description', 'WebVersion1', '--launch-template-data', JSON.stringify(data))) as {
      LaunchTemplate: { LaunchTemplateId: string; DefaultVersionNumber: number };
    };
    expect(template.LaunchTemplate.DefaultVersionNumber).toBe(1);

    const run = (await ok('run-instances', '--launch-template', 'LaunchTemplateName=cli-web,Version=$Latest', '--count', '1')) as {
      Instances: { InstanceId: string; State: { Name: string } }[];
    };
    expect(run.Instances).toHaveLength(1);
    expect(run.Instances[0].State.Name).toBe('pending');
    const instanceId = run.Instances[0].InstanceId;

    const shown = (await ok(
      'describe-instances',
      '--instance-ids',
      instanceId,
      '--query',
      'Reservations[0].Instances[0].{state:State.Name,ip:PublicIpAddress,groups:SecurityGroups[].GroupId,subnet:SubnetId,nicIp:NetworkInterfaces[0].Association.PublicIp}',
    )) as { state: string; ip: string; groups: string[]; subnet: string; nicIp: string };
    expect(shown.state).toBe('running');
    expect(shown.ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
    expect(shown.nicIp).toBe(shown.ip);
    expect(shown.groups).toEqual([groupId]);
    expect(shown.subnet).toBe(subnetId);
  });
});
