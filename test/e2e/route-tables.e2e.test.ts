/**
 * The route table family through @aws-sdk/client-ec2 against a real `rampart serve` process: main and custom tables,
 * routes to internet gateways (active / blackhole), the `local` route, subnet associations and the main association
 * (M CreateRoute/AssociateRouteTable/DisassociateRouteTable/DeleteRouteTable docs; CLI-EX describe-route-tables);
 * plus ModifySubnetAttribute, the subnet attribute a public subnet needs.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ModifySubnetAttributeCommand,
  type EC2Client,
  type RouteTable,
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

interface Network {
  readonly vpcId: string;
  readonly cidr: string;
  readonly subnetIds: string[];
  readonly igw: string;
  readonly mainTable: RouteTable;
}

let nextVpc = 0;
/** A VPC 10.N.0.0/16 with two subnets and an attached internet gateway. */
async function newNetwork(): Promise<Network> {
  const n = ++nextVpc;
  const cidr = `10.${n}.0.0/16`;
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  const vpcId = Vpc!.VpcId!;
  const [a, b, { InternetGateway }] = await Promise.all([
    ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${n}.1.0/24` })),
    ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${n}.2.0/24` })),
    ec2.send(new CreateInternetGatewayCommand({})),
  ]);
  const igw = InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'association.main', Values: ['true'] }] }));
  expect(RouteTables).toHaveLength(1);
  return { vpcId, cidr, subnetIds: [a.Subnet!.SubnetId!, b.Subnet!.SubnetId!], igw, mainTable: RouteTables![0] };
}

async function table(id: string): Promise<RouteTable> {
  const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }));
  expect(RouteTables).toHaveLength(1);
  return RouteTables![0];
}

async function newTable(vpcId: string): Promise<RouteTable> {
  return (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!;
}

describe('route tables', () => {
  it("gives the default VPC a main table routing 0.0.0.0/0 to its gateway, and every VPC a main table with the local route", async () => {
    const { RouteTables: main } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.main', Values: ['true'] }] }));
    const defaultMain = main!.find((t) => t.Routes!.some((r) => r.DestinationCidrBlock === '172.31.0.0/16'))!;
    expect(defaultMain.Routes).toEqual([
      { DestinationCidrBlock: '172.31.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
      { DestinationCidrBlock: '0.0.0.0/0', GatewayId: expect.stringMatching(/^igw-/), Origin: 'CreateRoute', State: 'active' },
    ]);
    const net = await newNetwork();
    expect(net.mainTable).toEqual({
      Associations: [{ Main: true, RouteTableAssociationId: expect.stringMatching(/^rtbassoc-[0-9a-f]{17}$/), RouteTableId: net.mainTable.RouteTableId, AssociationState: { State: 'associated' } }],
      PropagatingVgws: [],
      RouteTableId: expect.stringMatching(/^rtb-[0-9a-f]{17}$/),
      Routes: [{ DestinationCidrBlock: net.cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }],
      Tags: [],
      VpcId: net.vpcId,
      OwnerId: server.accountId,
    });
  });

  it('builds a public subnet: custom table, route to the gateway, association, public IPs on launch', async () => {
    const net = await newNetwork();
    const created = await ec2.send(
      new CreateRouteTableCommand({ VpcId: net.vpcId, ClientToken: 'public-1', TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: 'public' }] }] }),
    );
    const rtb = created.RouteTable!.RouteTableId!;
    expect(created.RouteTable).toMatchObject({ Associations: [], Routes: [{ DestinationCidrBlock: net.cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }], Tags: [{ Key: 'Name', Value: 'public' }] });
    expect(created.ClientToken).toBe('public-1');
    // Retried with the same ClientToken: the same table, not a second one.
    expect((await ec2.send(new CreateRouteTableCommand({ VpcId: net.vpcId, ClientToken: 'public-1' }))).RouteTable!.RouteTableId).toBe(rtb);

    // Canonical destination (M: 100.68.0.18/18 → 100.68.0.0/18).
    expect(await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: net.igw }))).toMatchObject({ Return: true });
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '100.68.0.18/18', GatewayId: net.igw }));
    const { AssociationId, AssociationState } = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: net.subnetIds[0] }));
    expect(AssociationId).toMatch(/^rtbassoc-[0-9a-f]{17}$/);
    expect(AssociationState).toEqual({ State: 'associated' });
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: net.subnetIds[0], MapPublicIpOnLaunch: { Value: true } }));

    const t = await table(rtb);
    expect(t.Routes).toEqual([
      { DestinationCidrBlock: net.cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
      { DestinationCidrBlock: '0.0.0.0/0', GatewayId: net.igw, Origin: 'CreateRoute', State: 'active' },
      { DestinationCidrBlock: '100.68.0.0/18', GatewayId: net.igw, Origin: 'CreateRoute', State: 'active' },
    ]);
    expect(t.Associations).toEqual([{ Main: false, RouteTableAssociationId: AssociationId, RouteTableId: rtb, SubnetId: net.subnetIds[0], AssociationState: { State: 'associated' } }]);
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: net.subnetIds }));
    expect(Object.fromEntries(Subnets!.map((s) => [s.SubnetId, s.MapPublicIpOnLaunch]))).toEqual({ [net.subnetIds[0]]: true, [net.subnetIds[1]]: false });
    expect((await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'map-public-ip-on-launch', Values: ['true'] }, { Name: 'vpc-id', Values: [net.vpcId] }] }))).Subnets!.map((s) => s.SubnetId)).toEqual([net.subnetIds[0]]);
  });

  it('refuses bad routes with EC2 codes and changes nothing', async () => {
    const net = await newNetwork();
    const rtb = (await newTable(net.vpcId)).RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: net.igw }));
    const loose = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    const before = await table(rtb);
    const failures = await Promise.all(
      [
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: net.igw }, // already routed
        { DestinationCidrBlock: '0.0.0.5/0', GatewayId: net.igw }, // the same, non-canonical
        { DestinationCidrBlock: net.cidr, GatewayId: net.igw }, // the local route's destination
        { DestinationCidrBlock: net.cidr.replace('.0.0/16', '.5.0/24'), GatewayId: net.igw }, // inside the VPC's block
        { DestinationCidrBlock: '192.0.2.0/24', GatewayId: loose }, // not attached to this VPC
        { DestinationCidrBlock: '192.0.2.0/24', GatewayId: 'igw-0123456789abcdef0' },
        { DestinationCidrBlock: 'nowhere', GatewayId: net.igw },
        { DestinationCidrBlock: '192.0.2.0/24' },
        { DestinationCidrBlock: '192.0.2.0/24', NatGatewayId: 'nat-0123456789abcdef0' }, // not modelled: refused openly
        { DestinationCidrBlock: '192.0.2.0/24', GatewayId: net.igw, RouteTableId: 'rtb-0123456789abcdef0' },
        { DestinationCidrBlock: '192.0.2.0/24', GatewayId: net.igw, RouteTableId: 'rtb-bad' },
      ].map((input) => ec2Failure(ec2.send(new CreateRouteCommand({ RouteTableId: rtb, ...input })))),
    );
    expect(failures.map((f) => f.code)).toEqual([
      'RouteAlreadyExists',
      'RouteAlreadyExists',
      'RouteAlreadyExists',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidGatewayID.NotFound',
      'InvalidParameterValue',
      'MissingParameter',
      'InvalidParameterValue',
      'InvalidRouteTableID.NotFound',
      'InvalidRouteTableId.Malformed',
    ]);
    expect(failures[0].message).toBe('The route identified by 0.0.0.0/0 already exists.');
    expect(failures[4].message).toBe(`route table ${rtb} and network gateway ${loose} belong to different networks`);
    expect(failures.every((f) => f.status === 400)).toBe(true);
    expect(await table(rtb)).toEqual(before);
  });

  it('deletes routes but not the local one, and shows routes to a detached or deleted gateway as blackhole', async () => {
    const net = await newNetwork();
    const rtb = (await newTable(net.vpcId)).RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: net.igw }));
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '198.51.100.0/24', GatewayId: net.igw }));

    expect(await ec2Failure(ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: net.cidr })))).toMatchObject({
      code: 'InvalidParameterValue',
      message: `cannot remove local route ${net.cidr} in route table ${rtb}`,
    });
    expect(await ec2Failure(ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '203.0.113.0/24' })))).toMatchObject({
      code: 'InvalidRoute.NotFound',
      message: `no route with destination-cidr-block 203.0.113.0/24 in route table ${rtb}`,
    });
    await ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '198.51.100.7/24' }));
    expect((await table(rtb)).Routes!.map((r) => r.DestinationCidrBlock)).toEqual([net.cidr, '0.0.0.0/0']);

    const state = async (): Promise<string | undefined> => (await table(rtb)).Routes!.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')!.State;
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: net.igw, VpcId: net.vpcId }));
    expect(await state()).toBe('blackhole');
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.state', Values: ['blackhole'] }] }));
    expect(RouteTables!.map((t) => t.RouteTableId)).toEqual([rtb]);
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: net.igw, VpcId: net.vpcId }));
    expect(await state()).toBe('active');
    await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: net.igw, VpcId: net.vpcId }));
    await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: net.igw }));
    expect(await state()).toBe('blackhole');
    // A blackhole route can still be deleted.
    await ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0' }));
    expect((await table(rtb)).Routes).toHaveLength(1);
  });

  it('associates a subnet with one table at a time, falls back to main on disassociation, and deletes only free tables', async () => {
    const net = await newNetwork();
    const [custom, other] = await Promise.all([newTable(net.vpcId), newTable(net.vpcId)]);
    const rtb = custom.RouteTableId!;
    const { AssociationId } = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: net.subnetIds[0] }));

    expect(await ec2Failure(ec2.send(new AssociateRouteTableCommand({ RouteTableId: other.RouteTableId!, SubnetId: net.subnetIds[0] })))).toMatchObject({
      code: 'Resource.AlreadyAssociated',
      message: `the specified association for route table ${rtb} conflicts with an existing association`,
    });
    const foreign = await newNetwork();
    expect(await ec2Failure(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: foreign.subnetIds[0] })))).toMatchObject({ code: 'InvalidParameterValue' });
    expect(await ec2Failure(ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: 'subnet-0123456789abcdef0' })))).toMatchObject({ code: 'InvalidSubnetID.NotFound' });

    expect(await ec2Failure(ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtb })))).toMatchObject({
      code: 'DependencyViolation',
      message: `The routeTable '${rtb}' has dependencies and cannot be deleted.`,
    });
    expect(await ec2Failure(ec2.send(new DeleteRouteTableCommand({ RouteTableId: net.mainTable.RouteTableId! })))).toMatchObject({ code: 'DependencyViolation' });
    const mainAssociation = net.mainTable.Associations![0].RouteTableAssociationId!;
    expect(await ec2Failure(ec2.send(new DisassociateRouteTableCommand({ AssociationId: mainAssociation })))).toMatchObject({ code: 'InvalidParameterValue' });
    expect(await ec2Failure(ec2.send(new DeleteVpcCommand({ VpcId: net.vpcId })))).toMatchObject({ code: 'DependencyViolation' });

    await ec2.send(new DisassociateRouteTableCommand({ AssociationId: AssociationId! }));
    expect((await table(rtb)).Associations).toEqual([]);
    expect(await ec2Failure(ec2.send(new DisassociateRouteTableCommand({ AssociationId: AssociationId! })))).toMatchObject({ code: 'InvalidAssociationID.NotFound' });
    // Implicit (main) associations are not listed (M DescribeRouteTables).
    expect((await table(net.mainTable.RouteTableId!)).Associations).toHaveLength(1);

    // Deleting a subnet drops its explicit association.
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: other.RouteTableId!, SubnetId: net.subnetIds[1] }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: net.subnetIds[1] }));
    expect((await table(other.RouteTableId!)).Associations).toEqual([]);

    await Promise.all([rtb, other.RouteTableId!].map((id) => ec2.send(new DeleteRouteTableCommand({ RouteTableId: id }))));
    expect(await ec2Failure(ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtb] })))).toMatchObject({ code: 'InvalidRouteTableID.NotFound' });
  });

  it('filters on associations, routes, ids and tags', async () => {
    const net = await newNetwork();
    const custom = (await ec2.send(new CreateRouteTableCommand({ VpcId: net.vpcId, TagSpecifications: [{ ResourceType: 'route-table', Tags: [{ Key: 'tier', Value: 'web' }] }] }))).RouteTable!;
    const rtb = custom.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: net.igw }));
    const { AssociationId } = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: net.subnetIds[0] }));
    const main = net.mainTable.RouteTableId!;

    const ids = async (name: string, ...values: string[]): Promise<string[]> => {
      const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [net.vpcId] }, { Name: name, Values: values }] }));
      return RouteTables!.map((t) => (t.RouteTableId === rtb ? 'custom' : t.RouteTableId === main ? 'main' : t.RouteTableId!)).sort();
    };
    expect(await ids('association.main', 'true')).toEqual(['main']);
    expect(await ids('association.main', 'false')).toEqual(['custom']);
    expect(await ids('association.subnet-id', net.subnetIds[0])).toEqual(['custom']);
    expect(await ids('association.subnet-id', net.subnetIds[1])).toEqual([]); // implicit association
    expect(await ids('association.route-table-association-id', AssociationId!)).toEqual(['custom']);
    expect(await ids('association.route-table-id', rtb)).toEqual(['custom']);
    expect(await ids('route-table-id', main)).toEqual(['main']);
    expect(await ids('route.destination-cidr-block', '0.0.0.0/0')).toEqual(['custom']);
    expect(await ids('route.gateway-id', net.igw)).toEqual(['custom']);
    expect(await ids('route.gateway-id', 'local')).toEqual(['custom', 'main']);
    expect(await ids('route.origin', 'CreateRoute')).toEqual(['custom']);
    expect(await ids('route.state', 'active')).toEqual(['custom', 'main']);
    expect(await ids('route.nat-gateway-id', 'nat-0123456789abcdef0')).toEqual([]);
    expect(await ids('owner-id', server.accountId)).toEqual(['custom', 'main']);
    expect(await ids('tag:tier', 'web')).toEqual(['custom']);
    expect(await ec2Failure(ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'route.colour', Values: ['x'] }] })))).toMatchObject({ code: 'InvalidFilter' });
  });
});

describe('ModifySubnetAttribute', () => {
  it('changes one attribute at a time and refuses what a plain IPv4 subnet cannot have', async () => {
    const net = await newNetwork();
    const subnetId = net.subnetIds[0];
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, PrivateDnsHostnameTypeOnLaunch: 'resource-name' }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, EnableResourceNameDnsARecordOnLaunch: { Value: true } }));
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, AssignIpv6AddressOnCreation: { Value: false } })); // a no-op
    const failures = await Promise.all(
      [
        { SubnetId: subnetId },
        { SubnetId: subnetId, MapPublicIpOnLaunch: { Value: false }, EnableDns64: { Value: true } },
        { SubnetId: subnetId, AssignIpv6AddressOnCreation: { Value: true } },
        { SubnetId: subnetId, MapCustomerOwnedIpOnLaunch: { Value: true }, CustomerOwnedIpv4Pool: 'ipv4pool-coip-0123456789abcdef0' },
        { SubnetId: 'subnet-0123456789abcdef0', MapPublicIpOnLaunch: { Value: false } },
        { SubnetId: 'subnet-x', MapPublicIpOnLaunch: { Value: false } },
      ].map((input) => ec2Failure(ec2.send(new ModifySubnetAttributeCommand(input)))),
    );
    expect(failures.map((f) => f.code)).toEqual([
      'MissingParameter',
      'InvalidParameterCombination',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidSubnetID.NotFound',
      'InvalidSubnetID.Malformed',
    ]);
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
    expect(Subnets![0]).toMatchObject({
      MapPublicIpOnLaunch: true,
      AssignIpv6AddressOnCreation: false,
      EnableDns64: false,
      PrivateDnsNameOptionsOnLaunch: { HostnameType: 'resource-name', EnableResourceNameDnsARecord: true, EnableResourceNameDnsAAAARecord: false },
    });
  });
});
