/**
 * Network interfaces through @aws-sdk/client-ec2 against a real `rampart serve` process (aws-semantics.md §3.15,
 * §3.14, §5.8, fact 5): addresses from the subnet avoiding the reserved five, groups (default, same VPC, quota),
 * conntrack timeouts and their ranges, ModifyNetworkInterfaceAttribute one attribute at a time, attach/detach,
 * delete only when detached, the dependencies interfaces create (groups, subnets), filters, ClientToken.
 */
import {
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DetachNetworkInterfaceCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RunInstancesCommand,
  type CreateNetworkInterfaceCommandInput,
  type EC2Client,
  type NetworkInterface,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;
let otherVpcGroup: string;
let app: string;

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server);
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.1.0/24' }))).Subnet!.SubnetId!;
  app = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'app', Description: 'app' }))).GroupId!;
  // A group of the default VPC, to mix networks on purpose.
  otherVpcGroup = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'elsewhere', Description: 'default VPC' }))).GroupId!;
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

async function create(input: Partial<CreateNetworkInterfaceCommandInput> = {}): Promise<NetworkInterface> {
  return (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, ...input }))).NetworkInterface!;
}

async function eni(id: string): Promise<NetworkInterface> {
  return (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] }))).NetworkInterfaces![0];
}

async function interfaceCount(): Promise<number> {
  return (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: [subnetId] }] }))).NetworkInterfaces!.length;
}

async function available(): Promise<number> {
  return (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0].AvailableIpAddressCount!;
}

describe('CreateNetworkInterface (§3.15)', () => {
  it('creates an interface with the VPC default group, addresses from the subnet, and counts them against the subnet', async () => {
    const free = await available();
    const created = await create({ Description: 'plain', SecondaryPrivateIpAddressCount: 2, TagSpecifications: [{ ResourceType: 'network-interface', Tags: [{ Key: 'k', Value: 'v' }] }] });
    // CLI-EX: the answer says `pending`; describes say `available`.
    expect(created.Status).toBe('pending');
    const e = await eni(created.NetworkInterfaceId!);
    expect(e.Status).toBe('available');
    expect(e.Groups).toEqual([expect.objectContaining({ GroupName: 'default' })]);
    expect(e.PrivateIpAddresses).toHaveLength(3);
    expect(e.PrivateIpAddresses!.filter((a) => a.Primary)).toEqual([expect.objectContaining({ PrivateIpAddress: e.PrivateIpAddress })]);
    for (const a of e.PrivateIpAddresses!) {
      const last = Number(a.PrivateIpAddress!.split('.')[3]);
      expect(a.PrivateIpAddress!.startsWith('10.30.1.')).toBe(true);
      // The network address, .1 router, .2 DNS, .3 reserved and .255 broadcast are never handed out (§3.14).
      expect(last).toBeGreaterThanOrEqual(4);
      expect(last).toBeLessThanOrEqual(254);
    }
    expect(e.MacAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(e.PrivateDnsName).toBe(`ip-${e.PrivateIpAddress!.replaceAll('.', '-')}.ec2.internal`);
    expect(e.SourceDestCheck).toBe(true);
    expect(e.TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(e.InterfaceType).toBe('interface');
    expect(await available()).toBe(free - 3);
  });

  it('takes the addresses it is given, and refuses taken, reserved or foreign ones without creating anything', async () => {
    const e = await create({ PrivateIpAddress: '10.30.1.50', PrivateIpAddresses: [{ PrivateIpAddress: '10.30.1.51' }], Groups: [app] });
    expect(e.PrivateIpAddress).toBe('10.30.1.50');
    expect(e.PrivateIpAddresses!.map((a) => [a.PrivateIpAddress, a.Primary])).toEqual([
      ['10.30.1.50', true],
      ['10.30.1.51', false],
    ]);
    const before = await interfaceCount();
    expect((await ec2Failure(create({ PrivateIpAddress: '10.30.1.50' }))).code).toBe('InvalidIPAddress.InUse');
    expect((await ec2Failure(create({ PrivateIpAddress: '10.30.1.1' }))).code).toBe('InvalidParameterValue');
    const outside = await ec2Failure(create({ PrivateIpAddress: '10.30.9.9' }));
    expect(outside.code).toBe('InvalidParameterValue');
    expect(outside.message).toContain("does not fall within the subnet's address range");
    expect((await ec2Failure(create({ SecondaryPrivateIpAddressCount: 60 }))).code).toBe('PrivateIpAddressLimitExceeded');
    expect((await ec2Failure(create({ Ipv6AddressCount: 1 }))).code).toBe('InvalidParameterValue');
    expect(await interfaceCount()).toBe(before);
  });

  it('checks groups: same VPC (InvalidParameter), existing, at most 5 (observed InvalidParameterValue message)', async () => {
    const before = await interfaceCount();
    const mixed = await ec2Failure(create({ Groups: [otherVpcGroup] }));
    expect(mixed.code).toBe('InvalidParameter');
    expect(mixed.message).toContain('belong to different networks');
    expect((await ec2Failure(create({ Groups: ['sg-0000000000000000a'] }))).code).toBe('InvalidGroup.NotFound');
    const six = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (n) => (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `g${n}`, Description: 'x' }))).GroupId!),
    );
    const tooMany = await ec2Failure(create({ Groups: six }));
    expect(tooMany.code).toBe('InvalidParameterValue');
    expect(tooMany.message).toContain(`user ${server.accountId} exceeded limit 5 on the number of interface security group memberships`);
    expect(await interfaceCount()).toBe(before);
    const five = await create({ Groups: six.slice(0, 5) });
    expect(five.Groups!.map((g) => g.GroupId)).toEqual(six.slice(0, 5));
  });

  it('keeps connection tracking timeouts within EC2 ranges (§5.8)', async () => {
    const e = await create({ ConnectionTrackingSpecification: { TcpEstablishedTimeout: 120, UdpTimeout: 45 } });
    expect((await eni(e.NetworkInterfaceId!)).ConnectionTrackingConfiguration).toEqual({ TcpEstablishedTimeout: 120, UdpStreamTimeout: 180, UdpTimeout: 45 });
    const before = await interfaceCount();
    for (const bad of [{ TcpEstablishedTimeout: 59 }, { TcpEstablishedTimeout: 432001 }, { UdpTimeout: 61 }, { UdpStreamTimeout: 59 }]) {
      expect((await ec2Failure(create({ ConnectionTrackingSpecification: bad }))).code, JSON.stringify(bad)).toBe('InvalidParameterValue');
    }
    expect(await interfaceCount()).toBe(before);
  });

  it('is idempotent with ClientToken', async () => {
    const a = await create({ ClientToken: 'eni-token', Description: 'once' });
    const b = await create({ ClientToken: 'eni-token', Description: 'once' });
    expect(b.NetworkInterfaceId).toBe(a.NetworkInterfaceId);
    expect((await ec2Failure(create({ ClientToken: 'eni-token', Description: 'twice' }))).code).toBe('IdempotentParameterMismatch');
  });
});

describe('ModifyNetworkInterfaceAttribute (§3.15)', () => {
  it('replaces the group set, one attribute at a time, within the quota, and merges conntrack timeouts', async () => {
    const e = await create({ Groups: [app] });
    const id = e.NetworkInterfaceId!;
    const extra = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'extra', Description: 'x' }))).GroupId!;
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: [extra] }));
    expect((await eni(id)).Groups!.map((g) => g.GroupId)).toEqual([extra]);

    const many = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['g*'] }] }))).SecurityGroups!.map((g) => g.GroupId!);
    expect(many.length).toBeGreaterThan(5);
    expect((await ec2Failure(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: many })))).code).toBe('SecurityGroupsPerInterfaceLimitExceeded');
    expect((await ec2Failure(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: [otherVpcGroup] })))).code).toBe('InvalidParameter');
    expect((await ec2Failure(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: ['app'] })))).code).toBe('InvalidGroupId.Malformed');
    const two = await ec2Failure(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: [app], SourceDestCheck: { Value: false } })));
    expect(two.code).toBe('InvalidParameterCombination');
    expect((await eni(id)).Groups!.map((g) => g.GroupId)).toEqual([extra]);
    expect((await eni(id)).SourceDestCheck).toBe(true);

    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, SourceDestCheck: { Value: false } }));
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Description: { Value: 'nat box' } }));
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, ConnectionTrackingSpecification: { UdpStreamTimeout: 90 } }));
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, ConnectionTrackingSpecification: { TcpEstablishedTimeout: 3600 } }));
    const after = await eni(id);
    expect([after.SourceDestCheck, after.Description]).toEqual([false, 'nat box']);
    expect(after.ConnectionTrackingConfiguration).toEqual({ TcpEstablishedTimeout: 3600, UdpStreamTimeout: 90, UdpTimeout: 30 });
    expect((await ec2Failure(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: 'eni-0000000000000000a', Description: { Value: 'x' } })))).code).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
  });
});

describe('interfaces, instances and dependencies', () => {
  it('attaches to a running instance, cannot be deleted while attached, detaches (not device 0), then deletes', async () => {
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [app] }));
    const instanceId = run.Instances![0].InstanceId!;
    const primaryAttachment = run.Instances![0].NetworkInterfaces![0].Attachment!.AttachmentId!;
    const e = await create({ Groups: [app] });
    const id = e.NetworkInterfaceId!;
    const taken = await ec2Failure(ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: id, InstanceId: instanceId, DeviceIndex: 0 })));
    expect(taken.code).toBe('InvalidParameterValue');
    const { AttachmentId } = await ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: id, InstanceId: instanceId, DeviceIndex: 1 }));
    expect(AttachmentId).toMatch(/^eni-attach-[0-9a-f]{17}$/);
    const attached = await eni(id);
    expect(attached.Status).toBe('in-use');
    expect(attached.Attachment).toMatchObject({ InstanceId: instanceId, DeviceIndex: 1, DeleteOnTermination: false, Status: 'attached' });
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(Reservations![0].Instances![0].NetworkInterfaces!.map((n) => n.NetworkInterfaceId)).toEqual([run.Instances![0].NetworkInterfaces![0].NetworkInterfaceId, id]);

    const inUse = await ec2Failure(ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id })));
    expect(inUse.code).toBe('InvalidNetworkInterface.InUse');
    expect((await ec2Failure(ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: id, InstanceId: instanceId, DeviceIndex: 2 })))).code).toBe('InvalidNetworkInterface.InUse');
    const primary = await ec2Failure(ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: primaryAttachment })));
    expect([primary.code, primary.message]).toEqual(['OperationNotPermitted', 'The network interface at device index 0 cannot be detached.']);
    expect((await ec2Failure(ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: 'eni-attach-0000000000000000a' })))).code).toBe('InvalidAttachmentID.NotFound');

    await ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId }));
    expect((await eni(id)).Status).toBe('available');
    await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id }));
    expect((await ec2Failure(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] })))).code).toBe('InvalidNetworkInterfaceID.NotFound');
  });

  it('holds its groups and its subnet: DeleteSecurityGroup and DeleteSubnet answer DependencyViolation (fact 5)', async () => {
    const g = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'held', Description: 'x' }))).GroupId!;
    const s = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.7.0/24' }))).Subnet!.SubnetId!;
    const e = await create({ SubnetId: s, Groups: [g] });
    const f = await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupId: g })));
    expect([f.code, f.message]).toEqual(['DependencyViolation', `resource ${g} has a dependent object`]);
    expect((await ec2Failure(ec2.send(new DeleteSubnetCommand({ SubnetId: s })))).code).toBe('DependencyViolation');
    await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: e.NetworkInterfaceId }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: s }));
  });

  it('filters describes by group, address, status, attachment and tags', async () => {
    // A subnet of its own: earlier tests' interfaces hold random addresses of the shared one, and one may be .77.
    const own = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.8.0/24' }))).Subnet!.SubnetId!;
    const e = await create({ SubnetId: own, Groups: [app], PrivateIpAddress: '10.30.8.77', TagSpecifications: [{ ResourceType: 'network-interface', Tags: [{ Key: 'find', Value: 'me' }] }] });
    const ids = async (name: string, value: string) =>
      (await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: name, Values: [value] }] }))).NetworkInterfaces!.map((n) => n.NetworkInterfaceId);
    expect(await ids('group-id', app)).toContain(e.NetworkInterfaceId);
    expect(await ids('private-ip-address', '10.30.8.77')).toEqual([e.NetworkInterfaceId]);
    expect(await ids('addresses.private-ip-address', '10.30.8.7?')).toEqual([e.NetworkInterfaceId]);
    expect(await ids('addresses.private-ip-address', '10.30.8.77')).toEqual([e.NetworkInterfaceId]);
    expect(await ids('tag:find', 'me')).toEqual([e.NetworkInterfaceId]);
    expect(await ids('status', 'available')).toContain(e.NetworkInterfaceId);
    expect(await ids('vpc-id', vpcId)).toContain(e.NetworkInterfaceId);
    expect(await ids('group-name', 'app')).toContain(e.NetworkInterfaceId);
    expect((await ec2Failure(ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })))).code).toBe('InvalidFilter');
  });
});
