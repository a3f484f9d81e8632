/**
 * The network ACL family through @aws-sdk/client-ec2 (and, for the protocol-name conversion, the real aws CLI) against
 * a real `rampart serve` process: aws-semantics.md §3.10–§3.12, §6 and facts 19–23 ("fact N" is §10).
 */
import { execFile } from 'node:child_process';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeNetworkAclsCommand,
  DescribeTagsCommand,
  DisassociateRouteTableCommand,
  ReplaceNetworkAclAssociationCommand,
  ReplaceNetworkAclEntryCommand,
  type CreateNetworkAclEntryCommandInput,
  type EC2Client,
  type NetworkAcl,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { hasAwsCli, requireClient } from '../helpers/real-clients.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { signedPost } from '../helpers/sign.ts';

const ACLS_PER_VPC = 4;
let server: TestServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startTestServer({ args: ['--quota', 'vpcsPerRegion=50', '--quota', `networkAclsPerVpc=${ACLS_PER_VPC}`] });
  ec2 = ec2Client(server);
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

let nextVpc = 0;
const secondOctet = new Map<string, number>();
/** A VPC 10.N.0.0/16, N counting up. */
async function newVpc(): Promise<string> {
  const n = ++nextVpc;
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16` }));
  secondOctet.set(Vpc!.VpcId!, n);
  return Vpc!.VpcId!;
}

/** Subnet 10.N.third.0/24 of a VPC from newVpc. */
async function newSubnet(vpcId: string, third: number): Promise<string> {
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${secondOctet.get(vpcId)}.${third}.0/24` }));
  return Subnet!.SubnetId!;
}

async function newAcl(vpcId: string): Promise<string> {
  const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
  return NetworkAcl!.NetworkAclId!;
}

async function acl(id: string): Promise<NetworkAcl> {
  const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [id] }));
  expect(NetworkAcls).toHaveLength(1);
  return NetworkAcls![0];
}

async function defaultAclOf(vpcId: string): Promise<NetworkAcl> {
  const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'default', Values: ['true'] }] }));
  expect(NetworkAcls).toHaveLength(1);
  return NetworkAcls![0];
}

const entry = (networkAclId: string, fields: Partial<CreateNetworkAclEntryCommandInput>): CreateNetworkAclEntryCommandInput => ({
  NetworkAclId: networkAclId,
  RuleNumber: 100,
  Protocol: '6',
  RuleAction: 'allow',
  Egress: false,
  CidrBlock: '0.0.0.0/0',
  PortRange: { From: 443, To: 443 },
  ...fields,
});

/** Entries as (number, direction, action) triples, in EC2's order. */
const summary = (a: NetworkAcl): string[] => a.Entries!.map((e) => `${e.RuleNumber} ${e.Egress ? 'out' : 'in'} ${e.RuleAction}`);

describe('default and custom ACLs (§3.10, §6.6–6.7, fact 21)', () => {
  it('gives every VPC a default ACL that allows all, and puts new subnets in it', async () => {
    const vpcId = await newVpc();
    const subnetId = await newSubnet(vpcId, 1);
    const def = await defaultAclOf(vpcId);
    expect(def.IsDefault).toBe(true);
    expect(def.OwnerId).toBe(server.accountId);
    expect(def.Tags).toEqual([]);
    // CLI-EX describe-network-acls: rule 100 allow and the `*` deny (32767), egress listed first.
    expect(def.Entries).toEqual([
      { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
      { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
      { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
      { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
    ]);
    expect(def.Associations).toEqual([{ NetworkAclAssociationId: expect.stringMatching(/^aclassoc-[0-9a-f]{17}$/), NetworkAclId: def.NetworkAclId, SubnetId: subnetId }]);
  });

  it('creates a custom ACL with only the `*` deny entries and no associations (CLI-EX create-network-acl)', async () => {
    const vpcId = await newVpc();
    const { NetworkAcl } = await ec2.send(
      new CreateNetworkAclCommand({ VpcId: vpcId, TagSpecifications: [{ ResourceType: 'network-acl', Tags: [{ Key: 'Name', Value: 'private' }] }] }),
    );
    expect(NetworkAcl).toEqual({
      Associations: [],
      Entries: [
        { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
        { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
      ],
      IsDefault: false,
      NetworkAclId: expect.stringMatching(/^acl-[0-9a-f]{17}$/),
      OwnerId: server.accountId,
      Tags: [{ Key: 'Name', Value: 'private' }],
      VpcId: vpcId,
    });
    const { Tags } = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [NetworkAcl!.NetworkAclId!] }] }));
    expect(Tags).toEqual([{ Key: 'Name', Value: 'private', ResourceId: NetworkAcl!.NetworkAclId, ResourceType: 'network-acl' }]);
  });

  it('answers a retried CreateNetworkAcl with the same ClientToken with the same ACL', async () => {
    const vpcId = await newVpc();
    const first = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId, ClientToken: 'retry-me' }));
    const again = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId, ClientToken: 'retry-me' }));
    expect(again.NetworkAcl!.NetworkAclId).toBe(first.NetworkAcl!.NetworkAclId);
    expect(again.ClientToken).toBe('retry-me');
    const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    expect(NetworkAcls).toHaveLength(2);
    const otherVpc = await newVpc();
    expect(await ec2Failure(ec2.send(new CreateNetworkAclCommand({ VpcId: otherVpc, ClientToken: 'retry-me' })))).toMatchObject({ code: 'IdempotentParameterMismatch', status: 400 });
  });

  it('enforces the ACLs-per-VPC quota, the default ACL included (§7)', async () => {
    const vpcId = await newVpc();
    for (let i = 1; i < ACLS_PER_VPC; i++) await newAcl(vpcId);
    expect(await ec2Failure(ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId })))).toMatchObject({ code: 'NetworkAclLimitExceeded', status: 400 });
    expect(await ec2Failure(ec2.send(new CreateNetworkAclCommand({ VpcId: 'vpc-0123456789abcdef0' })))).toMatchObject({ code: 'InvalidVpcID.NotFound' });
  });
});

describe('entries (§3.11, facts 19, 22, 23)', () => {
  it('canonicalises CIDRs, orders entries and keeps ports only where the protocol has them', async () => {
    const id = await newAcl(await newVpc());
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 200, CidrBlock: '100.68.0.18/18' })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 110, Protocol: '-1', PortRange: { From: 1, To: 2 }, RuleAction: 'deny', CidrBlock: '10.0.0.0/8' })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 120, Protocol: '1', PortRange: undefined, IcmpTypeCode: { Type: 3, Code: 4 } })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 130, Protocol: '58', PortRange: undefined })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { Egress: true, Protocol: '17', PortRange: { From: 1024, To: 65535 } })));
    const a = await acl(id);
    expect(a.Entries).toEqual([
      { RuleNumber: 100, Egress: true, Protocol: '17', RuleAction: 'allow', CidrBlock: '0.0.0.0/0', PortRange: { From: 1024, To: 65535 } },
      { RuleNumber: 32767, Egress: true, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
      // -1: "traffic on all ports is allowed, regardless of any ports … that you specify" (M).
      { RuleNumber: 110, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '10.0.0.0/8' },
      { RuleNumber: 120, Egress: false, Protocol: '1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0', IcmpTypeCode: { Type: 3, Code: 4 } },
      // 58 with an IPv4 CIDR: all ICMP types, no type/code needed (M).
      { RuleNumber: 130, Egress: false, Protocol: '58', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 200, Egress: false, Protocol: '6', RuleAction: 'allow', CidrBlock: '100.68.0.0/18', PortRange: { From: 443, To: 443 } },
      { RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
    ]);
  });

  it('shows the IPv6 `*` entries (32768) once the ACL has IPv6 entries, and requires ICMP type/code for 58 + IPv6', async () => {
    const id = await newAcl(await newVpc());
    expect(await ec2Failure(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { Protocol: '58', PortRange: undefined, CidrBlock: undefined, Ipv6CidrBlock: '::/0' }))))).toMatchObject({
      code: 'InvalidParameterValue',
    });
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { Protocol: '58', PortRange: undefined, CidrBlock: undefined, Ipv6CidrBlock: '2001:DB8::1/32', IcmpTypeCode: { Type: 2, Code: -1 } })));
    const a = await acl(id);
    expect(summary(a)).toEqual(['32767 out deny', '32768 out deny', '100 in allow', '32767 in deny', '32768 in deny']);
    expect(a.Entries![2]).toEqual({ RuleNumber: 100, Egress: false, Protocol: '58', RuleAction: 'allow', Ipv6CidrBlock: '2001:db8::/32', IcmpTypeCode: { Type: 2, Code: -1 } });
    expect(a.Entries![4]).toEqual({ RuleNumber: 32768, Egress: false, Protocol: '-1', RuleAction: 'deny', Ipv6CidrBlock: '::/0' });
  });

  it('refuses bad entries with EC2 codes and changes nothing', async () => {
    const id = await newAcl(await newVpc());
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, {})));
    const before = await acl(id);
    const failures = await Promise.all(
      [
        entry(id, {}), // same number and direction (fact 23)
        entry(id, { RuleNumber: 0 }),
        entry(id, { RuleNumber: 32767 }), // the `*` entry's number is reserved
        entry(id, { RuleNumber: 101, Protocol: 'tcp' }), // names are the CLI's business (fact 22)
        entry(id, { RuleNumber: 101, Protocol: '256' }),
        entry(id, { RuleNumber: 101, PortRange: undefined }), // 6 and 17 need ports
        entry(id, { RuleNumber: 101, Protocol: '17', PortRange: { From: 1 } }),
        entry(id, { RuleNumber: 101, PortRange: { From: 1, To: 70000 } }),
        entry(id, { RuleNumber: 101, Protocol: '1', PortRange: undefined }), // ICMP needs type and code
        entry(id, { RuleNumber: 101, CidrBlock: 'not-a-cidr' }),
        entry(id, { RuleNumber: 101, CidrBlock: '::/0' }),
        entry(id, { RuleNumber: 101, Ipv6CidrBlock: '::/0' }), // both families at once
        entry(id, { RuleNumber: 101, CidrBlock: undefined }),
        entry('acl-0123456789abcdef0', { RuleNumber: 101 }),
        entry('acl-nope', { RuleNumber: 101 }),
      ].map((input) => ec2Failure(ec2.send(new CreateNetworkAclEntryCommand(input)))),
    );
    expect(failures.map((f) => f.code)).toEqual([
      'NetworkAclEntryAlreadyExists',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterValue',
      'InvalidParameterCombination',
      'MissingParameter',
      'InvalidNetworkAclID.NotFound',
      'InvalidNetworkAclId.Malformed',
    ]);
    expect(failures[0].message).toBe('The network acl entry identified by 100 already exists.');
    expect(failures.every((f) => f.status === 400)).toBe(true);
    expect(await acl(id)).toEqual(before);
    // Same number in the other direction is another entry.
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { Egress: true })));
    expect(summary(await acl(id))).toEqual(['100 out allow', '32767 out deny', '100 in allow', '32767 in deny']);
  });

  it('allows 20 entries per direction and address family, the `*` entry included (§6.15, fact 23)', async () => {
    const id = await newAcl(await newVpc());
    for (let n = 1; n <= 19; n++) await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: n * 10 })));
    const full = await ec2Failure(ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 500 }))));
    expect(full).toMatchObject({ code: 'NetworkAclEntryLimitExceeded', status: 400 });
    // The other direction and the other family have their own 20.
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 500, Egress: true })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 500, CidrBlock: undefined, Ipv6CidrBlock: '::/0' })));
    const a = await acl(id);
    expect(a.Entries!.filter((e) => !e.Egress && e.CidrBlock !== undefined)).toHaveLength(20);
    // Replacing within the family needs no room; moving into the full family does.
    await ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 10, RuleAction: 'deny' })));
    expect(await ec2Failure(ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 500, CidrBlock: '0.0.0.0/0' }))))).toMatchObject({
      code: 'NetworkAclEntryLimitExceeded',
    });
    expect((await acl(id)).Entries!.find((e) => e.RuleNumber === 500 && !e.Egress)).toMatchObject({ Ipv6CidrBlock: '::/0' });
  });

  it('replaces and deletes entries by (number, direction), with InvalidNetworkAclEntry.NotFound for a missing one', async () => {
    const id = await newAcl(await newVpc());
    await ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 120 })));
    await ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 120, RuleAction: 'deny', Protocol: '17', PortRange: { From: 53, To: 53 }, CidrBlock: '10.0.0.9/8' })));
    expect((await acl(id)).Entries!.find((e) => e.RuleNumber === 120)).toEqual({
      RuleNumber: 120,
      Egress: false,
      Protocol: '17',
      RuleAction: 'deny',
      CidrBlock: '10.0.0.0/8',
      PortRange: { From: 53, To: 53 },
    });
    const replaceMissing = await ec2Failure(ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 120, Egress: true }))));
    expect(replaceMissing).toMatchObject({ code: 'InvalidNetworkAclEntry.NotFound', message: 'no egress entry with number 120' });

    expect(await ec2Failure(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 120, Egress: true })))).toMatchObject({
      code: 'InvalidNetworkAclEntry.NotFound',
      message: 'no egress entry with number 120',
    });
    // The `*` entries can't be removed (§6.4).
    expect(await ec2Failure(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 32767, Egress: false })))).toMatchObject({ code: 'InvalidParameterValue' });
    await ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 120, Egress: false }));
    expect(summary(await acl(id))).toEqual(['32767 out deny', '32767 in deny']);
    expect(await ec2Failure(ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 120, Egress: false })))).toMatchObject({
      code: 'InvalidNetworkAclEntry.NotFound',
      message: 'no ingress entry with number 120',
    });
  });

  it('validates a DryRun fully and then changes nothing', async () => {
    const id = await newAcl(await newVpc());
    expect(await ec2Failure(ec2.send(new CreateNetworkAclEntryCommand({ ...entry(id, {}), DryRun: true })))).toMatchObject({ code: 'DryRunOperation', status: 412 });
    expect(await ec2Failure(ec2.send(new CreateNetworkAclEntryCommand({ ...entry(id, { Protocol: 'tcp' }), DryRun: true })))).toMatchObject({ code: 'InvalidParameterValue' });
    expect(summary(await acl(id))).toEqual(['32767 out deny', '32767 in deny']);
  });
});

describe('associations and deletion (§3.12, §6.8, fact 21)', () => {
  it('moves a subnet between ACLs by its current association id, each move giving a new id', async () => {
    const vpcId = await newVpc();
    const subnetId = await newSubnet(vpcId, 0);
    const def = await defaultAclOf(vpcId);
    const custom = await newAcl(vpcId);
    const first = def.Associations!.find((a) => a.SubnetId === subnetId)!.NetworkAclAssociationId!;

    const { NewAssociationId: second } = await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: first, NetworkAclId: custom }));
    expect(second).toMatch(/^aclassoc-[0-9a-f]{17}$/);
    expect(second).not.toBe(first);
    expect((await acl(custom)).Associations).toEqual([{ NetworkAclAssociationId: second, NetworkAclId: custom, SubnetId: subnetId }]);
    expect((await acl(def.NetworkAclId!)).Associations!.some((a) => a.SubnetId === subnetId)).toBe(false);

    // The old id is gone; an ACL of another VPC is refused; neither changes anything.
    expect(await ec2Failure(ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: first, NetworkAclId: custom })))).toMatchObject({ code: 'InvalidAssociationID.NotFound' });
    const foreign = await newAcl(await newVpc());
    expect(await ec2Failure(ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: second!, NetworkAclId: foreign })))).toMatchObject({ code: 'InvalidParameterValue' });
    expect(await ec2Failure(ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: second!, NetworkAclId: 'acl-0123456789abcdef0' })))).toMatchObject({
      code: 'InvalidNetworkAclID.NotFound',
    });
    expect((await acl(custom)).Associations).toHaveLength(1);

    // "Disassociating" is going back to the default ACL.
    const { NewAssociationId: third } = await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: second!, NetworkAclId: def.NetworkAclId! }));
    expect((await acl(custom)).Associations).toEqual([]);
    expect((await acl(def.NetworkAclId!)).Associations).toContainEqual({ NetworkAclAssociationId: third, NetworkAclId: def.NetworkAclId, SubnetId: subnetId });
  });

  it('refuses to delete the default ACL or an associated one; deleting a subnet drops its association', async () => {
    const vpcId = await newVpc();
    const subnetId = await newSubnet(vpcId, 0);
    const def = await defaultAclOf(vpcId);
    const custom = await newAcl(vpcId);
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: def.Associations![0].NetworkAclAssociationId!, NetworkAclId: custom }));

    expect(await ec2Failure(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: def.NetworkAclId! })))).toMatchObject({ code: 'InvalidParameterValue', status: 400 });
    expect(await ec2Failure(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: custom })))).toMatchObject({ code: 'DependencyViolation', status: 400 });
    expect(await ec2Failure(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toMatchObject({ code: 'DependencyViolation' });

    await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
    expect((await acl(custom)).Associations).toEqual([]);
    await ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: custom }));
    expect(await ec2Failure(ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [custom] })))).toMatchObject({ code: 'InvalidNetworkAclID.NotFound' });
    expect(await ec2Failure(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: custom })))).toMatchObject({ code: 'InvalidNetworkAclID.NotFound' });
    expect(await ec2Failure(ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: 'acl-xyz' })))).toMatchObject({ code: 'InvalidNetworkAclId.Malformed' });
    // Only the default ACL is left: the VPC can go, and its default ACL with it.
    await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    expect(await ec2Failure(ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [def.NetworkAclId!] })))).toMatchObject({ code: 'InvalidNetworkAclID.NotFound' });
  });
});

describe('DescribeNetworkAcls filters and pagination (§3.12)', () => {
  it('matches every filter the model lists', async () => {
    const vpcId = await newVpc();
    const subnetId = await newSubnet(vpcId, 2);
    const def = await defaultAclOf(vpcId);
    const custom = await newAcl(vpcId);
    await ec2.send(new CreateTagsCommand({ Resources: [custom], Tags: [{ Key: 'tier', Value: 'db' }] }));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(custom, { RuleNumber: 140, PortRange: { From: 3306, To: 3307 }, CidrBlock: '10.9.0.0/16' })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(custom, { RuleNumber: 150, Protocol: '1', PortRange: undefined, IcmpTypeCode: { Type: 8, Code: 0 }, Egress: true })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(custom, { RuleNumber: 160, CidrBlock: undefined, Ipv6CidrBlock: '2001:db8::/64' })));
    const assoc = def.Associations!.find((a) => a.SubnetId === subnetId)!.NetworkAclAssociationId!;

    const ids = async (...filters: [string, ...string[]][]): Promise<string[]> => {
      const { NetworkAcls } = await ec2.send(
        new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, ...filters.map(([Name, ...Values]) => ({ Name, Values }))] }),
      );
      return NetworkAcls!.map((a) => (a.NetworkAclId === custom ? 'custom' : a.NetworkAclId === def.NetworkAclId ? 'default' : a.NetworkAclId!)).sort();
    };
    expect(await ids()).toEqual(['custom', 'default']);
    expect(await ids(['default', 'false'])).toEqual(['custom']);
    expect(await ids(['association.subnet-id', subnetId])).toEqual(['default']);
    expect(await ids(['association.association-id', assoc])).toEqual(['default']);
    expect(await ids(['association.network-acl-id', def.NetworkAclId!])).toEqual(['default']);
    expect(await ids(['network-acl-id', custom])).toEqual(['custom']);
    expect(await ids(['entry.cidr', '10.9.0.0/16'])).toEqual(['custom']);
    expect(await ids(['entry.ipv6-cidr', '2001:db8::/64'])).toEqual(['custom']);
    expect(await ids(['entry.port-range.from', '3306'])).toEqual(['custom']);
    expect(await ids(['entry.port-range.to', '3307'])).toEqual(['custom']);
    expect(await ids(['entry.protocol', 'tcp'])).toEqual(['custom']);
    expect(await ids(['entry.protocol', '6'])).toEqual(['custom']);
    expect(await ids(['entry.protocol', '-1'])).toEqual(['custom', 'default']); // the `*` entries count
    expect(await ids(['entry.icmp.type', '8'])).toEqual(['custom']);
    expect(await ids(['entry.icmp.code', '0'])).toEqual(['custom']);
    expect(await ids(['entry.rule-number', '32768'])).toEqual(['custom']);
    expect(await ids(['entry.rule-number', '100'])).toEqual(['default']);
    expect(await ids(['entry.rule-action', 'allow'])).toEqual(['custom', 'default']);
    expect(await ids(['entry.egress', 'true'], ['entry.rule-number', '150'])).toEqual(['custom']);
    expect(await ids(['owner-id', server.accountId])).toEqual(['custom', 'default']);
    expect(await ids(['tag:tier', 'db'])).toEqual(['custom']);
    expect(await ids(['tag-key', 'tier'])).toEqual(['custom']);
    expect(await ec2Failure(ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'entry.colour', Values: ['x'] }] })))).toMatchObject({ code: 'InvalidFilter' });
  });

  it('pages with MaxResults and NextToken', async () => {
    const { NetworkAcls: all } = await ec2.send(new DescribeNetworkAclsCommand({}));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeNetworkAclsCommand({ MaxResults: 5, NextToken: token }));
      expect(page.NetworkAcls!.length).toBeLessThanOrEqual(5);
      seen.push(...page.NetworkAcls!.map((a) => a.NetworkAclId!));
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(all!.map((a) => a.NetworkAclId));
    expect(seen.length).toBeGreaterThan(5);
  });
});

describe('POST /_rampart/v1/decide sees ACLs, routes and gateways (§6, §8.1)', () => {
  interface Verdict {
    readonly allowed: boolean;
    readonly deniedBy?: string;
    readonly stages: { kind: string; allowed: boolean; ruleNumber?: number; networkAclId?: string }[];
  }
  async function decide(from: string, to: string, port: number): Promise<Verdict> {
    const r = await signedPost(server.url, '/_rampart/v1/decide', JSON.stringify({ from, to, proto: 'tcp', port }), 'application/json', { credentials: server.credentials });
    expect(r.status, r.text).toBe(200);
    return JSON.parse(r.text) as Verdict;
  }
  const naclIn = (v: Verdict) => v.stages.find((s) => s.kind === 'nacl-inbound');

  it('decides internet and cross-subnet flows with the live ACLs and routes', async () => {
    const vpcId = await newVpc();
    const n = secondOctet.get(vpcId)!;
    const [web, app] = await Promise.all([newSubnet(vpcId, 1), newSubnet(vpcId, 2)]);
    const groupId = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'open', Description: 'open' }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
    const rtb = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
    const { AssociationId } = await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: web }));
    const webIp = `10.${n}.1.10`;
    const appIp = `10.${n}.2.10`;
    const [webEni] = await Promise.all([
      ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: web, Groups: [groupId], PrivateIpAddress: webIp })),
      ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: app, Groups: [groupId], PrivateIpAddress: appIp })),
    ]);
    const { AllocationId, PublicIp } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await ec2.send(new AssociateAddressCommand({ AllocationId, NetworkInterfaceId: webEni.NetworkInterface!.NetworkInterfaceId! }));

    // The default ACL allows everything (rule 100); the subnet's table routes to the gateway.
    const open = await decide('198.51.100.7', PublicIp!, 443);
    expect(open.allowed).toBe(true);
    expect(naclIn(open)).toMatchObject({ allowed: true, ruleNumber: 100 });

    // A custom ACL on the web subnet denies until it has entries; then the lowest matching number wins.
    const acl = await newAcl(vpcId);
    const assoc = (await defaultAclOf(vpcId)).Associations!.find((a) => a.SubnetId === web)!.NetworkAclAssociationId!;
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc, NetworkAclId: acl }));
    expect(await decide('198.51.100.7', PublicIp!, 443)).toMatchObject({ allowed: false, deniedBy: 'nacl-inbound' });
    expect(naclIn(await decide('198.51.100.7', PublicIp!, 443))).toMatchObject({ networkAclId: acl, ruleNumber: 32767 });
    await ec2.send(new CreateNetworkAclEntryCommand(entry(acl, { RuleNumber: 200, PortRange: { From: 443, To: 443 } })));
    await ec2.send(new CreateNetworkAclEntryCommand(entry(acl, { RuleNumber: 100, Protocol: '-1', RuleAction: 'deny', PortRange: undefined, CidrBlock: '198.51.100.0/24' })));
    expect(naclIn(await decide('198.51.100.7', PublicIp!, 443))).toMatchObject({ allowed: false, ruleNumber: 100 });
    expect(await decide('192.0.2.1', PublicIp!, 443)).toMatchObject({ allowed: true });
    expect(await decide('192.0.2.1', PublicIp!, 22)).toMatchObject({ allowed: false, deniedBy: 'nacl-inbound' });

    // Across subnets the ACL applies too (app → web enters the web subnet): 443 passes rule 200, 22 meets the `*` deny.
    expect(await decide(appIp, webIp, 443)).toMatchObject({ allowed: true });
    expect(await decide(appIp, webIp, 22)).toMatchObject({ allowed: false, deniedBy: 'nacl-inbound' });
    // Rule 200 narrowed to the VPC by ReplaceNetworkAclEntry: the internet is out, the app subnet still in.
    await ec2.send(new ReplaceNetworkAclEntryCommand(entry(acl, { RuleNumber: 200, PortRange: { From: 443, To: 443 }, CidrBlock: `10.${n}.0.0/16` })));
    expect(await decide(appIp, webIp, 443)).toMatchObject({ allowed: true });
    expect(await decide('192.0.2.1', PublicIp!, 443)).toMatchObject({ allowed: false, deniedBy: 'nacl-inbound' });

    // Back on the main table (local route only) the internet can't reach the subnet.
    await ec2.send(new ReplaceNetworkAclEntryCommand(entry(acl, { RuleNumber: 200, PortRange: { From: 443, To: 443 } })));
    expect(await decide('192.0.2.1', PublicIp!, 443)).toMatchObject({ allowed: true });
    await ec2.send(new DisassociateRouteTableCommand({ AssociationId: AssociationId! }));
    expect(await decide('192.0.2.1', PublicIp!, 443)).toMatchObject({ allowed: false, deniedBy: 'route' });
  });
});

const cliEnabled = requireClient('aws CLI', hasAwsCli());

describe.skipIf(!cliEnabled)('the aws CLI (CLI-PROTO, fact 22)', () => {
  function aws(...args: string[]): Promise<{ code: number; json: unknown; stderr: string }> {
    return new Promise((resolve) => {
      execFile('aws', ['ec2', ...args, '--output', 'json'], { env: server.clientEnv }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr });
      });
    });
  }

  it('sends `--protocol tcp` as "6" and `all` as "-1", and reads the ACL back', async () => {
    const id = await newAcl(await newVpc());
    // Each aws CLI call costs a Python start-up of seconds on a loaded machine: independent calls run side by side.
    const [tcp, all, missing] = await Promise.all([
      aws('create-network-acl-entry', '--network-acl-id', id, '--ingress', '--rule-number', '100', '--protocol', 'tcp', '--port-range', 'From=443,To=443', '--cidr-block', '0.0.0.0/0', '--rule-action', 'allow'),
      aws('create-network-acl-entry', '--network-acl-id', id, '--egress', '--rule-number', '100', '--protocol', 'all', '--cidr-block', '0.0.0.0/0', '--rule-action', 'allow'),
      aws('create-network-acl-entry', '--network-acl-id', 'acl-0123456789abcdef0', '--ingress', '--rule-number', '100', '--protocol', 'udp', '--port-range', 'From=53,To=53', '--cidr-block', '0.0.0.0/0', '--rule-action', 'allow'),
    ]);
    expect([tcp.code, all.code], tcp.stderr + all.stderr).toEqual([0, 0]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('(InvalidNetworkAclID.NotFound)');
    const described = await aws('describe-network-acls', '--network-acl-ids', id, '--query', 'NetworkAcls[0].Entries');
    expect(described.json).toEqual([
      { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100 },
      { CidrBlock: '0.0.0.0/0', Egress: true, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
      { CidrBlock: '0.0.0.0/0', Egress: false, PortRange: { From: 443, To: 443 }, Protocol: '6', RuleAction: 'allow', RuleNumber: 100 },
      { CidrBlock: '0.0.0.0/0', Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767 },
    ]);
  });
});
