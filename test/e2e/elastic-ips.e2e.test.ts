/**
 * Elastic IP addresses through @aws-sdk/client-ec2 against a real `rampart serve` process (M AllocateAddress,
 * AssociateAddress, DisassociateAddress, ReleaseAddress, DescribeAddresses; §7 quotas): the interface's public IP
 * follows the address — it replaces the Amazon public IP, and on disassociation the instance gets a new one.
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DisassociateAddressCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

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

async function launch(): Promise<Instance> {
  const r = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1 }));
  return instance(r.Instances![0].InstanceId!);
}

async function instance(id: string): Promise<Instance> {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0];
}

async function addresses() {
  return (await ec2.send(new DescribeAddressesCommand({}))).Addresses!;
}

describe('Elastic IPs', () => {
  it('allocates, associates with an instance (its public IP follows), disassociates (a new Amazon IP) and releases', async () => {
    const i = await launch();
    const amazonIp = i.PublicIpAddress!;
    expect(amazonIp).toBeDefined();
    const eip = await ec2.send(new AllocateAddressCommand({ TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'n', Value: '1' }] }] }));
    expect(eip).toMatchObject({ Domain: 'vpc', PublicIpv4Pool: 'amazon', NetworkBorderGroup: 'us-east-1' });
    expect(eip.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);

    const { AssociationId } = await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: i.InstanceId }));
    expect(AssociationId).toMatch(/^eipassoc-/);
    const withEip = await instance(i.InstanceId!);
    expect(withEip.PublicIpAddress).toBe(eip.PublicIp);
    expect(withEip.NetworkInterfaces![0].Association).toMatchObject({ PublicIp: eip.PublicIp, IpOwnerId: server.accountId });
    const [described] = (await ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses!;
    expect(described).toMatchObject({
      PublicIp: eip.PublicIp,
      AssociationId,
      InstanceId: i.InstanceId,
      NetworkInterfaceId: withEip.NetworkInterfaces![0].NetworkInterfaceId,
      PrivateIpAddress: withEip.PrivateIpAddress,
      NetworkInterfaceOwnerId: server.accountId,
      Tags: [{ Key: 'n', Value: '1' }],
    });
    const byFilter = await ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'instance-id', Values: [i.InstanceId!] }] }));
    expect(byFilter.Addresses!.map((a) => a.AllocationId)).toEqual([eip.AllocationId]);

    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    const after = await instance(i.InstanceId!);
    // "If you disassociate the Elastic IP address, the instance receives a new public IPv4 address" (EC2 UG).
    expect(after.PublicIpAddress).toBeDefined();
    expect(after.PublicIpAddress).not.toBe(eip.PublicIp);
    expect(after.NetworkInterfaces![0].Association!.IpOwnerId).toBe('amazon');
    // Idempotent: the same association again succeeds; one that never existed does not.
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    expect((await ec2Failure(ec2.send(new DisassociateAddressCommand({ AssociationId: 'eipassoc-0000000000000000a' })))).code).toBe('InvalidAssociationID.NotFound');

    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }));
    expect((await ec2Failure(ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] })))).code).toBe('InvalidAllocationID.NotFound');
    expect((await ec2Failure(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId })))).code).toBe('InvalidAllocationID.NotFound');
  });

  it('moves an address between instances, unless AllowReassociation is false', async () => {
    const [a, b] = await Promise.all([launch(), launch()]);
    const eip = await ec2.send(new AllocateAddressCommand({}));
    await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: a.InstanceId }));
    const refused = await ec2Failure(ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: b.InstanceId, AllowReassociation: false })));
    expect(refused.code).toBe('Resource.AlreadyAssociated');
    expect((await instance(a.InstanceId!)).PublicIpAddress).toBe(eip.PublicIp);
    await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: b.InstanceId }));
    expect((await instance(b.InstanceId!)).PublicIpAddress).toBe(eip.PublicIp);
    expect((await instance(a.InstanceId!)).PublicIpAddress).not.toBe(eip.PublicIp);
    const both = await ec2Failure(ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: a.InstanceId, NetworkInterfaceId: a.NetworkInterfaces![0].NetworkInterfaceId })));
    expect(both.code).toBe('InvalidParameterCombination');
    // Releasing in the default VPC disassociates on the way (M).
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }));
    expect((await instance(b.InstanceId!)).PublicIpAddress).not.toBe(eip.PublicIp);
  });

  it('needs an interface id for an instance with two interfaces, and refuses to release an in-use address outside the default VPC', async () => {
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.1.0/24' }))).Subnet!.SubnetId!;
    const run = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, SubnetId: subnetId }));
    const instanceId = run.Instances![0].InstanceId!;
    const second = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!.NetworkInterfaceId!;
    await ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: second, InstanceId: instanceId, DeviceIndex: 1 }));
    const eip = await ec2.send(new AllocateAddressCommand({}));
    const multi = await ec2Failure(ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: instanceId })));
    expect(multi.code).toBe('InvalidInstanceID');
    expect(multi.message).toContain('multiple interfaces');
    await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, NetworkInterfaceId: second }));
    const { NetworkInterfaces } = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [second] }));
    expect(NetworkInterfaces![0].Association).toMatchObject({ PublicIp: eip.PublicIp, AllocationId: eip.AllocationId });
    // [Nondefault VPC] "You must disassociate the Elastic IP address before you can release it" (M).
    expect((await ec2Failure(ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId })))).code).toBe('InvalidIPAddress.InUse');
    expect((await addresses()).find((a) => a.AllocationId === eip.AllocationId)!.AssociationId).toBeDefined();
  });

  it('allows five addresses per region (AddressLimitExceeded) and nothing is allocated by a refused call', async () => {
    while ((await addresses()).length < 5) await ec2.send(new AllocateAddressCommand({}));
    const f = await ec2Failure(ec2.send(new AllocateAddressCommand({})));
    expect([f.code, f.status]).toEqual(['AddressLimitExceeded', 400]);
    expect(await addresses()).toHaveLength(5);
    expect(new Set((await addresses()).map((a) => a.PublicIp)).size).toBe(5);
  });
});
