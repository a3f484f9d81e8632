/**
 * `POST /_rampart/v1/decide` over HTTP on the tutorial estate (issue 5 §1, §7): a web server open on 80/443 to
 * anywhere and on SSH to 203.0.113.10/32 only, an app tier, a database admitting 3306 from the app group only — built
 * with @aws-sdk/client-ec2 (groups, RunInstances in the default VPC with public IPs), then asked flow by flow. Every
 * later change (a group rule, an instance's groups, an Elastic IP, a prefix list's entries, a termination) must show in
 * the next decision: the engine is kept in step with each commit.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  ModifyInstanceAttributeCommand,
  ModifyManagedPrefixListCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Instance,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { signedPost } from '../helpers/sign.ts';

let server: TestServer;
let ec2: EC2Client;
let groups: { web: string; app: string; db: string };
let hosts: { web: Instance; app: Instance; db: Instance };

const tcp = (port: number, source: Partial<IpPermission>): IpPermission => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, ...source });

async function decide(from: string, to: string, port: number): Promise<{ status: number; body: { allowed?: boolean; error?: { code: string } } }> {
  const r = await signedPost(server.url, '/_rampart/v1/decide', JSON.stringify({ from, to, proto: 'tcp', port }), 'application/json', { credentials: server.credentials });
  return { status: r.status, body: JSON.parse(r.text) };
}

async function allowed(from: string, to: string, port: number): Promise<boolean> {
  const r = await decide(from, to, port);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.allowed!;
}

async function described(id: string): Promise<Instance> {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0];
}

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server);
  const group = async (name: string) => (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} tier` }))).GroupId!;
  groups = { web: await group('web'), app: await group('app'), db: await group('db') };
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groups.web,
      IpPermissions: [tcp(80, { IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), tcp(443, { IpRanges: [{ CidrIp: '0.0.0.0/0' }] }), tcp(22, { IpRanges: [{ CidrIp: '203.0.113.10/32' }] })],
    }),
  );
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groups.db, IpPermissions: [tcp(3306, { UserIdGroupPairs: [{ GroupId: groups.app }] })] }));
  const launch = async (group: string) => {
    const r = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SecurityGroupIds: [group] }));
    return described(r.Instances![0].InstanceId!);
  };
  hosts = { web: await launch(groups.web), app: await launch(groups.app), db: await launch(groups.db) };
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

describe('decide on the tutorial estate', () => {
  it('lets the internet reach the web server on 80 and 443 only, and SSH only from 203.0.113.10', async () => {
    const web = hosts.web.PublicIpAddress!;
    expect(web).toBeDefined();
    expect(await allowed('198.51.100.7', web, 80)).toBe(true);
    expect(await allowed('198.51.100.7', web, 443)).toBe(true);
    expect(await allowed('198.51.100.7', web, 8080)).toBe(false);
    expect(await allowed('203.0.113.10', web, 22)).toBe(true);
    expect(await allowed('203.0.113.11', web, 22)).toBe(false);
    // The explanation names the group rule that admitted the flow.
    const why = await decide('198.51.100.7', web, 443);
    expect(JSON.stringify(why.body)).toContain(groups.web);
  });

  it('lets only the app tier reach the database on 3306, by private address', async () => {
    expect(await allowed(hosts.app.PrivateIpAddress!, hosts.db.PrivateIpAddress!, 3306)).toBe(true);
    expect(await allowed(hosts.web.PrivateIpAddress!, hosts.db.PrivateIpAddress!, 3306)).toBe(false);
    expect(await allowed('198.51.100.7', hosts.db.PublicIpAddress!, 3306)).toBe(false);
    expect(await allowed(hosts.app.PrivateIpAddress!, hosts.db.PrivateIpAddress!, 22)).toBe(false);
  });

  it('follows each change: an instance joining a group, an Elastic IP, a prefix list edit, a termination', async () => {
    // The web server joins the app group (ModifyInstanceAttribute → its primary interface): it may now reach the db.
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: hosts.web.InstanceId, Groups: [groups.web, groups.app] }));
    expect(await allowed(hosts.web.PrivateIpAddress!, hosts.db.PrivateIpAddress!, 3306)).toBe(true);

    // An Elastic IP becomes the web server's public address.
    const eip = await ec2.send(new AllocateAddressCommand({}));
    await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: hosts.web.InstanceId }));
    expect(await allowed('198.51.100.7', eip.PublicIp!, 443)).toBe(true);

    // A prefix-list rule follows the list's current entries (§4.13).
    const { PrefixList } = await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'office', AddressFamily: 'IPv4', MaxEntries: 5, Entries: [{ Cidr: '203.0.113.0/24' }] }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groups.web, IpPermissions: [tcp(8443, { PrefixListIds: [{ PrefixListId: PrefixList!.PrefixListId }] })] }));
    expect(await allowed('203.0.113.99', eip.PublicIp!, 8443)).toBe(true);
    await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: PrefixList!.PrefixListId, CurrentVersion: 1, RemoveEntries: [{ Cidr: '203.0.113.0/24' }], AddEntries: [{ Cidr: '192.0.2.0/24' }] }));
    expect(await allowed('203.0.113.99', eip.PublicIp!, 8443)).toBe(false);
    expect(await allowed('192.0.2.1', eip.PublicIp!, 8443)).toBe(true);

    // Once the database is terminated its address belongs to no interface: both ends are "the internet", a 400.
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [hosts.db.InstanceId!] }));
    const gone = await decide('198.51.100.7', hosts.db.PrivateIpAddress!, 3306);
    expect(gone.status).toBe(400);
    // All of it through incremental updates: no update failed and forced a rebuild.
    expect(server.output()).not.toContain('engine update failed');
  });
});
