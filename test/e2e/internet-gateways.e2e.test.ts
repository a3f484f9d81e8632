/**
 * The internet gateway family through @aws-sdk/client-ec2 against a real `rampart serve` process: create, attach (one
 * gateway per VPC), detach, delete, describe with filters; the default VPC's gateway (aws-semantics.md §3.13; issue 5
 * §4); EC2's codes `Resource.AlreadyAssociated`, `Gateway.NotAttached`, `DependencyViolation` (§2).
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachInternetGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateInternetGatewayCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateAddressCommand,
  type EC2Client,
  type InternetGateway,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startTestServer({ args: ['--quota', 'vpcsPerRegion=20'] });
  ec2 = ec2Client(server);
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

let nextVpc = 0;
async function newVpc(): Promise<string> {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${++nextVpc}.0.0/16` }));
  return Vpc!.VpcId!;
}

async function newGateway(): Promise<string> {
  const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
  return InternetGateway!.InternetGatewayId!;
}

async function gateway(id: string): Promise<InternetGateway> {
  const { InternetGateways } = await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [id] }));
  expect(InternetGateways).toHaveLength(1);
  return InternetGateways![0];
}

describe('internet gateways', () => {
  it('shows the default VPC attached to its gateway', async () => {
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    const { InternetGateways } = await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [Vpcs![0].VpcId!] }] }));
    expect(InternetGateways).toEqual([
      { Attachments: [{ State: 'available', VpcId: Vpcs![0].VpcId }], InternetGatewayId: expect.stringMatching(/^igw-[0-9a-f]{17}$/), OwnerId: server.accountId, Tags: [] },
    ]);
  });

  it('creates a detached gateway with its tags (CLI-EX create-internet-gateway)', async () => {
    const { InternetGateway } = await ec2.send(
      new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'Name', Value: 'my-igw' }] }] }),
    );
    expect(InternetGateway).toEqual({
      Attachments: [],
      InternetGatewayId: expect.stringMatching(/^igw-[0-9a-f]{17}$/),
      OwnerId: server.accountId,
      Tags: [{ Key: 'Name', Value: 'my-igw' }],
    });
    expect(await gateway(InternetGateway!.InternetGatewayId!)).toEqual(InternetGateway);
  });

  it('attaches one gateway per VPC, detaches, and deletes only detached gateways', async () => {
    const [vpcA, vpcB, igw, other] = await Promise.all([newVpc(), newVpc(), newGateway(), newGateway()]);
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcA }));
    expect((await gateway(igw)).Attachments).toEqual([{ State: 'available', VpcId: vpcA }]);

    // A gateway serves one VPC; a VPC has one gateway.
    const twice = await ec2Failure(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcB })));
    expect(twice).toMatchObject({ code: 'Resource.AlreadyAssociated', status: 400, message: `resource ${igw} is already attached to network ${vpcA}` });
    expect(await ec2Failure(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcA })))).toMatchObject({ code: 'Resource.AlreadyAssociated' });
    expect(await ec2Failure(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: other, VpcId: vpcA })))).toMatchObject({ code: 'Resource.AlreadyAssociated' });
    expect((await gateway(other)).Attachments).toEqual([]);

    // Attached: can't be deleted, and its VPC can't either.
    expect(await ec2Failure(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw })))).toMatchObject({
      code: 'DependencyViolation',
      message: `The internetGateway '${igw}' has dependencies and cannot be deleted.`,
    });
    expect(await ec2Failure(ec2.send(new DeleteVpcCommand({ VpcId: vpcA })))).toMatchObject({ code: 'DependencyViolation' });

    expect(await ec2Failure(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcB })))).toMatchObject({
      code: 'Gateway.NotAttached',
      message: `resource ${igw} is not attached to network ${vpcB}`,
    });
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcA }));
    expect((await gateway(igw)).Attachments).toEqual([]);
    expect(await ec2Failure(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcA })))).toMatchObject({ code: 'Gateway.NotAttached' });

    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: other, VpcId: vpcA }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw }));
    expect(await ec2Failure(ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [igw] })))).toMatchObject({ code: 'InvalidInternetGatewayID.NotFound' });
    expect(await ec2Failure(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw })))).toMatchObject({ code: 'InvalidInternetGatewayID.NotFound' });
  });

  it('refuses to detach while an address of the VPC is mapped to a public IP (M DetachInternetGateway)', async () => {
    const [vpc, igw] = await Promise.all([newVpc(), newGateway()]);
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.${nextVpc}.1.0/24` }));
    const { NetworkInterface } = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: Subnet!.SubnetId! }));
    const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const { AssociationId } = await ec2.send(new AssociateAddressCommand({ AllocationId, NetworkInterfaceId: NetworkInterface!.NetworkInterfaceId! }));
    expect(await ec2Failure(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc })))).toMatchObject({
      code: 'DependencyViolation',
      message: `Network ${vpc} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
    });
    expect((await gateway(igw)).Attachments).toEqual([{ State: 'available', VpcId: vpc }]);
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
    expect((await gateway(igw)).Attachments).toEqual([]);
  });

  it('answers unknown and malformed ids and VPCs with EC2 codes, changing nothing', async () => {
    const igw = await newGateway();
    const vpc = await newVpc();
    const failures = await Promise.all([
      ec2Failure(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: 'igw-0123456789abcdef0', VpcId: vpc }))),
      ec2Failure(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: 'gateway', VpcId: vpc }))),
      ec2Failure(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: 'vpc-0123456789abcdef0' }))),
      ec2Failure(ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc, DryRun: true }))),
      ec2Failure(ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: ['igw-0123456789abcdef0'] }))),
    ]);
    expect(failures.map((f) => [f.code, f.status])).toEqual([
      ['InvalidInternetGatewayID.NotFound', 400],
      ['InvalidInternetGatewayId.Malformed', 400],
      ['InvalidVpcID.NotFound', 400],
      ['DryRunOperation', 412],
      ['InvalidInternetGatewayID.NotFound', 400],
    ]);
    expect((await gateway(igw)).Attachments).toEqual([]);
  });

  it('filters by attachment, id, owner and tag, and pages', async () => {
    const vpc = await newVpc();
    const [attached, loose] = await Promise.all([newGateway(), newGateway()]);
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: attached, VpcId: vpc }));
    await ec2.send(
      new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: [{ Key: 'team', Value: 'net' }] }] }),
    );
    const ids = async (name: string, ...values: string[]): Promise<string[]> =>
      (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: name, Values: values }] }))).InternetGateways!.map((g) => g.InternetGatewayId!);
    expect(await ids('attachment.vpc-id', vpc)).toEqual([attached]);
    expect(await ids('internet-gateway-id', loose)).toEqual([loose]);
    expect(await ids('attachment.state', 'available')).toContain(attached);
    expect(await ids('attachment.state', 'available')).not.toContain(loose);
    expect(await ids('owner-id', server.accountId)).toEqual(expect.arrayContaining([attached, loose]));
    expect(await ids('tag:team', 'net')).toHaveLength(1);
    expect(await ids('tag-key', 'team')).toHaveLength(1);
    expect(await ec2Failure(ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'state', Values: ['x'] }] })))).toMatchObject({ code: 'InvalidFilter' });

    const all = (await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways!.map((g) => g.InternetGatewayId);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeInternetGatewaysCommand({ MaxResults: 5, NextToken: token }));
      seen.push(...page.InternetGateways!.map((g) => g.InternetGatewayId!));
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(all);
  });
});
