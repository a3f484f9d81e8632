/**
 * The security-group family through the real @aws-sdk/client-ec2 against a real `rampart serve` process: the tutorial
 * workflow, the deletions that must fail, the two rule views, DryRun, pagination, filters, atomicity.
 * Facts cited as "fact N" are aws-semantics.md §10.
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcsCommand,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startTestServer({ args: ['--quota', 'vpcsPerRegion=50'] });
  ec2 = ec2Client(server);
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

async function newVpc(cidr = '10.0.0.0/16'): Promise<string> {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  return Vpc!.VpcId!;
}

async function newGroup(vpcId: string, name: string): Promise<string> {
  const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: `${name} tier` }));
  return GroupId!;
}

async function group(groupId: string) {
  const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  return SecurityGroups![0];
}

const tcp = (port: number, cidr: string, extra: Partial<IpPermission> = {}): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr }],
  ...extra,
});

describe('the tutorial workflow (issue 5 §7)', () => {
  it('creates a VPC and subnet, a wide-open group, tightens it, and the deletions that must fail do', async () => {
    const vpcId = await newVpc();
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }));
    expect(Subnet!.AvailableIpAddressCount).toBe(251);

    const web = await newGroup(vpcId, 'web');
    // New group: no ingress, one egress -1 → 0.0.0.0/0 (fact 4).
    let g = await group(web);
    expect(g.IpPermissions).toEqual([]);
    expect(g.IpPermissionsEgress).toEqual([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]);

    // Wide open, then tightened to 80/443.
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [tcp(80, '0.0.0.0/0'), tcp(443, '0.0.0.0/0')] }));
    expect(added.SecurityGroupRules!.map((r) => [r.IpProtocol, r.FromPort, r.CidrIpv4, r.SecurityGroupRuleId?.startsWith('sgr-')])).toEqual([
      ['tcp', 80, '0.0.0.0/0', true],
      ['tcp', 443, '0.0.0.0/0', true],
    ]);
    // SSH from the office /32; egress restricted to one API port.
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [tcp(22, '203.0.113.7/32', { IpRanges: [{ CidrIp: '203.0.113.7/32', Description: 'office' }] })] }));
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [tcp(8443, '0.0.0.0/0')] }));
    g = await group(web);
    expect(g.IpPermissions!.map((p) => `${p.IpProtocol}/${p.FromPort}/${p.IpRanges!.map((r) => r.CidrIp).join(',')}`)).toEqual([
      'tcp/80/0.0.0.0/0',
      'tcp/443/0.0.0.0/0',
      'tcp/22/203.0.113.7/32',
    ]);
    expect(g.IpPermissionsEgress!.map((p) => `${p.IpProtocol}/${p.FromPort}`)).toEqual(['tcp/8443']);

    // A database group admitting 3306 from an app group.
    const app = await newGroup(vpcId, 'app');
    const db = await newGroup(vpcId, 'db');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, UserIdGroupPairs: [{ GroupId: app }] }] }));
    const dbGroup = await group(db);
    expect(dbGroup.IpPermissions![0].UserIdGroupPairs).toEqual([{ GroupId: app, UserId: server.accountId }]);

    // The deletions that must fail (fact 5).
    expect(await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupId: app })))).toMatchObject({ code: 'DependencyViolation', status: 400 });
    const { SecurityGroups: defaults } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
    expect(defaults).toHaveLength(1);
    expect(await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupId: defaults![0].GroupId })))).toMatchObject({ code: 'CannotDelete', status: 400 });
    expect(await ec2Failure(ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).toMatchObject({ code: 'DependencyViolation', status: 400 });
    // GroupName addresses the default VPC only (fact 7).
    expect(await ec2Failure(ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'web' })))).toMatchObject({ code: 'InvalidGroup.NotFound' });

    // And then everything can go, in dependency order.
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: db }));
    for (const id of [app, web]) await ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
    await ec2.send(new DeleteSubnetCommand({ SubnetId: Subnet!.SubnetId }));
    await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    expect(await ec2Failure(ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })))).toMatchObject({ code: 'InvalidVpcID.NotFound' });
  });
});

describe('faithful defaults', () => {
  it('gives the account a default VPC with a default subnet per zone and a default group (facts 4, 21)', async () => {
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    expect(Vpcs).toHaveLength(1);
    expect(Vpcs![0].CidrBlock).toBe('172.31.0.0/16');
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [Vpcs![0].VpcId!] }] }));
    expect(Subnets!.length).toBe(6);
    expect(Subnets!.every((s) => s.MapPublicIpOnLaunch && s.DefaultForAz)).toBe(true);
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    const d = SecurityGroups![0];
    expect(d.Description).toBe('default VPC security group');
    expect(d.IpPermissions).toEqual([
      { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: d.GroupId, GroupName: 'default', UserId: server.accountId }], IpRanges: [], Ipv6Ranges: [], PrefixListIds: [] },
    ]);
  });

  it('creates a group in the default VPC when no VpcId is given, names unique case-insensitively (fact 6)', async () => {
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'Default-Vpc-Group ', Description: 'x' }));
    const g = await group(GroupId!);
    expect(g.GroupName).toBe('Default-Vpc-Group');
    expect(await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'default-vpc-group', Description: 'y' })))).toMatchObject({ code: 'InvalidGroup.Duplicate' });
    expect(await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'default', Description: 'y' })))).toMatchObject({ code: 'InvalidGroup.Reserved' });
    expect(await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'sg-123', Description: 'y' })))).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Value (sg-123) for parameter GroupName is invalid. Group names may not be in the format sg-*.',
    });
    await ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'Default-Vpc-Group' }));
  });
});

describe('rules', () => {
  it('shows grouped IpPermissions in DescribeSecurityGroups and one rule per source in DescribeSecurityGroupRules (fact 9)', async () => {
    const vpcId = await newVpc('10.1.0.0/16');
    const sg = await newGroup(vpcId, 'views');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sg,
        IpPermissions: [
          { IpProtocol: '6', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '192.168.0.0/16' }] },
          { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
          { IpProtocol: '50', IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
      }),
    );
    const g = await group(sg);
    expect(g.IpPermissions!.map((p) => [p.IpProtocol, p.FromPort, p.ToPort, p.IpRanges!.length])).toEqual([
      ['tcp', 22, 22, 2],
      ['icmp', 8, -1, 1],
      ['50', -1, -1, 1],
    ]);
    const { SecurityGroupRules } = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [sg] }] }));
    expect(SecurityGroupRules!.map((r) => [r.IsEgress, r.IpProtocol, r.FromPort, r.ToPort, r.CidrIpv4])).toEqual([
      [true, '-1', -1, -1, '0.0.0.0/0'],
      [false, 'tcp', 22, 22, '10.0.0.0/8'],
      [false, 'tcp', 22, 22, '192.168.0.0/16'],
      [false, 'icmp', 8, -1, '10.0.0.0/8'],
      [false, '50', -1, -1, '10.0.0.0/8'],
    ]);
  });

  it('canonicalises CIDRs and treats the non-canonical form of a rule as a duplicate (fact 8)', async () => {
    const vpcId = await newVpc('10.2.0.0/16');
    const sg = await newGroup(vpcId, 'canon');
    const r = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(443, '100.68.0.18/18')] }));
    expect(r.SecurityGroupRules![0].CidrIpv4).toBe('100.68.0.0/18');
    const dup = await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(443, '100.68.0.0/18')] })));
    expect(dup).toMatchObject({ code: 'InvalidPermission.Duplicate', status: 400 });
    expect(dup.message).toBe('the specified rule "peer: 100.68.0.0/18, TCP, from port: 443, to port: 443, ALLOW" already exists');
  });

  it('adds none of a multi-rule authorize whose second rule is bad', async () => {
    const vpcId = await newVpc('10.3.0.0/16');
    const sg = await newGroup(vpcId, 'atomic');
    for (const bad of [tcp(70000, '10.0.0.0/8'), tcp(22, '10.0.0.0/33'), { IpProtocol: 'tcp', FromPort: 22, IpRanges: [{ CidrIp: '1.2.3.4/32' }] }]) {
      const f = await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(8080, '10.0.0.0/8'), bad] })));
      expect(f.status).toBe(400);
    }
    expect((await group(sg)).IpPermissions).toEqual([]);
  });

  it('revokes by id, and answers InvalidPermission.NotFound outside the default VPC without revoking anything (fact 11)', async () => {
    const vpcId = await newVpc('10.4.0.0/16');
    const sg = await newGroup(vpcId, 'revoke');
    const { SecurityGroupRules } = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(80, '0.0.0.0/0'), tcp(81, '0.0.0.0/0')] }));
    const f = await ec2Failure(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(80, '0.0.0.0/0'), tcp(99, '0.0.0.0/0')] })));
    expect(f.code).toBe('InvalidPermission.NotFound');
    expect((await group(sg)).IpPermissions).toHaveLength(2);
    const r = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, SecurityGroupRuleIds: [SecurityGroupRules![0].SecurityGroupRuleId!] }));
    expect(r.RevokedSecurityGroupRules!.map((x) => x.FromPort)).toEqual([80]);
    expect(await ec2Failure(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: sg, SecurityGroupRuleIds: ['sgr-0123456789abcdef0'] })))).toMatchObject({
      code: 'InvalidSecurityGroupRuleId.NotFound',
    });
  });

  it('in the default VPC, revokes what matches and reports the rest as UnknownIpPermissions (fact 11)', async () => {
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'legacy', Description: 'default vpc' }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: 'legacy', IpProtocol: 'tcp', FromPort: 25, ToPort: 25, CidrIp: '10.0.0.0/8' }));
    const r = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions: [tcp(25, '10.0.0.0/8'), tcp(26, '10.0.0.0/8')] }));
    expect(r.RevokedSecurityGroupRules!.map((x) => x.FromPort)).toEqual([25]);
    expect(r.UnknownIpPermissions!.map((p) => p.FromPort)).toEqual([26]);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId }));
  });

  it('modifies a rule in place and updates descriptions by properties', async () => {
    const vpcId = await newVpc('10.5.0.0/16');
    const sg = await newGroup(vpcId, 'modify');
    const { SecurityGroupRules } = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [tcp(80, '10.0.0.0/8')] }));
    const id = SecurityGroupRules![0].SecurityGroupRuleId!;
    await ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: sg, SecurityGroupRules: [{ SecurityGroupRuleId: id, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8081, CidrIpv4: '10.1.2.3/16' } }] }));
    await ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: sg, IpPermissions: [tcp(8080, '10.1.0.0/16', { ToPort: 8081, IpRanges: [{ CidrIp: '10.1.0.0/16', Description: 'internal api' }] })] }));
    const { SecurityGroupRules: after } = await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [id] }));
    expect(after![0]).toMatchObject({ SecurityGroupRuleId: id, FromPort: 8080, ToPort: 8081, CidrIpv4: '10.1.0.0/16', Description: 'internal api' });
    const typeChange = await ec2Failure(ec2.send(new ModifySecurityGroupRulesCommand({ GroupId: sg, SecurityGroupRules: [{ SecurityGroupRuleId: id, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 1, ToPort: 1, CidrIpv6: '::/0' } }] })));
    expect(typeChange.code).toBe('InvalidParameterValue');
  });

  it('validates ports per protocol with EC2\'s messages (fact 10)', async () => {
    const vpcId = await newVpc('10.6.0.0/16');
    const sg = await newGroup(vpcId, 'ports');
    const noPorts = await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'udp', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] })));
    expect(noPorts).toMatchObject({ code: 'InvalidParameterValue', message: "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange." });
    const noSource = await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 2 }] })));
    expect(noSource.code).toBe('InvalidParameterValue');
    expect(await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'sg-zz', IpPermissions: [tcp(1, '10.0.0.0/8')] })))).toMatchObject({ code: 'InvalidGroupId.Malformed' });
    expect(await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'sg-0123456789abcdef0', IpPermissions: [tcp(1, '10.0.0.0/8')] })))).toMatchObject({ code: 'InvalidGroup.NotFound' });
  });
});

describe('describe plumbing', () => {
  it('pages with MaxResults/NextToken through every group exactly once', async () => {
    const vpcId = await newVpc('10.7.0.0/16');
    for (let i = 0; i < 12; i++) await newGroup(vpcId, `page-${i}`);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], MaxResults: 5, NextToken: token }));
      seen.push(...r.SecurityGroups!.map((g) => g.GroupId!));
      token = r.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(13);
    expect(await ec2Failure(ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 2 })))).toMatchObject({ code: 'InvalidParameterValue' });
    expect(await ec2Failure(ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: 'garbage!' })))).toMatchObject({ code: 'InvalidNextToken' });
  });

  it('filters with wildcards, rule filters and tags', async () => {
    const vpcId = await newVpc('10.8.0.0/16');
    const a = await newGroup(vpcId, 'frontend-web');
    const b = await newGroup(vpcId, 'backend-api');
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: a, IpPermissions: [tcp(443, '0.0.0.0/0')] }));
    await ec2.send(new CreateTagsCommand({ Resources: [b], Tags: [{ Key: 'team', Value: 'payments' }] }));
    const ids = async (filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, ...filters] }))).SecurityGroups ?? []).map((g) => g.GroupId);
    expect(await ids([{ Name: 'group-name', Values: ['*web*'] }])).toEqual([a]);
    expect(await ids([{ Name: 'group-name', Values: ['backend-ap?'] }])).toEqual([b]);
    expect(await ids([{ Name: 'ip-permission.from-port', Values: ['443'] }, { Name: 'ip-permission.protocol', Values: ['6'] }])).toEqual([a]);
    expect(await ids([{ Name: 'tag:team', Values: ['pay*'] }])).toEqual([b]);
    expect(await ec2Failure(ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })))).toMatchObject({ code: 'InvalidFilter' });
    const { Tags } = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [b] }] }));
    expect(Tags).toEqual([{ ResourceId: b, ResourceType: 'security-group', Key: 'team', Value: 'payments' }]);
    await ec2.send(new DeleteTagsCommand({ Resources: [b], Tags: [{ Key: 'team', Value: 'other' }] }));
    expect((await group(b)).Tags).toEqual([{ Key: 'team', Value: 'payments' }]);
    await ec2.send(new DeleteTagsCommand({ Resources: [b], Tags: [{ Key: 'team' }] }));
    expect((await group(b)).Tags).toBeUndefined();
  });

  it('answers DryRun with DryRunOperation (412) after validation, changing nothing', async () => {
    const vpcId = await newVpc('10.9.0.0/16');
    const f = await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'dry', Description: 'd', DryRun: true })));
    expect(f).toMatchObject({ code: 'DryRunOperation', status: 412 });
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['dry'] }] }));
    expect(SecurityGroups).toEqual([]);
    // Validation comes first: a bad request is its own error even with DryRun.
    expect(await ec2Failure(ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'default', Description: 'd', DryRun: true })))).toMatchObject({ code: 'InvalidGroup.Reserved' });
    expect(await ec2Failure(ec2.send(new DescribeVpcsCommand({ DryRun: true })))).toMatchObject({ code: 'DryRunOperation', status: 412 });
  });
});
