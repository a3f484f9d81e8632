/**
 * aws-semantics.md §10, "the 25 facts a re-implementation most often gets wrong": one test per fact, against a real
 * `rampart serve` process over HTTP — the SDK (@aws-sdk/client-ec2) for behaviour, hand-signed Query requests where the
 * fact is about the wire itself; decisions through `POST /_rampart/v1/decide` over real interfaces. What the API cannot
 * show yet would be a `test.todo` naming what is missing (none left).
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSecurityGroupCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  ModifyNetworkInterfaceAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
  ReplaceNetworkAclEntryCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  type EC2Client,
  type IpPermission,
  type NetworkAcl,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { runRampart, startTestServer, type TestServer } from '../helpers/server.ts';
import { errorCode, signedPost, signedQuery } from '../helpers/sign.ts';

let server: TestServer;
let ec2: EC2Client;
let vpcCount = 0;

beforeAll(async () => {
  server = await startTestServer({ args: ['--quota', 'vpcsPerRegion=40'] });
  ec2 = ec2Client(server);
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

async function newVpc(): Promise<string> {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${++vpcCount}.0.0/16` }));
  return Vpc!.VpcId!;
}
async function newGroup(vpcId: string | undefined, name: string): Promise<string> {
  return (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: `${name} group` }))).GroupId!;
}
async function group(groupId: string) {
  return (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0];
}
async function rules(groupId: string): Promise<SecurityGroupRule[]> {
  return (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules!;
}
const query = (params: Record<string, string>) => signedQuery(server.url, params, { credentials: server.credentials });
const parseXml = (xml: string): Record<string, unknown> => new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as Record<string, unknown>;
const tcp = (port: number, cidr: string, extra: Partial<IpPermission> = {}): IpPermission => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }], ...extra });
const EMPTY = { Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };

/** A VPC with two subnets (10.N.1.0/24, 10.N.2.0/24) for the interface and NACL facts. */
async function lab(): Promise<{ vpcId: string; subnet1: string; subnet2: string; prefix: string }> {
  const vpcId = await newVpc();
  const prefix = `10.${vpcCount}`;
  const subnet = async (n: number) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${prefix}.${n}.0/24` }))).Subnet!.SubnetId!;
  return { vpcId, subnet1: await subnet(1), subnet2: await subnet(2), prefix };
}
async function eni(subnetId: string, groups: string[], address: string): Promise<string> {
  return (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: groups, PrivateIpAddress: address }))).NetworkInterface!.NetworkInterfaceId!;
}
interface DecisionJson {
  readonly allowed: boolean;
  readonly deniedBy?: string;
  readonly stages: readonly { kind: string; allowed: boolean; reason?: string; tracked?: boolean; ruleNumber?: number; match?: { groupId: string }; detail?: string }[];
}
async function decide(flow: Record<string, unknown>): Promise<DecisionJson> {
  const r = await signedPost(server.url, '/_rampart/v1/decide', JSON.stringify(flow), 'application/json', { credentials: server.credentials });
  expect(r.status, r.text).toBe(200);
  return JSON.parse(r.text) as DecisionJson;
}
const stage = (d: DecisionJson, kind: string) => d.stages.find((x) => x.kind === kind);
async function networkAcl(id: string): Promise<NetworkAcl> {
  return (await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [id] }))).NetworkAcls![0];
}
async function defaultAcl(vpcId: string): Promise<NetworkAcl> {
  return (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'default', Values: ['true'] }] }))).NetworkAcls![0];
}
/** Puts a subnet on another network ACL (ReplaceNetworkAclAssociation with its current association id). */
async function associate(vpcId: string, subnetId: string, aclId: string): Promise<string> {
  const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }));
  const current = NetworkAcls![0].Associations!.find((a) => a.SubnetId === subnetId)!;
  expect(NetworkAcls![0].VpcId).toBe(vpcId);
  return (await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: current.NetworkAclAssociationId, NetworkAclId: aclId }))).NewAssociationId!;
}

describe('aws-semantics.md §10: the 25 facts', () => {
  it('fact 1: wire names come from the model (GroupDescription, Groups.M, Filter.N.Value.M in; groupDescription, groups, item out)', async () => {
    const vpcId = await newVpc();
    const created = await query({ Action: 'CreateSecurityGroup', GroupName: 'wire', GroupDescription: 'wire names', VpcId: vpcId });
    expect(created.status).toBe(200);
    const groupId = /<groupId>(sg-[0-9a-f]+)<\/groupId>/.exec(created.text)![1];
    // The SDK member name is not a wire name.
    const sdkName = await query({ Action: 'CreateSecurityGroup', GroupName: 'wire2', Description: 'x', VpcId: vpcId });
    expect([sdkName.status, errorCode(sdkName.text)]).toEqual([400, 'UnknownParameter']);
    // UserIdGroupPairs travel as IpPermissions.N.Groups.M.
    const auth = await query({
      Action: 'AuthorizeSecurityGroupIngress',
      GroupId: groupId,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '443',
      'IpPermissions.1.ToPort': '443',
      'IpPermissions.1.Groups.1.GroupId': groupId,
      'IpPermissions.1.Groups.1.Description': 'self',
    });
    expect(auth.status).toBe(200);
    expect(auth.text).toContain('<securityGroupRuleSet><item>');
    const described = await query({ Action: 'DescribeSecurityGroups', 'Filter.1.Name': 'group-name', 'Filter.1.Value.1': 'wire', 'Filter.2.Name': 'vpc-id', 'Filter.2.Value.1': vpcId });
    expect(described.status).toBe(200);
    for (const element of ['<securityGroupInfo><item>', '<groupDescription>wire names</groupDescription>', '<ipPermissionsEgress><item>', `<groups><item><description>self</description><userId>${server.accountId}</userId><groupId>${groupId}</groupId></item></groups>`]) {
      expect(described.text).toContain(element);
    }
    expect(described.text).not.toMatch(/<(description|userIdGroupPairs|securityGroups|member)>wire names/);
  });

  it('fact 2: two envelopes (requestId vs RequestID), and empty lists as empty wrappers', async () => {
    const vpcId = await newVpc();
    const groupId = await newGroup(vpcId, 'envelopes');
    const ok = await query({ Action: 'DescribeSecurityGroups', 'GroupId.1': groupId });
    expect(ok.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<DescribeSecurityGroupsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId>/);
    // A new group: no ingress (an empty wrapper, not a missing element), egress with its empty source lists.
    expect(ok.text).toContain('<ipPermissions/>');
    const egress = /<ipPermissionsEgress>(.*)<\/ipPermissionsEgress>/.exec(ok.text)![1];
    for (const wrapper of ['<groups/>', '<ipv6Ranges/>', '<prefixListIds/>']) expect(egress).toContain(wrapper);
    expect(egress).not.toContain('<fromPort>');
    const doc = parseXml(ok.text) as { DescribeSecurityGroupsResponse: { securityGroupInfo: { item: { groupId: string } } } };
    expect(doc.DescribeSecurityGroupsResponse.securityGroupInfo.item.groupId).toBe(groupId);

    const bad = await query({ Action: 'DescribeSecurityGroups', 'GroupId.1': 'sg-0123456789abcdef0' });
    expect(bad.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\s*<Response><Errors><Error><Code>InvalidGroup.NotFound<\/Code><Message>The security group &apos;sg-0123456789abcdef0&apos; does not exist<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
  });

  it('fact 3: statuses — 400 client errors, 401 AuthFailure, 403 UnauthorizedOperation/SignatureDoesNotMatch, 412 DryRunOperation, never 5xx for bad input', async () => {
    const notFound = await query({ Action: 'DeleteSecurityGroup', GroupId: 'sg-0123456789abcdef0' });
    expect([notFound.status, errorCode(notFound.text)]).toEqual([400, 'InvalidGroup.NotFound']);
    const unknownKey = await signedQuery(server.url, { Action: 'DescribeSecurityGroups' }, { credentials: { accessKeyId: 'AKIAEXAMPLEUNKNOWN00', secretAccessKey: 'x' } });
    expect([unknownKey.status, errorCode(unknownKey.text)]).toEqual([401, 'AuthFailure']);
    const wrongSecret = await signedQuery(server.url, { Action: 'DescribeSecurityGroups' }, { credentials: { ...server.credentials, secretAccessKey: 'wrong' } });
    expect([wrongSecret.status, errorCode(wrongSecret.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    const dry = await query({ Action: 'CreateSecurityGroup', GroupName: 'dry', GroupDescription: 'd', DryRun: 'true' });
    expect([dry.status, errorCode(dry.text)]).toEqual([412, 'DryRunOperation']);

    const created = await runRampart(['accounts', 'create', '--json', '--read-only', '--data', server.dataDir]);
    expect(created.code, created.stderr).toBe(0);
    const readOnly = JSON.parse(created.stdout) as { accessKeyId: string; secretAccessKey: string };
    const refused = await signedQuery(server.url, { Action: 'CreateSecurityGroup', GroupName: 'ro', GroupDescription: 'd' }, { credentials: readOnly });
    expect([refused.status, errorCode(refused.text)]).toEqual([403, 'UnauthorizedOperation']);
    const allowed = await signedQuery(server.url, { Action: 'DescribeSecurityGroups' }, { credentials: readOnly });
    expect(allowed.status).toBe(200);

    const badInputs: Record<string, string>[] = [
      { Action: 'AuthorizeSecurityGroupIngress', GroupId: 'sg-0123456789abcdef0', 'IpPermissions.1.IpProtocol': 'tcp', 'IpPermissions.1.FromPort': 'eighty' },
      { Action: 'DescribeSecurityGroups', MaxResults: '-3' },
      { Action: 'CreateSecurityGroup', GroupName: 'x'.repeat(300), GroupDescription: '' },
    ];
    for (const params of badInputs) {
      const r = await query(params);
      expect(r.status, r.text).toBe(400);
    }
  });

  it('fact 4: a new group has no ingress and one egress -1 → 0.0.0.0/0 with an sgr- id; the default group admits itself', async () => {
    const vpcId = await newVpc();
    const groupId = await newGroup(vpcId, 'fresh');
    const g = await group(groupId);
    expect(g.IpPermissions).toEqual([]);
    expect(g.IpPermissionsEgress).toStrictEqual([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], ...EMPTY }]);
    const r = await rules(groupId);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0', GroupId: groupId, GroupOwnerId: server.accountId });
    expect(r[0].SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);

    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
    expect(SecurityGroups).toHaveLength(1);
    const d = SecurityGroups![0];
    expect([d.GroupName, d.Description]).toEqual(['default', 'default VPC security group']);
    // Not a default-VPC group: the pair carries no GroupName (M UserIdGroupPair).
    expect(d.IpPermissions).toStrictEqual([{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: d.GroupId, UserId: server.accountId }] }]);
    expect(d.IpPermissionsEgress).toStrictEqual([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], ...EMPTY }]);
  });

  it('fact 5: deleting the default group is CannotDelete; a group referenced by another group is DependencyViolation', async () => {
    const vpcId = await newVpc();
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
    const cannot = await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupId: SecurityGroups![0].GroupId })));
    expect(cannot).toMatchObject({ code: 'CannotDelete', status: 400 });
    expect(cannot.message).toContain('"default" cannot be deleted by a user');

    const app = await newGroup(vpcId, 'app');
    const db = await newGroup(vpcId, 'db');
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: app }] }] }));
    const inUse = await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupId: app })));
    expect(inUse).toStrictEqual({ code: 'DependencyViolation', status: 400, message: `resource ${app} has a dependent object` });
    // Nothing changed: the group and the referencing rule are both still there.
    expect((await group(app)).GroupId).toBe(app);
    expect((await group(db)).IpPermissionsEgress!.some((p) => p.UserIdGroupPairs!.some((u) => u.GroupId === app))).toBe(true);
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: app }] }] }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: app }));
  });

  it('fact 5: a group attached to a network interface is DependencyViolation until the interface is gone', async () => {
    const { vpcId, subnet1 } = await lab();
    const g = await newGroup(vpcId, 'attached');
    const id = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet1, Groups: [g] }))).NetworkInterface!.NetworkInterfaceId!;
    expect(await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupId: g })))).toStrictEqual({ code: 'DependencyViolation', status: 400, message: `resource ${g} has a dependent object` });
    await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g }));
  });

  it('fact 6: names — unique per VPC case-insensitively, ≤255, charset, no sg- prefix, default reserved, trailing spaces trimmed', async () => {
    const vpcA = await newVpc();
    const vpcB = await newVpc();
    const id = await newGroup(vpcA, 'Web Tier ');
    expect((await group(id)).GroupName).toBe('Web Tier');
    expect(await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcA, GroupName: 'WEB TIER', Description: 'd' })))).toStrictEqual({
      code: 'InvalidGroup.Duplicate',
      status: 400,
      message: `The security group 'WEB TIER' already exists for VPC '${vpcA}'`,
    });
    // Unique per VPC only.
    await newGroup(vpcB, 'web tier');
    await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcA, GroupName: 'n'.repeat(255), Description: 'd'.repeat(255) }));
    expect((await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcA, GroupName: 'm'.repeat(256), Description: 'd' })))).code).toBe('InvalidParameterValue');
    await newGroup(vpcA, "a-z A-Z 0-9 ._-:/()#,@[]+=&;{}!$*");
    for (const bad of ['caf\u00e9', 'tab\there', 'quote"', 'less<than']) {
      expect((await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcA, GroupName: bad, Description: 'd' })))).code, bad).toBe('InvalidParameterValue');
    }
    expect(await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcA, GroupName: 'sg-web', Description: 'd' })))).toStrictEqual({
      code: 'InvalidParameterValue',
      status: 400,
      message: 'Value (sg-web) for parameter GroupName is invalid. Group names may not be in the format sg-*.',
    });
    expect((await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcB, GroupName: 'default', Description: 'd' })))).code).toBe('InvalidGroup.Reserved');
    // Descriptions have the same limits.
    expect((await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcA, GroupName: 'long-desc', Description: 'd'.repeat(256) })))).code).toBe('InvalidParameterValue');
  });

  it('fact 7: GroupName parameters address default-VPC groups only; the group-name filter finds any group', async () => {
    const vpcId = await newVpc();
    await newGroup(vpcId, 'elsewhere');
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    const defaultVpc = Vpcs![0].VpcId!;
    const byName = await ec2Failure(ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['elsewhere'] })));
    expect(byName).toStrictEqual({ code: 'InvalidGroup.NotFound', status: 400, message: `The security group 'elsewhere' does not exist in default VPC '${defaultVpc}'` });
    expect((await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'elsewhere', IpPermissions: [tcp(22, '10.0.0.0/8')] })))).code).toBe('InvalidGroup.NotFound');
    expect((await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'elsewhere' })))).code).toBe('InvalidGroup.NotFound');
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['elsewhere'] }] }));
    expect(SecurityGroups!.map((g) => g.VpcId)).toEqual([vpcId]);

    // In the default VPC, names work everywhere a GroupName is accepted.
    const id = await newGroup(undefined, 'in-default');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'in-default', IpPermissions: [tcp(22, '10.0.0.0/8')] }));
    expect((await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['in-default'] }))).SecurityGroups![0].GroupId).toBe(id);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'in-default' }));
  });

  it('fact 8: CIDRs are canonicalised in storage and output (rules, VPCs, subnets); the non-canonical form of a rule is a duplicate', async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${++vpcCount}.7.9/16` }));
    expect(Vpc!.CidrBlock).toBe(`10.${vpcCount}.0.0/16`);
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: `10.${vpcCount}.1.77/24` }));
    expect(Subnet!.CidrBlock).toBe(`10.${vpcCount}.1.0/24`);
    const sg = await newGroup(Vpc!.VpcId, 'canonical');
    const added = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ ...tcp(443, '100.68.0.18/18'), Ipv6Ranges: [{ CidrIpv6: '2001:DB8::1/32' }] }] }),
    );
    expect(added.SecurityGroupRules!.map((r) => r.CidrIpv4 ?? r.CidrIpv6)).toEqual(['100.68.0.0/18', '2001:db8::/32']);
    expect((await group(sg)).IpPermissions![0]).toMatchObject({ IpRanges: [{ CidrIp: '100.68.0.0/18' }], Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }] });
    for (const again of [tcp(443, '100.68.0.0/18'), tcp(443, '100.68.63.255/18'), { ...tcp(443, '1.1.1.1/32'), IpRanges: [], Ipv6Ranges: [{ CidrIpv6: '2001:db8:0:0::/32' }] }]) {
      expect((await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [again] })))).code).toBe('InvalidPermission.Duplicate');
    }
    // Revoking by the non-canonical form finds the canonical rule.
    const revoked = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(443, '100.68.1.2/18')] }));
    expect(revoked.RevokedSecurityGroupRules!.map((r) => r.CidrIpv4)).toEqual(['100.68.0.0/18']);
  });

  it('fact 8: NACL entry CIDRs are canonicalised too', async () => {
    const vpcId = await newVpc();
    const aclId = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '100.68.0.18/18' }));
    expect((await networkAcl(aclId)).Entries!.find((e) => e.RuleNumber === 100)!.CidrBlock).toBe('100.68.0.0/18');
  });

  it('fact 9: two rule views — grouped IpPermissions without ports for -1 and with protocol names; one rule per source with -1/-1', async () => {
    const vpcId = await newVpc();
    const sg = await newGroup(vpcId, 'views');
    const other = await newGroup(vpcId, 'peer');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sg,
        IpPermissions: [
          { IpProtocol: '6', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '192.168.0.0/16', Description: 'lan' }], UserIdGroupPairs: [{ GroupId: other }] },
          { IpProtocol: '17', FromPort: 53, ToPort: 53, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
          { IpProtocol: '58', Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }] },
          { IpProtocol: '1', FromPort: 3, ToPort: 4, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.9.0.0/16' }] },
        ],
      }),
    );
    const g = await group(sg);
    expect(g.IpPermissions).toStrictEqual([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '192.168.0.0/16', Description: 'lan' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: other, UserId: server.accountId }] },
      { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [], Ipv6Ranges: [{ CidrIpv6: '::/0' }], PrefixListIds: [], UserIdGroupPairs: [] },
      { IpProtocol: 'icmpv6', FromPort: -1, ToPort: -1, IpRanges: [], Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }], PrefixListIds: [], UserIdGroupPairs: [] },
      { IpProtocol: 'icmp', FromPort: 3, ToPort: 4, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '10.9.0.0/16' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);
    const r = (await rules(sg)).filter((x) => !x.IsEgress);
    expect(r.map((x) => [x.IpProtocol, x.FromPort, x.ToPort, x.CidrIpv4 ?? x.CidrIpv6 ?? x.ReferencedGroupInfo?.GroupId, x.Description])).toEqual([
      ['tcp', 22, 22, '10.0.0.0/8', undefined],
      ['tcp', 22, 22, '192.168.0.0/16', 'lan'],
      ['tcp', 22, 22, other, undefined],
      ['udp', 53, 53, '::/0', undefined],
      ['icmpv6', -1, -1, 'fd00::/8', undefined],
      ['icmp', 3, 4, '0.0.0.0/0', undefined],
      ['-1', -1, -1, '10.9.0.0/16', undefined],
    ]);
    expect(r.find((x) => x.ReferencedGroupInfo)!.ReferencedGroupInfo).toStrictEqual({ GroupId: other, UserId: server.accountId });
  });

  it('fact 10: protocol/port rules — -1 and other numbers ignore ports; tcp/udp/icmp need them; icmpv6 may omit them; type -1 forces code -1', async () => {
    const vpcId = await newVpc();
    const sg = await newGroup(vpcId, 'ports');
    const added = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sg,
        IpPermissions: [
          { IpProtocol: '-1', FromPort: 10, ToPort: 20, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
          { IpProtocol: '50', FromPort: 500, ToPort: 600, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
          { IpProtocol: 'icmpv6', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
          { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
          { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
        ],
      }),
    );
    expect(added.SecurityGroupRules!.map((r) => [r.IpProtocol, r.FromPort, r.ToPort])).toEqual([
      ['-1', -1, -1],
      ['50', -1, -1],
      ['icmpv6', -1, -1],
      ['icmp', 8, -1],
      ['tcp', 0, 65535],
    ]);
    // "-1 with ports 10-20" is the same rule as plain -1: a duplicate.
    expect((await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.1.0.0/16' }] }] })))).code).toBe(
      'InvalidPermission.Duplicate',
    );
    const fail = (p: IpPermission) => ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [p] })));
    expect(await fail({ IpProtocol: 'udp', FromPort: 53, IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).toMatchObject({
      code: 'InvalidParameterValue',
      message: "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.",
    });
    expect(await fail({ IpProtocol: 'icmp', IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).toMatchObject({
      code: 'InvalidParameterValue',
      message: "Invalid value 'Must specify both from and to ports with ICMP.' for portRange.",
    });
    expect((await fail({ IpProtocol: 'icmp', FromPort: -1, ToPort: 5, IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).code).toBe('InvalidParameterValue');
    expect(await fail({ IpProtocol: 'icmp', FromPort: 8, ToPort: 65535, IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).toMatchObject({ code: 'InvalidParameterValue', message: 'ICMP code (65535) out of range' });
    expect((await fail({ IpProtocol: 'tcp', FromPort: 1, ToPort: 70000, IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).code).toBe('InvalidPermission.Malformed');
    expect((await fail({ IpProtocol: 'sctp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0.0/8' }] })).code).toBe('InvalidParameterValue');
    expect(await fail({ IpProtocol: 'tcp', FromPort: 1, ToPort: 2 })).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'missing mandatory parameter: exactly one of remote-security-group, remote-ip-range, remote-ipv6-range, or prefix-list-id must be present',
    });
    expect((await rules(sg)).filter((r) => !r.IsEgress)).toHaveLength(5);
  });

  it('fact 11: revoke matches exactly (description ignored); outside the default VPC a miss fails the whole call, inside it is reported', async () => {
    const vpcId = await newVpc();
    const sg = await newGroup(vpcId, 'revoke');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(80, '10.0.0.0/8', { IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'web' }] }), tcp(81, '10.0.0.0/8')] }));
    // A different port range is a different rule: nothing revoked, not even the rule that did match.
    const miss = await ec2Failure(
      ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(81, '10.0.0.0/8'), { IpProtocol: 'tcp', FromPort: 80, ToPort: 81, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] })),
    );
    expect(miss).toMatchObject({ code: 'InvalidPermission.NotFound', status: 400 });
    expect((await rules(sg)).filter((r) => !r.IsEgress)).toHaveLength(2);
    // No description in the request: still the described rule.
    const r = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(80, '10.0.0.0/8')] }));
    expect(r.Return).toBe(true);
    expect(r.UnknownIpPermissions).toBeUndefined();
    expect(r.RevokedSecurityGroupRules).toStrictEqual([
      { SecurityGroupRuleId: expect.stringMatching(/^sgr-/) as string, GroupId: sg, IsEgress: false, IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv4: '10.0.0.0/8', Description: 'web' },
    ]);
    // By id.
    const [rule81] = (await rules(sg)).filter((x) => !x.IsEgress);
    const byId = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, SecurityGroupRuleIds: [rule81.SecurityGroupRuleId!] }));
    expect(byId.RevokedSecurityGroupRules!.map((x) => x.SecurityGroupRuleId)).toEqual([rule81.SecurityGroupRuleId]);
    // An egress rule id is not an ingress rule.
    const [egress] = await rules(sg);
    expect((await ec2Failure(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, SecurityGroupRuleIds: [egress.SecurityGroupRuleId!] })))).code).toBe('InvalidSecurityGroupRuleId.NotFound');

    // Default VPC: success, the unmatched permissions in unknownIpPermissionSet (raw XML: the element name matters).
    const legacy = await newGroup(undefined, 'fact11-default-vpc');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: legacy, IpPermissions: [tcp(25, '10.0.0.0/8')] }));
    const raw = await query({
      Action: 'RevokeSecurityGroupIngress',
      GroupId: legacy,
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '25',
      'IpPermissions.1.ToPort': '25',
      'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
      'IpPermissions.2.IpProtocol': 'udp',
      'IpPermissions.2.FromPort': '26',
      'IpPermissions.2.ToPort': '26',
      'IpPermissions.2.IpRanges.1.CidrIp': '10.0.0.0/8',
    });
    expect(raw.status).toBe(200);
    expect(raw.text).toContain('<return>true</return>');
    expect(raw.text).toMatch(/<unknownIpPermissionSet><item><ipProtocol>udp<\/ipProtocol><fromPort>26<\/fromPort><toPort>26<\/toPort>.*<ipRanges><item><cidrIp>10.0.0.0\/8<\/cidrIp><\/item><\/ipRanges>/);
    expect(raw.text).toMatch(/<revokedSecurityGroupRuleSet><item><securityGroupRuleId>sgr-[0-9a-f]{17}<\/securityGroupRuleId><groupId>/);
    expect(await rules(legacy)).toHaveLength(1);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: legacy }));
  });

  it('fact 12: authorize returns securityGroupRuleSet, one sgr- rule per source; N sources are N rules for the quota', async () => {
    const vpcId = await newVpc();
    const sg = await newGroup(vpcId, 'rule-set');
    const cidrs = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
    const r = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) }] }));
    expect(r.Return).toBe(true);
    expect(r.SecurityGroupRules!.map((x) => x.CidrIpv4)).toEqual(cidrs);
    expect(new Set(r.SecurityGroupRules!.map((x) => x.SecurityGroupRuleId)).size).toBe(3);
    expect(r.SecurityGroupRules![0]).toMatchObject({ GroupId: sg, GroupOwnerId: server.accountId, IsEgress: false, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080 });
    // 3 used; 56 more single-source rules fit (59); one permission with 2 sources would make 61 > 60.
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: Array.from({ length: 56 }, (_, i) => tcp(1000 + i, '10.0.0.0/8')) }));
    const over = await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ ...tcp(9999, '10.0.0.0/8'), IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '10.1.0.0/16' }] }] })));
    expect(over).toMatchObject({ code: 'RulesPerSecurityGroupLimitExceeded', status: 400 });
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(9999, '10.0.0.0/8')] }));
    expect((await rules(sg)).filter((x) => !x.IsEgress)).toHaveLength(60);
  });

  it('fact 13: the verdict is the OR of all rules of all groups on an interface, per direction', async () => {
    const { vpcId, subnet1, prefix } = await lab();
    const client = await newGroup(vpcId, 'client');
    const ssh = await newGroup(vpcId, 'ssh-from-lan');
    const web = await newGroup(vpcId, 'web-from-clients');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ssh, IpPermissions: [tcp(22, `${prefix}.0.0/16`)] }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: client }] }] }));
    await eni(subnet1, [client], `${prefix}.1.10`);
    await eni(subnet1, [ssh, web], `${prefix}.1.20`);
    const to = (port: number) => decide({ from: `${prefix}.1.10`, to: `${prefix}.1.20`, proto: 'tcp', port });
    const d22 = await to(22);
    expect([d22.allowed, stage(d22, 'sg-ingress')?.match?.groupId]).toEqual([true, ssh]);
    const d443 = await to(443);
    expect([d443.allowed, stage(d443, 'sg-ingress')?.match?.groupId]).toEqual([true, web]);
    const d80 = await to(80);
    expect([d80.allowed, d80.deniedBy]).toEqual([false, 'sg-ingress']);
  });

  it('fact 14: a group reference matches the member interfaces\' private addresses, and imports none of the group\'s rules', async () => {
    const { vpcId, subnet1, prefix } = await lab();
    const app = await newGroup(vpcId, 'app');
    const db = await newGroup(vpcId, 'db');
    const other = await newGroup(vpcId, 'other');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: app }] }] }));
    // app admits 8080 from anywhere; a reference to app must not lend that rule to db.
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: app, IpPermissions: [tcp(8080, '0.0.0.0/0')] }));
    await eni(subnet1, [app], `${prefix}.1.11`);
    await eni(subnet1, [other], `${prefix}.1.12`);
    await eni(subnet1, [db], `${prefix}.1.13`);
    expect((await decide({ from: `${prefix}.1.11`, to: `${prefix}.1.13`, proto: 'tcp', port: 5432 })).allowed).toBe(true);
    expect((await decide({ from: `${prefix}.1.12`, to: `${prefix}.1.13`, proto: 'tcp', port: 5432 })).allowed).toBe(false);
    expect((await decide({ from: `${prefix}.1.11`, to: `${prefix}.1.13`, proto: 'tcp', port: 8080 })).allowed).toBe(false);
  });

  it('fact 15: tracked replies bypass the other direction; a revoke leaves tracked flows alive and cuts untracked ones', async () => {
    const { vpcId, subnet1, prefix } = await lab();
    const [server, web, client] = [`${prefix}.1.50`, `${prefix}.1.52`, `${prefix}.1.51`];
    // A server that may send nothing on its own: its replies can only pass by connection tracking.
    const mute = await newGroup(vpcId, 'ct-mute-server');
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: mute, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: mute, IpPermissions: [tcp(22, `${prefix}.0.0/16`)] }));
    // A web server with the default all-open egress: 80 from 0.0.0.0/0 is untracked (fact 16), 22 from the VPC tracked.
    const open = await newGroup(vpcId, 'ct-web-server');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: open, IpPermissions: [tcp(80, '0.0.0.0/0'), tcp(22, `${prefix}.0.0/16`)] }));
    await eni(subnet1, [mute], server);
    await eni(subnet1, [open], web);
    await eni(subnet1, [await newGroup(vpcId, 'ct-client')], client);
    const packet = (from: string, to: string, srcPort: number, port: number) => decide({ from, to, proto: 'tcp', srcPort, port, stateful: true });

    // Judged alone, the reply is denied by the mute server's egress; after its request, conntrack lets it out.
    const lone = await decide({ from: server, to: client, proto: 'tcp', srcPort: 22, port: 50001 });
    expect([lone.allowed, lone.deniedBy]).toEqual([false, 'sg-egress']);
    expect(stage(await packet(client, server, 50001, 22), 'sg-ingress')).toMatchObject({ allowed: true, tracked: true });
    const reply = await packet(server, client, 22, 50001);
    expect(reply.allowed).toBe(true);
    expect(stage(reply, 'sg-egress')).toMatchObject({ allowed: true, reason: 'conntrack' });

    // Open a tracked (22) and an untracked (80) connection to the web server, then revoke both rules.
    expect(stage(await packet(client, web, 50002, 22), 'sg-ingress')).toMatchObject({ allowed: true, tracked: true });
    expect(stage(await packet(client, web, 50003, 80), 'sg-ingress')).toMatchObject({ allowed: true, tracked: false });
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: open, IpPermissions: [tcp(80, '0.0.0.0/0'), tcp(22, `${prefix}.0.0/16`)] }));
    const tracked = await packet(client, web, 50002, 22);
    expect([tracked.allowed, stage(tracked, 'sg-ingress')?.reason]).toEqual([true, 'conntrack']);
    const untracked = await packet(client, web, 50003, 80);
    expect([untracked.allowed, untracked.deniedBy]).toEqual([false, 'sg-ingress']);
    // A new connection on the tracked port is refused too: only the existing one lives on.
    expect((await packet(client, web, 50004, 22)).allowed).toBe(false);
  });

  it('fact 16: untracked exactly when the admitting rule is 0.0.0.0/0 and the reverse direction is all-open; ICMP always tracked', async () => {
    const { vpcId, subnet1, prefix } = await lab();
    const g = await newGroup(vpcId, 'tracking');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: g,
        IpPermissions: [tcp(80, '0.0.0.0/0'), tcp(22, `${prefix}.0.0/16`), { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await eni(subnet1, [g], `${prefix}.1.30`);
    await eni(subnet1, [await newGroup(vpcId, 'peer-client')], `${prefix}.1.31`);
    const flow = (extra: Record<string, unknown>) => decide({ from: `${prefix}.1.31`, to: `${prefix}.1.30`, ...extra });
    // Egress is the default all-open rule: a 0.0.0.0/0 ingress rule makes the flow untracked; a narrower one does not.
    expect(stage(await flow({ proto: 'tcp', port: 80 }), 'sg-ingress')).toMatchObject({ allowed: true, tracked: false });
    expect(stage(await flow({ proto: 'tcp', port: 22 }), 'sg-ingress')).toMatchObject({ allowed: true, tracked: true });
    expect(stage(await flow({ proto: 'icmp', icmpType: 8, icmpCode: 0 }), 'sg-ingress')).toMatchObject({ allowed: true, tracked: true });
    // Without the all-open egress rule, the 0.0.0.0/0 flow is tracked too.
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    expect(stage(await flow({ proto: 'tcp', port: 80 }), 'sg-ingress')).toMatchObject({ allowed: true, tracked: true });
  });

  it('fact 17: idle timeouts per interface — TCP established 60–432000 s, UDP 30–60 s, UDP stream 60–180 s', async () => {
    const { subnet1 } = await lab();
    const create = (spec: Record<string, number>) => ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet1, ConnectionTrackingSpecification: spec }));
    const { NetworkInterface } = await create({ TcpEstablishedTimeout: 60, UdpStreamTimeout: 180, UdpTimeout: 30 });
    expect(NetworkInterface!.ConnectionTrackingConfiguration).toStrictEqual({ TcpEstablishedTimeout: 60, UdpStreamTimeout: 180, UdpTimeout: 30 });
    const edge = await create({ TcpEstablishedTimeout: 432000, UdpStreamTimeout: 60, UdpTimeout: 60 });
    expect(edge.NetworkInterface!.ConnectionTrackingConfiguration).toStrictEqual({ TcpEstablishedTimeout: 432000, UdpStreamTimeout: 60, UdpTimeout: 60 });
    const outOfRange: Record<string, number>[] = [{ TcpEstablishedTimeout: 59 }, { TcpEstablishedTimeout: 432001 }, { UdpTimeout: 29 }, { UdpTimeout: 61 }, { UdpStreamTimeout: 59 }, { UdpStreamTimeout: 181 }];
    for (const bad of outOfRange) {
      const f = await ec2Failure(create(bad));
      expect(f.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('fact 18: NACLs are stateless — a reply needs its own outbound entry', async () => {
    const { vpcId, subnet1, subnet2, prefix } = await lab();
    const server = await newGroup(vpcId, 'https-server');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: server, IpPermissions: [tcp(443, `${prefix}.0.0/16`)] }));
    await eni(subnet1, [await newGroup(vpcId, 'https-client')], `${prefix}.1.40`);
    await eni(subnet2, [server], `${prefix}.2.40`);
    const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    const aclId = NetworkAcl!.NetworkAclId!;
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: `${prefix}.0.0/16`, PortRange: { From: 443, To: 443 } }));
    await associate(vpcId, subnet2, aclId);
    expect((await decide({ from: `${prefix}.1.40`, to: `${prefix}.2.40`, proto: 'tcp', port: 443, srcPort: 50000 })).allowed).toBe(true);
    const reply = await decide({ from: `${prefix}.2.40`, to: `${prefix}.1.40`, proto: 'tcp', srcPort: 443, port: 50000 });
    expect([reply.allowed, reply.deniedBy, stage(reply, 'nacl-outbound')?.ruleNumber]).toEqual([false, 'nacl-outbound', 32767]);
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Protocol: '6', RuleAction: 'allow', Egress: true, CidrBlock: `${prefix}.0.0/16`, PortRange: { From: 1024, To: 65535 } }));
    // The ACL now lets the reply out (the decide endpoint judges one packet: what follows is the client's SG, fact 15).
    const again = await decide({ from: `${prefix}.2.40`, to: `${prefix}.1.40`, proto: 'tcp', srcPort: 443, port: 50000 });
    expect(stage(again, 'nacl-outbound')).toMatchObject({ allowed: true, ruleNumber: 100 });
    expect(again.deniedBy).not.toBe('nacl-outbound');
  });

  it('fact 19: NACL entries are evaluated by ascending number, first match wins; the * rules are 32767 (IPv4) and 32768 (IPv6)', async () => {
    const { vpcId, subnet1, subnet2, prefix } = await lab();
    const open = await newGroup(vpcId, 'open');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: open, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await eni(subnet1, [open], `${prefix}.1.50`);
    await eni(subnet2, [open], `${prefix}.2.50`);
    const aclId = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    const entry = (n: number, action: 'allow' | 'deny', cidr: string) =>
      ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: n, Protocol: '-1', RuleAction: action, Egress: false, CidrBlock: cidr }));
    await entry(200, 'allow', '0.0.0.0/0');
    await entry(100, 'deny', `${prefix}.1.50/32`);
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' }));
    await associate(vpcId, subnet2, aclId);
    const denied = await decide({ from: `${prefix}.1.50`, to: `${prefix}.2.50`, proto: 'tcp', port: 22 });
    expect([denied.allowed, stage(denied, 'nacl-inbound')?.ruleNumber]).toEqual([false, 100]);
    const acl = await networkAcl(aclId);
    const inbound = acl.Entries!.filter((e) => !e.Egress).map((e) => [e.RuleNumber, e.RuleAction, e.Protocol, e.CidrBlock ?? e.Ipv6CidrBlock]);
    expect(inbound).toEqual(expect.arrayContaining([[100, 'deny', '-1', `${prefix}.1.50/32`], [200, 'allow', '-1', '0.0.0.0/0'], [32767, 'deny', '-1', '0.0.0.0/0']]));
    // An IPv4-only VPC's ACL carries only the IPv4 `*` row (32768 is the IPv6 one, §3.12).
    expect(inbound).toHaveLength(3);
  });

  it('fact 20: NACLs do not apply between two interfaces of one subnet; security groups still do', async () => {
    const { vpcId, subnet1, prefix } = await lab();
    const open = await newGroup(vpcId, 'open-same-subnet');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: open, IpPermissions: [tcp(22, '0.0.0.0/0')] }));
    await eni(subnet1, [open], `${prefix}.1.60`);
    await eni(subnet1, [open], `${prefix}.1.61`);
    const denyAll = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    await associate(vpcId, subnet1, denyAll);
    const d = await decide({ from: `${prefix}.1.60`, to: `${prefix}.1.61`, proto: 'tcp', port: 22 });
    expect(d.allowed).toBe(true);
    expect(d.stages.map((x) => x.kind)).not.toContain('nacl-inbound');
    expect((await decide({ from: `${prefix}.1.60`, to: `${prefix}.1.61`, proto: 'tcp', port: 23 })).deniedBy).toBe('sg-ingress');
  });

  it('fact 21: the default NACL allows all, a custom one denies all; new subnets join the default; re-association returns a new aclassoc- id', async () => {
    const { vpcId, subnet1, subnet2 } = await lab();
    const def = await defaultAcl(vpcId);
    expect(def.IsDefault).toBe(true);
    const rows = (acl: NetworkAcl) => acl.Entries!.map((e) => [e.Egress, e.RuleNumber, e.RuleAction, e.Protocol, e.CidrBlock]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    expect(rows(def)).toEqual([
      [false, 100, 'allow', '-1', '0.0.0.0/0'],
      [false, 32767, 'deny', '-1', '0.0.0.0/0'],
      [true, 100, 'allow', '-1', '0.0.0.0/0'],
      [true, 32767, 'deny', '-1', '0.0.0.0/0'],
    ]);
    expect(def.Associations!.map((a) => a.SubnetId).sort()).toEqual([subnet1, subnet2].sort());
    const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
    expect(NetworkAcl!.IsDefault).toBe(false);
    expect(NetworkAcl!.Associations).toEqual([]);
    expect(rows(NetworkAcl!)).toEqual([
      [false, 32767, 'deny', '-1', '0.0.0.0/0'],
      [true, 32767, 'deny', '-1', '0.0.0.0/0'],
    ]);
    const before = def.Associations!.find((a) => a.SubnetId === subnet1)!.NetworkAclAssociationId!;
    expect(before).toMatch(/^aclassoc-/);
    const after = await associate(vpcId, subnet1, NetworkAcl!.NetworkAclId!);
    expect(after).toMatch(/^aclassoc-/);
    expect(after).not.toBe(before);
    expect((await networkAcl(NetworkAcl!.NetworkAclId!)).Associations!.map((a) => [a.SubnetId, a.NetworkAclAssociationId])).toEqual([[subnet1, after]]);
    expect((await defaultAcl(vpcId)).Associations!.map((a) => a.SubnetId)).toEqual([subnet2]);
  });

  it('fact 22: a NACL entry\'s Protocol is a number string; names are refused', async () => {
    const { vpcId } = await lab();
    const aclId = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 10, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } }));
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 20, Protocol: '1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', IcmpTypeCode: { Type: 8, Code: -1 } }));
    const entries = (await networkAcl(aclId)).Entries!.filter((e) => !e.Egress && e.RuleNumber! < 100);
    expect(entries.map((e) => [e.RuleNumber, e.Protocol, e.PortRange, e.IcmpTypeCode])).toEqual([
      [10, '6', { From: 443, To: 443 }, undefined],
      [20, '1', undefined, { Type: 8, Code: -1 }],
    ]);
    const named = await ec2Failure(ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 30, Protocol: 'tcp', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 1, To: 2 } })));
    expect(named).toMatchObject({ code: 'InvalidParameterValue', status: 400 });
  });

  it('fact 23: NACL entries are immutable — a second Create is NetworkAclEntryAlreadyExists, Replace changes it; 20 per direction per family', async () => {
    const { vpcId } = await lab();
    const aclId = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    const entry = (n: number, egress = false) => ({ NetworkAclId: aclId, RuleNumber: n, Protocol: '-1', RuleAction: 'allow' as const, Egress: egress, CidrBlock: '10.0.0.0/8' });
    await ec2.send(new CreateNetworkAclEntryCommand(entry(100)));
    expect(await ec2Failure(ec2.send(new CreateNetworkAclEntryCommand({ ...entry(100), RuleAction: 'deny' })))).toMatchObject({ code: 'NetworkAclEntryAlreadyExists', status: 400 });
    await ec2.send(new CreateNetworkAclEntryCommand(entry(100, true)));
    await ec2.send(new ReplaceNetworkAclEntryCommand({ ...entry(100), RuleAction: 'deny', CidrBlock: '10.1.2.3/16' }));
    expect((await networkAcl(aclId)).Entries!.find((e) => !e.Egress && e.RuleNumber === 100)).toMatchObject({ RuleAction: 'deny', CidrBlock: '10.1.0.0/16' });
    expect((await ec2Failure(ec2.send(new ReplaceNetworkAclEntryCommand(entry(101))))).code).toBe('InvalidNetworkAclEntry.NotFound');
    // 19 of our own + the `*` rule = 20 IPv4 ingress entries; the 20th of our own is over the quota.
    for (let n = 101; n <= 118; n++) await ec2.send(new CreateNetworkAclEntryCommand(entry(n)));
    expect((await ec2Failure(ec2.send(new CreateNetworkAclEntryCommand(entry(119))))).code).toBe('NetworkAclEntryLimitExceeded');
    for (const number of [0, 32767]) expect((await ec2Failure(ec2.send(new CreateNetworkAclEntryCommand(entry(number, true))))).status).toBe(400);
  });

  it('fact 24: quotas — 60 rules per direction per address family; IPv4 and IPv6 counted apart, ingress and egress apart', async () => {
    const vpcId = await newVpc();
    const sg = await newGroup(vpcId, 'quota');
    const v4 = (from: number, n: number, cidr = '10.0.0.0/8') => Array.from({ length: n }, (_, i) => tcp(from + i, cidr));
    const v6 = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ IpProtocol: 'tcp', FromPort: from + i, ToPort: from + i, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }));
    const ingress = (p: IpPermission[]) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: p }));
    const egress = (p: IpPermission[]) => ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: sg, IpPermissions: p }));
    await ingress(v4(1, 60));
    expect(await ec2Failure(ingress(v4(100, 1)))).toMatchObject({ code: 'RulesPerSecurityGroupLimitExceeded', status: 400, message: 'The maximum number of rules per security group has been reached.' });
    await ingress(v6(1, 60));
    expect((await ec2Failure(ingress(v6(100, 1)))).code).toBe('RulesPerSecurityGroupLimitExceeded');
    // Egress already has the default -1 → 0.0.0.0/0 rule: 59 more IPv4 rules fit.
    await egress(v4(1, 59));
    expect((await ec2Failure(egress(v4(100, 1)))).code).toBe('RulesPerSecurityGroupLimitExceeded');
    await egress(v6(1, 60));
    // All or nothing: a call that would cross the limit adds none of its rules.
    const all = await rules(sg);
    expect([all.filter((r) => !r.IsEgress && r.CidrIpv4).length, all.filter((r) => !r.IsEgress && r.CidrIpv6).length, all.filter((r) => r.IsEgress && r.CidrIpv4).length, all.filter((r) => r.IsEgress && r.CidrIpv6).length]).toEqual([60, 60, 60, 60]);
    // A revoke frees room.
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(1, '10.0.0.0/8')] }));
    await ingress(v4(100, 1));
  });

  it('fact 24: a customer prefix-list reference costs its MaxEntries against the rule quota', async () => {
    const vpcId = await newVpc();
    const sg = await newGroup(vpcId, 'prefix-cost');
    const { PrefixList } = await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: `offices-${vpcCount}`, AddressFamily: 'IPv4', MaxEntries: 10, Entries: [{ Cidr: '203.0.113.0/24' }] }));
    const list = PrefixList!.PrefixListId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: Array.from({ length: 51 }, (_, i) => tcp(1 + i, '10.0.0.0/8')) }));
    const withList = (port: number) => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, PrefixListIds: [{ PrefixListId: list }] }] }));
    // 51 + 10 = 61 > 60.
    expect((await ec2Failure(withList(443))).code).toBe('RulesPerSecurityGroupLimitExceeded');
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(1, '10.0.0.0/8')] }));
    await withList(443);
    expect((await group(sg)).IpPermissions!.find((p) => p.FromPort === 443)!.PrefixListIds).toEqual([{ PrefixListId: list }]);
  });

  it('fact 24: 5 security groups per interface', async () => {
    const { vpcId, subnet1 } = await lab();
    const groups: string[] = [];
    for (let i = 0; i < 6; i++) groups.push(await newGroup(vpcId, `member-${i}`));
    const tooMany = await ec2Failure(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet1, Groups: groups })));
    expect(tooMany.status).toBe(400);
    expect(['InvalidParameterValue', 'SecurityGroupsPerInterfaceLimitExceeded']).toContain(tooMany.code);
    const id = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet1, Groups: groups.slice(0, 5) }))).NetworkInterface!.NetworkInterfaceId!;
    expect((await ec2Failure(ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: groups })))).code).toBe('SecurityGroupsPerInterfaceLimitExceeded');
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: groups.slice(1, 6) }));
  });

  it('fact 25: Route 53 Resolver, IMDS and Time Sync traffic is never filtered, even with no egress rule', async () => {
    const { vpcId, subnet1, prefix } = await lab();
    const closed = await newGroup(vpcId, 'no-egress');
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: closed, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await eni(subnet1, [closed], `${prefix}.1.70`);
    for (const [to, proto, port] of [['169.254.169.254', 'tcp', 80], ['169.254.169.253', 'udp', 53], [`${prefix}.0.2`, 'udp', 53], ['169.254.169.123', 'udp', 123]] as const) {
      const d = await decide({ from: `${prefix}.1.70`, to, proto, port });
      expect([to, d.allowed, d.stages[0]?.kind], to).toEqual([to, true, 'exempt']);
    }
    expect((await decide({ from: `${prefix}.1.70`, to: `${prefix}.1.5`, proto: 'tcp', port: 80 })).deniedBy).toBe('sg-egress');
  });

  it('fact 25: RunInstances wants groups inside NetworkInterface.N when interfaces are given (InvalidParameterCombination)', async () => {
    const { vpcId, subnet1 } = await lab();
    const g = await newGroup(vpcId, 'instance-group');
    const f = await ec2Failure(
      ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-0123456789abcdef0',
          MinCount: 1,
          MaxCount: 1,
          SecurityGroupIds: [g],
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet1 }],
        }),
      ),
    );
    expect(f).toMatchObject({ code: 'InvalidParameterCombination', status: 400, message: 'Network interfaces and an instance-level security groups may not be specified on the same request' });
    const ok = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1, NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet1, Groups: [g] }] }));
    expect(ok.Instances![0].NetworkInterfaces![0].Groups!.map((x) => x.GroupId)).toEqual([g]);
  });
});
