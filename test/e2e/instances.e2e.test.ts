/**
 * Instances through @aws-sdk/client-ec2 against a real `rampart serve` process (aws-semantics.md §3.16, §3.18, §2):
 * RunInstances' default subnet and group, public IP rules, InvalidParameterCombination cases, MinCount/MaxCount
 * against free addresses, ClientToken; `running` at once; DescribeInstances filters; ModifyInstanceAttribute Groups;
 * TerminateInstances with DeleteOnTermination and protection. Every failure is checked to leave the state unchanged.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Instance,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const AMI = 'ami-0123456789abcdef0';
let server: TestServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server);
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

const ipNumber = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

async function run(input: Partial<RunInstancesCommandInput>): Promise<Instance[]> {
  const r = await ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, ...input }));
  return r.Instances!;
}

async function described(filters: { Name: string; Values: string[] }[] = []): Promise<Instance[]> {
  const r = await ec2.send(new DescribeInstancesCommand({ Filters: filters }));
  return r.Reservations!.flatMap((x) => x.Instances!);
}

async function instance(id: string): Promise<Instance> {
  const r = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return r.Reservations![0].Instances![0];
}

async function instanceCount(): Promise<number> {
  return (await described()).length;
}

async function defaultGroupOf(vpcId: string): Promise<string> {
  const r = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
  return r.SecurityGroups![0].GroupId!;
}

let customVpc: string;
let customSubnet: string;
let smallSubnet: string;
let customGroup: string;
beforeAll(async () => {
  customVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }))).Vpc!.VpcId!;
  [customSubnet, smallSubnet] = await Promise.all(
    ['10.8.1.0/24', '10.8.2.0/28'].map(async (cidr) => (await ec2.send(new CreateSubnetCommand({ VpcId: customVpc, CidrBlock: cidr }))).Subnet!.SubnetId!),
  );
  customGroup = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: customVpc, GroupName: 'app', Description: 'app tier' }))).GroupId!;
});

describe('RunInstances (aws-semantics.md §3.16)', () => {
  it('launches into a default subnet with the default group and a public IP, pending in the answer and running after', async () => {
    const [launched] = await run({ InstanceType: 't3.micro', KeyName: 'my-key' });
    // The answer: pending (code 0), interface attaching, no public address yet (CLI-EX run-instances).
    expect(launched.State).toEqual({ Code: 0, Name: 'pending' });
    expect(launched.NetworkInterfaces![0].Attachment!.Status).toBe('attaching');
    expect(launched.PublicIpAddress).toBeUndefined();
    expect(launched.ImageId).toBe(AMI);
    const i = await instance(launched.InstanceId!);
    expect(i.State).toEqual({ Code: 16, Name: 'running' });
    expect(i.InstanceType).toBe('t3.micro');
    expect(i.KeyName).toBe('my-key');
    // Default subnet of the default VPC, which maps public IPs on launch (fact 21; issue 5 §4).
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [i.SubnetId!] }));
    expect(Subnets![0].DefaultForAz).toBe(true);
    expect(i.PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(i.PublicDnsName).toMatch(/^ec2-.*\.compute-1\.amazonaws\.com$/);
    expect(i.NetworkInterfaces![0].Association!.PublicIp).toBe(i.PublicIpAddress);
    // "If you don't specify a security group ID, we use the default security group for the VPC" (M).
    expect(i.SecurityGroups).toEqual([{ GroupId: await defaultGroupOf(i.VpcId!), GroupName: 'default' }]);
    // The private address is in the subnet and is none of its five reserved addresses (§3.14).
    const [base, bits] = Subnets![0].CidrBlock!.split('/');
    const offset = ipNumber(i.PrivateIpAddress!) - ipNumber(base);
    expect(offset).toBeGreaterThanOrEqual(4);
    expect(offset).toBeLessThanOrEqual(2 ** (32 - Number(bits)) - 2);
  });

  it('gives no public IP in a subnet that does not map one, unless the interface asks for it', async () => {
    const [plain] = await run({ SubnetId: customSubnet, SecurityGroupIds: [customGroup] });
    expect((await instance(plain.InstanceId!)).PublicIpAddress).toBeUndefined();
    const [asked] = await run({ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: customSubnet, Groups: [customGroup], AssociatePublicIpAddress: true }] });
    const i = await instance(asked.InstanceId!);
    expect(i.PublicIpAddress).toBeDefined();
    // Public DNS names exist only with DNS hostnames, on by default in the default VPC only (VPC-DNS).
    expect(i.PublicDnsName).toBe('');
    expect(i.SecurityGroups).toEqual([{ GroupId: customGroup, GroupName: 'app' }]);
  });

  it('refuses the InvalidParameterCombination cases of §2 and launches nothing', async () => {
    const before = await instanceCount();
    const cases: [Partial<RunInstancesCommandInput>, string][] = [
      [{ SecurityGroupIds: [customGroup], NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: customSubnet }] }, 'instance-level security groups'],
      [{ SubnetId: customSubnet, NetworkInterfaces: [{ DeviceIndex: 0, Groups: [customGroup] }] }, 'instance-level subnet ID'],
      [{ SecurityGroups: ['default'], SubnetId: customSubnet }, 'groupName cannot be used with the parameter subnet'],
      [{ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: customSubnet }, { DeviceIndex: 1, SubnetId: customSubnet, AssociatePublicIpAddress: true }] }, 'DeviceIndex 0'],
      [{ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: customSubnet, AssociatePublicIpAddress: true }, { DeviceIndex: 1, SubnetId: customSubnet }] }, 'multiple network interfaces'],
    ];
    for (const [input, text] of cases) {
      const f = await ec2Failure(run(input));
      expect(f.code, text).toBe('InvalidParameterCombination');
      expect(f.status).toBe(400);
      expect(f.message).toContain(text);
    }
    expect(await instanceCount()).toBe(before);
  });

  it('checks groups: names address the default VPC only, and a group must share the subnet VPC', async () => {
    const before = await instanceCount();
    // fact 7: a group name outside the default VPC is not found.
    expect((await ec2Failure(run({ SecurityGroups: ['app'] }))).code).toBe('InvalidGroup.NotFound');
    // "Security group sg-… and subnet subnet-… belong to different networks" (InvalidParameter, observed).
    const mixed = await ec2Failure(run({ SubnetId: customSubnet, SecurityGroupIds: [await defaultGroupOf((await instance((await described())[0].InstanceId!)).VpcId!)] }));
    expect(mixed.code).toBe('InvalidParameter');
    expect(mixed.message).toContain('belong to different networks');
    expect((await ec2Failure(run({ SecurityGroupIds: ['sg-0000000000000000a'] }))).code).toBe('InvalidGroup.NotFound');
    expect((await ec2Failure(run({ SecurityGroupIds: ['web'] }))).code).toBe('InvalidGroupId.Malformed');
    expect(await instanceCount()).toBe(before);
    // By name in the default VPC it works.
    const [byName] = await run({ SecurityGroups: ['default'] });
    expect((await instance(byName.InstanceId!)).SecurityGroups![0].GroupName).toBe('default');
  });

  it('accepts any well-formed ami- id and refuses malformed or missing ones', async () => {
    const [any] = await run({ ImageId: 'ami-12345678' });
    expect(any.ImageId).toBe('ami-12345678');
    expect((await ec2Failure(run({ ImageId: 'ubuntu-22.04' }))).code).toBe('InvalidAMIID.Malformed');
    expect((await ec2Failure(ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })))).code).toBe('MissingParameter');
  });

  it('launches MaxCount in one reservation, or as many as the subnet holds down to MinCount', async () => {
    const r = await ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 3, SubnetId: customSubnet }));
    expect(r.Instances!.map((i) => i.AmiLaunchIndex)).toEqual([0, 1, 2]);
    expect(new Set(r.Instances!.map((i) => i.PrivateIpAddress)).size).toBe(3);
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'reservation-id', Values: [r.ReservationId!] }] }));
    expect(Reservations).toHaveLength(1);
    expect(Reservations![0].Instances).toHaveLength(3);
    // A /28 has 16 - 5 reserved = 11 addresses (§3.14).
    const before = await instanceCount();
    expect((await ec2Failure(run({ SubnetId: smallSubnet, MinCount: 12, MaxCount: 12 }))).code).toBe('InsufficientFreeAddressesInSubnet');
    expect(await instanceCount()).toBe(before);
    const most = await run({ SubnetId: smallSubnet, MinCount: 1, MaxCount: 20 });
    expect(most).toHaveLength(11);
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [smallSubnet] }));
    expect(Subnets![0].AvailableIpAddressCount).toBe(0);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: most.map((i) => i.InstanceId!) }));
    const { Subnets: after } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [smallSubnet] }));
    expect(after![0].AvailableIpAddressCount).toBe(11);
  });

  it('is idempotent with ClientToken: the same reservation, nothing new; other parameters are a mismatch', async () => {
    const first = await ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 2, MaxCount: 2, ClientToken: 'launch-once' }));
    const count = await instanceCount();
    const again = await ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 2, MaxCount: 2, ClientToken: 'launch-once' }));
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances!.map((i) => i.InstanceId).sort()).toEqual(first.Instances!.map((i) => i.InstanceId).sort());
    expect(await instanceCount()).toBe(count);
    expect((await ec2Failure(ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, ClientToken: 'launch-once' })))).code).toBe('IdempotentParameterMismatch');
    expect(first.Instances![0].ClientToken).toBe('launch-once');
  });

  it('answers DryRun with DryRunOperation and launches nothing', async () => {
    const before = await instanceCount();
    const f = await ec2Failure(run({ DryRun: true }));
    expect([f.code, f.status]).toEqual(['DryRunOperation', 412]);
    expect(await instanceCount()).toBe(before);
  });
});

describe('DescribeInstances filters (aws-semantics.md §3.18)', () => {
  it('filters on groups of the instance and of its interfaces, VPC, subnet, state and tags', async () => {
    const [tagged] = await run({
      SubnetId: customSubnet,
      SecurityGroupIds: [customGroup],
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'tier', Value: 'app' }] }, { ResourceType: 'network-interface', Tags: [{ Key: 'nic', Value: 'yes' }] }],
    });
    const id = tagged.InstanceId!;
    const ids = async (name: string, value: string) => (await described([{ Name: name, Values: [value] }])).map((i) => i.InstanceId);
    expect(await ids('instance.group-id', customGroup)).toContain(id);
    expect(await ids('network-interface.group-id', customGroup)).toContain(id);
    expect(await ids('instance.group-name', 'app')).toContain(id);
    expect(await ids('vpc-id', customVpc)).toContain(id);
    expect(await ids('subnet-id', customSubnet)).toContain(id);
    expect(await ids('instance-state-name', 'running')).toContain(id);
    expect(await ids('tag:tier', 'app')).toEqual([id]);
    expect(await ids('instance-state-name', 'terminated')).not.toContain(id);
    expect(await ids('vpc-id', 'vpc-0000000000000000a')).toEqual([]);
    expect((await instance(id)).Tags).toEqual([{ Key: 'tier', Value: 'app' }]);
    const { NetworkInterfaces } = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [id] }] }));
    expect(NetworkInterfaces![0].TagSet).toEqual([{ Key: 'nic', Value: 'yes' }]);
    expect((await ec2Failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000000a'] })))).code).toBe('InvalidInstanceID.NotFound');
    expect((await ec2Failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['instance-1'] })))).code).toBe('InvalidInstanceID.Malformed');
  });

  it('pages through instances with MaxResults and NextToken', async () => {
    const all = (await described()).map((i) => i.InstanceId);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const r = await ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: token }));
      seen.push(...r.Reservations!.flatMap((x) => x.Instances!.map((i) => i.InstanceId!)));
      token = r.NextToken;
    } while (token);
    expect(seen.sort()).toEqual([...all].sort());
  });
});

describe('ModifyInstanceAttribute (aws-semantics.md §3.15: groups go to the primary interface)', () => {
  it('replaces the primary interface groups, and refuses what EC2 refuses without changing anything', async () => {
    const [i] = await run({ SubnetId: customSubnet, SecurityGroupIds: [customGroup] });
    const other = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: customVpc, GroupName: 'ops', Description: 'ops' }))).GroupId!;
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: i.InstanceId, Groups: [customGroup, other] }));
    const after = await instance(i.InstanceId!);
    expect(after.SecurityGroups!.map((g) => g.GroupId)).toEqual([customGroup, other]);
    expect(after.NetworkInterfaces![0].Groups!.map((g) => g.GroupId)).toEqual([customGroup, other]);

    const six = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map(async (n) => (await ec2.send(new CreateSecurityGroupCommand({ VpcId: customVpc, GroupName: `many-${n}`, Description: n }))).GroupId!),
    );
    expect((await ec2Failure(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: i.InstanceId, Groups: six })))).code).toBe('SecurityGroupsPerInstanceLimitExceeded');
    const twoAttributes = await ec2Failure(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: i.InstanceId, Groups: [other], SourceDestCheck: { Value: false } })));
    expect(twoAttributes.code).toBe('InvalidParameterCombination');
    expect((await ec2Failure(ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: i.InstanceId, InstanceType: { Value: 'm5.large' } })))).code).toBe('IncorrectInstanceState');
    expect((await instance(i.InstanceId!)).SecurityGroups!.map((g) => g.GroupId)).toEqual([customGroup, other]);

    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: i.InstanceId, SourceDestCheck: { Value: false } }));
    expect((await instance(i.InstanceId!)).SourceDestCheck).toBe(false);
    // The legacy Attribute/Value form (groupSet takes one id).
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: i.InstanceId, Attribute: 'groupSet', Value: other }));
    expect((await instance(i.InstanceId!)).SecurityGroups!.map((g) => g.GroupId)).toEqual([other]);
  });
});

describe('TerminateInstances', () => {
  it('terminates: interfaces with DeleteOnTermination go, the group becomes deletable, and it is idempotent', async () => {
    const group = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: customVpc, GroupName: 'short-lived', Description: 'x' }))).GroupId!;
    const [i] = await run({ SubnetId: customSubnet, SecurityGroupIds: [group] });
    const eni = i.NetworkInterfaces![0].NetworkInterfaceId!;
    // fact 5: a group in use by an interface cannot be deleted.
    expect((await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupId: group })))).code).toBe('DependencyViolation');
    // An unknown id fails the whole call: nothing is terminated (M).
    expect((await ec2Failure(ec2.send(new TerminateInstancesCommand({ InstanceIds: [i.InstanceId!, 'i-0000000000000000a'] })))).code).toBe('InvalidInstanceID.NotFound');
    expect((await instance(i.InstanceId!)).State!.Name).toBe('running');

    const t = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [i.InstanceId!] }));
    expect(t.TerminatingInstances).toEqual([{ InstanceId: i.InstanceId, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } }]);
    const gone = await instance(i.InstanceId!);
    expect(gone.State).toEqual({ Code: 48, Name: 'terminated' });
    expect(gone.NetworkInterfaces).toEqual([]);
    expect(gone.PrivateIpAddress).toBeUndefined();
    expect(gone.StateReason!.Code).toBe('Client.UserInitiatedShutdown');
    expect((await ec2Failure(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] })))).code).toBe('InvalidNetworkInterfaceID.NotFound');
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: group }));
    const again = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [i.InstanceId!] }));
    expect(again.TerminatingInstances![0].CurrentState!.Name).toBe('terminated');
  });

  it('refuses to terminate a protected instance (OperationNotPermitted) until protection is lifted', async () => {
    const [i] = await run({ DisableApiTermination: true });
    const f = await ec2Failure(ec2.send(new TerminateInstancesCommand({ InstanceIds: [i.InstanceId!] })));
    expect(f.code).toBe('OperationNotPermitted');
    expect(f.message).toContain('disableApiTermination');
    expect((await instance(i.InstanceId!)).State!.Name).toBe('running');
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: i.InstanceId, DisableApiTermination: { Value: false } }));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [i.InstanceId!] }));
    expect((await instance(i.InstanceId!)).State!.Name).toBe('terminated');
  });

  it('keeps an interface without DeleteOnTermination, detached and available', async () => {
    const [i] = await run({ NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: customSubnet, Groups: [customGroup], DeleteOnTermination: false }] });
    const eni = i.NetworkInterfaces![0].NetworkInterfaceId!;
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [i.InstanceId!] }));
    const { NetworkInterfaces } = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] }));
    expect(NetworkInterfaces![0].Status).toBe('available');
    expect(NetworkInterfaces![0].Attachment).toBeUndefined();
    // Still holding its group (fact 5).
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: customGroup, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.8.0.0/16' }] }] }));
    expect((await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupId: customGroup })))).code).toBe('DependencyViolation');
  });
});
