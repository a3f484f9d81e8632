/**
 * The calls the Terraform AWS provider makes for `aws_security_group` with inline rules (issue 5 §7), replayed with
 * @aws-sdk/client-ec2 and with boto3 (test/e2e/terraform_boto3_replay.py), against a real `rampart serve` process.
 * Emulators break exactly here. The configuration modelled (HCL):
 *
 *   resource "aws_security_group" "app" { name = "tf-app"  vpc_id = aws_vpc.main.id }
 *   resource "aws_security_group" "web" {
 *     name = "tf-web"  description = "Managed by Terraform"  vpc_id = aws_vpc.main.id  tags = { Name = "tf-web" }
 *     ingress { description = "https"      protocol = "tcp"  from_port = 443  to_port = 443  cidr_blocks = ["10.0.0.0/16", "192.168.1.0/24"] }
 *     ingress { description = "https v6"   protocol = "tcp"  from_port = 443  to_port = 443  ipv6_cidr_blocks = ["::/0"] }
 *     ingress { description = "ssh office" protocol = "tcp"  from_port = 22   to_port = 22   cidr_blocks = ["203.0.113.7/32"] }
 *     ingress { description = "self"       protocol = "-1"   from_port = 0    to_port = 0    self = true }
 *     ingress { description = "ping"       protocol = "icmp" from_port = 8    to_port = 0    cidr_blocks = ["10.0.0.0/8"] }
 *     ingress { description = "from app"   protocol = "tcp"  from_port = 5432 to_port = 5432 security_groups = [aws_security_group.app.id] }
 *     egress  {                            protocol = "-1"   from_port = 0    to_port = 0    cidr_blocks = ["0.0.0.0/0"] }
 *     egress  { description = "dns"        protocol = "udp"  from_port = 53   to_port = 53   cidr_blocks = ["10.0.0.2/32"] }
 *   }
 *
 * The provider's sequence (internal/service/ec2/vpc_security_group.go): CreateSecurityGroup with TagSpecifications;
 * DescribeSecurityGroups by id until found (retried on InvalidGroup.NotFound — must succeed at once here); revoke the
 * default egress rule as `-1` with FromPort/ToPort 0 (ports EC2 ignores for -1), then the IPv6 one, tolerating
 * InvalidPermission.NotFound; one Authorize call per direction with every expanded rule (Terraform always sends
 * FromPort/ToPort, 0/0 for -1); DescribeSecurityGroups to read back and refresh. An update is a diff of the expanded
 * rule sets: revoke what went away, authorize what came; a rule resource's description changes in place with
 * UpdateSecurityGroupRuleDescriptionsIngress. Delete is DescribeNetworkInterfaces (group-id) for lingering interfaces,
 * DeleteSecurityGroup retried on DependencyViolation, then DescribeSecurityGroups until InvalidGroup.NotFound.
 *
 * What the provider reads back (flattenSecurityGroupRules): IpPermissions grouped by (protocol, from, to) with every
 * source list present; `-1` without ports (read as 0/0, matching the config; -1/-1 would be a perpetual diff);
 * protocol names; UserIdGroupPairs carrying UserId equal to the group's OwnerId (else it reads "owner/sg-…" and
 * diffs), the group's own id marking `self`; each source's Description. Citations: aws-semantics.md §3.1–§3.8, facts
 * 4, 5, 9, 10, 11, 12.
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client } from '../helpers/ec2-client.ts';
import { hasBoto3, requireClient } from '../helpers/real-clients.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/server.ts';

/** A failed call as Terraform sees it: the EC2 code and the HTTP status. */
type Failure = { readonly error: readonly [string, number] };
type Json = Record<string, unknown>;

/** What a replay reports, step by step; produced identically by the SDK replay below and by the boto3 script. */
interface Trace {
  readonly vpcId: string;
  readonly appId: string;
  readonly webId: string;
  readonly create: Json;
  /** The wait-for-created read: how many DescribeSecurityGroups calls until found, and the group. */
  readonly waitAttempts: number;
  readonly created: Json;
  readonly revokeDefaultEgress: Json | Failure;
  readonly revokeDefaultEgressV6: Json | Failure;
  readonly authorizeIngress: Json | Failure;
  readonly authorizeEgress: Json | Failure;
  readonly applied: Json;
  readonly refreshed: Json;
  readonly sshRuleIdBefore: string;
  readonly updateRevoke: Json | Failure;
  readonly updateAuthorize: Json | Failure;
  readonly updateDescription: Json | Failure;
  readonly updated: Json;
  readonly sshRuleIdAfter: string;
  readonly lingeringInterfaces: Json | Failure;
  readonly deleteAppAttempt: Json | Failure;
  readonly removeReference: Json | Failure;
  readonly deleteAppRetry: Json | Failure;
  readonly readDeletedApp: Json | Failure;
  readonly deleteWeb: Json | Failure;
  readonly readDeletedWeb: Json | Failure;
}

// ---- the configuration, as the provider expands it into IpPermissions (one Authorize call per direction) ----

const tcp = (port: number): Pick<IpPermission, 'IpProtocol' | 'FromPort' | 'ToPort'> => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port });
const ingressOf = (webId: string, appId: string): IpPermission[] => [
  { ...tcp(443), IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'https' }, { CidrIp: '192.168.1.0/24', Description: 'https' }] },
  { ...tcp(443), Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'https v6' }] },
  { ...tcp(22), IpRanges: [{ CidrIp: '203.0.113.7/32', Description: 'ssh office' }] },
  { IpProtocol: '-1', FromPort: 0, ToPort: 0, UserIdGroupPairs: [{ GroupId: webId, Description: 'self' }] },
  { IpProtocol: 'icmp', FromPort: 8, ToPort: 0, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'ping' }] },
  { ...tcp(5432), UserIdGroupPairs: [{ GroupId: appId, Description: 'from app' }] },
];
const EGRESS: IpPermission[] = [
  { IpProtocol: '-1', FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.2/32', Description: 'dns' }] },
];
const DEFAULT_EGRESS_V4: IpPermission = { IpProtocol: '-1', FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const DEFAULT_EGRESS_V6: IpPermission = { IpProtocol: '-1', FromPort: 0, ToPort: 0, Ipv6Ranges: [{ CidrIpv6: '::/0' }] };
// The update: the https block's second CIDR changes (revoke the old expanded rule, authorize the new one) …
const UPDATE_REVOKE: IpPermission = { ...tcp(443), IpRanges: [{ CidrIp: '192.168.1.0/24', Description: 'https' }] };
const UPDATE_AUTHORIZE: IpPermission = { ...tcp(443), IpRanges: [{ CidrIp: '192.168.2.0/24', Description: 'https' }] };
// … and the ssh rule's description changes in place.
const UPDATE_DESCRIPTION: IpPermission = { ...tcp(22), IpRanges: [{ CidrIp: '203.0.113.7/32', Description: 'ssh from the office' }] };
const removeReferenceOf = (appId: string): IpPermission => ({ ...tcp(5432), UserIdGroupPairs: [{ GroupId: appId, Description: 'from app' }] });

// ---- what the provider must read back, exactly ----

const NO_SOURCES = { IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };

function expectedWeb(t: Trace, accountId: string, stage: 'created' | 'applied' | 'updated'): Json {
  const base = {
    Description: 'Managed by Terraform',
    GroupName: 'tf-web',
    GroupId: t.webId,
    OwnerId: accountId,
    VpcId: t.vpcId,
    SecurityGroupArn: `arn:aws:ec2:us-east-1:${accountId}:security-group/${t.webId}`,
    Tags: [{ Key: 'Name', Value: 'tf-web' }],
  };
  if (stage === 'created') {
    // Fact 4: no ingress, one egress -1 → 0.0.0.0/0, and no ports on a -1 permission.
    return { ...base, IpPermissions: [], IpPermissionsEgress: [{ IpProtocol: '-1', ...NO_SOURCES, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] };
  }
  const httpsSecond = stage === 'applied' ? '192.168.1.0/24' : '192.168.2.0/24';
  const sshDescription = stage === 'applied' ? 'ssh office' : 'ssh from the office';
  return {
    ...base,
    IpPermissions: sortPermissions([
      { IpProtocol: '-1', ...NO_SOURCES, UserIdGroupPairs: [{ Description: 'self', GroupId: t.webId, UserId: accountId }] },
      { IpProtocol: 'icmp', FromPort: 8, ToPort: 0, ...NO_SOURCES, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'ping' }] },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, ...NO_SOURCES, IpRanges: [{ CidrIp: '203.0.113.7/32', Description: sshDescription }] },
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        ...NO_SOURCES,
        IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'https' }, { CidrIp: httpsSecond, Description: 'https' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'https v6' }],
      },
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, ...NO_SOURCES, UserIdGroupPairs: [{ Description: 'from app', GroupId: t.appId, UserId: accountId }] },
    ]),
    IpPermissionsEgress: sortPermissions([
      { IpProtocol: '-1', ...NO_SOURCES, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: 'udp', FromPort: 53, ToPort: 53, ...NO_SOURCES, IpRanges: [{ CidrIp: '10.0.0.2/32', Description: 'dns' }] },
    ]),
  };
}

/** Terraform keeps rules in sets: order is not significant (M: "The order of the elements … might vary"). */
function sortPermissions(perms: readonly Json[]): Json[] {
  const key = (v: unknown): string => JSON.stringify(v);
  return perms
    .map((p) => {
      const sorted: Json = { ...p };
      for (const list of ['IpRanges', 'Ipv6Ranges', 'PrefixListIds', 'UserIdGroupPairs']) {
        if (Array.isArray(p[list])) sorted[list] = [...(p[list] as unknown[])].sort((a, b) => key(a).localeCompare(key(b)));
      }
      return sorted;
    })
    .sort((a, b) => `${String(a.IpProtocol)}|${String(a.FromPort)}`.localeCompare(`${String(b.IpProtocol)}|${String(b.FromPort)}`));
}

/** A group as read, in a comparable form: JSON (no undefined members), permissions in a canonical order. */
function normalised(group: Json): Json {
  const g = JSON.parse(JSON.stringify(group)) as Json;
  return { ...g, IpPermissions: sortPermissions(g.IpPermissions as Json[]), IpPermissionsEgress: sortPermissions(g.IpPermissionsEgress as Json[]) };
}

/** Every check of the replay, applied alike to the SDK's and boto3's trace. */
function checkTrace(t: Trace, accountId: string): void {
  expect(t.webId).toMatch(/^sg-[0-9a-f]{17}$/);
  expect(t.create).toMatchObject({ GroupId: t.webId, Tags: [{ Key: 'Name', Value: 'tf-web' }], SecurityGroupArn: expect.stringContaining(t.webId) });
  // The wait-for-created read succeeds on the first call: no eventual consistency to wait out.
  expect(t.waitAttempts).toBe(1);
  expect(normalised(t.created)).toStrictEqual(expectedWeb(t, accountId, 'created'));

  // -1 with FromPort/ToPort 0 matches the default egress rule (ports are ignored for -1, fact 10) and revokes it.
  expect(t.revokeDefaultEgress).toMatchObject({ Return: true, RevokedSecurityGroupRules: [{ GroupId: t.webId, IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' }] });
  expect('UnknownIpPermissions' in t.revokeDefaultEgress).toBe(false);
  // No ::/0 egress rule in an IPv4 VPC: outside the default VPC that is InvalidPermission.NotFound, which the
  // provider tolerates (fact 11).
  expect(t.revokeDefaultEgressV6).toStrictEqual({ error: ['InvalidPermission.NotFound', 400] });

  // Fact 12: one sgr- rule per source (7 ingress sources, 2 egress).
  const ruleCount = (r: Json | Failure): number => ((r as Json).SecurityGroupRules as unknown[] | undefined)?.length ?? -1;
  expect(ruleCount(t.authorizeIngress)).toBe(7);
  expect(ruleCount(t.authorizeEgress)).toBe(2);
  const selfRule = ((t.authorizeIngress as Json).SecurityGroupRules as Json[]).find((r) => r.IpProtocol === '-1');
  expect(selfRule).toMatchObject({ FromPort: -1, ToPort: -1, IsEgress: false, GroupOwnerId: accountId, ReferencedGroupInfo: { GroupId: t.webId, UserId: accountId }, Description: 'self' });

  expect(normalised(t.applied)).toStrictEqual(expectedWeb(t, accountId, 'applied'));
  // A refresh reads the same thing again, in the same order.
  expect(t.refreshed).toStrictEqual(t.applied);

  // The update: revoke by properties (description given, ignored for matching: fact 11), authorize, describe in place.
  expect(t.updateRevoke).toMatchObject({ Return: true, RevokedSecurityGroupRules: [{ CidrIpv4: '192.168.1.0/24', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }] });
  expect(ruleCount(t.updateAuthorize)).toBe(1);
  expect(t.updateDescription).toMatchObject({ Return: true });
  expect(normalised(t.updated)).toStrictEqual(expectedWeb(t, accountId, 'updated'));
  // An in-place description update keeps the rule (and its id).
  expect(t.sshRuleIdAfter).toBe(t.sshRuleIdBefore);
  expect(t.sshRuleIdBefore).toMatch(/^sgr-[0-9a-f]{17}$/);

  // Delete: tf-app is referenced by tf-web's 5432 rule → DependencyViolation (fact 5), the provider retries; once the
  // reference is revoked the retry succeeds and the read answers InvalidGroup.NotFound.
  expect(t.deleteAppAttempt).toStrictEqual({ error: ['DependencyViolation', 400] });
  expect(t.removeReference).toMatchObject({ Return: true, RevokedSecurityGroupRules: [{ ReferencedGroupId: t.appId, FromPort: 5432 }] });
  expect(t.deleteAppRetry).toMatchObject({ Return: true, GroupId: t.appId });
  expect(t.readDeletedApp).toStrictEqual({ error: ['InvalidGroup.NotFound', 400] });
  // A group's own self-reference does not hold it back (aws-semantics.md §3.2: UNCONFIRMED; Rampart's reading).
  expect(t.deleteWeb).toMatchObject({ Return: true, GroupId: t.webId });
  expect(t.readDeletedWeb).toStrictEqual({ error: ['InvalidGroup.NotFound', 400] });
}

// ---- the replay through @aws-sdk/client-ec2 ----

/** A response without SDK metadata, as plain JSON. */
const plain = (r: object): Json => {
  const { $metadata: _metadata, ...rest } = r as Json;
  return JSON.parse(JSON.stringify(rest)) as Json;
};

async function outcome(call: Promise<object>): Promise<Json | Failure> {
  try {
    return plain(await call);
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { error: [err.name, err.$metadata?.httpStatusCode ?? 0] };
  }
}

async function sdkReplay(ec2: EC2Client): Promise<Trace> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const appId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'tf-app', Description: 'Managed by Terraform', VpcId: vpcId }))).GroupId!;

  const create = plain(
    await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'tf-web',
        Description: 'Managed by Terraform',
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'Name', Value: 'tf-web' }] }],
      }),
    ),
  );
  const webId = create.GroupId as string;
  const read = async (): Promise<Json> => plain((await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [webId] }))).SecurityGroups![0]);
  let waitAttempts = 0;
  let created: Json | undefined;
  while (created === undefined && waitAttempts < 5) {
    waitAttempts++;
    const r = await outcome(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [webId] })));
    if (!('error' in r)) created = (r.SecurityGroups as Json[])[0];
  }

  const revokeDefaultEgress = await outcome(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: webId, IpPermissions: [DEFAULT_EGRESS_V4] })));
  const revokeDefaultEgressV6 = await outcome(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: webId, IpPermissions: [DEFAULT_EGRESS_V6] })));
  const authorizeIngress = await outcome(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: webId, IpPermissions: ingressOf(webId, appId) })));
  const authorizeEgress = await outcome(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: webId, IpPermissions: EGRESS })));
  const applied = await read();
  const refreshed = await read();

  const sshRuleId = async (): Promise<string> => {
    const { SecurityGroupRules } = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [webId] }] }));
    return SecurityGroupRules!.find((r) => r.FromPort === 22)?.SecurityGroupRuleId ?? '';
  };
  const sshRuleIdBefore = await sshRuleId();
  const updateRevoke = await outcome(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: webId, IpPermissions: [UPDATE_REVOKE] })));
  const updateAuthorize = await outcome(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: webId, IpPermissions: [UPDATE_AUTHORIZE] })));
  const updateDescription = await outcome(ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId: webId, IpPermissions: [UPDATE_DESCRIPTION] })));
  const updated = await read();
  const sshRuleIdAfter = await sshRuleId();

  const lingeringInterfaces = await outcome(ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [appId] }] })));
  const deleteAppAttempt = await outcome(ec2.send(new DeleteSecurityGroupCommand({ GroupId: appId })));
  const removeReference = await outcome(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: webId, IpPermissions: [removeReferenceOf(appId)] })));
  const deleteAppRetry = await outcome(ec2.send(new DeleteSecurityGroupCommand({ GroupId: appId })));
  const readDeletedApp = await outcome(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [appId] })));
  const deleteWeb = await outcome(ec2.send(new DeleteSecurityGroupCommand({ GroupId: webId })));
  const readDeletedWeb = await outcome(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [webId] })));

  return {
    vpcId,
    appId,
    webId,
    create,
    waitAttempts,
    created: created ?? {},
    revokeDefaultEgress,
    revokeDefaultEgressV6,
    authorizeIngress,
    authorizeEgress,
    applied,
    refreshed,
    sshRuleIdBefore,
    updateRevoke,
    updateAuthorize,
    updateDescription,
    updated,
    sshRuleIdAfter,
    lingeringInterfaces,
    deleteAppAttempt,
    removeReference,
    deleteAppRetry,
    readDeletedApp,
    deleteWeb,
    readDeletedWeb,
  };
}

/**
 * The provider's deleteLingeringENIs: DescribeNetworkInterfaces with a group-id filter must answer (an empty list
 * here). Until the interface family exists it answers NotImplemented, and Terraform's destroy would stop there.
 */
function checkLingeringInterfaces(t: Trace): void {
  if ((t.lingeringInterfaces as Partial<Failure>).error?.[0] === 'NotImplemented') {
    process.stderr.write('\n*** terraform replay: DescribeNetworkInterfaces is not implemented yet; Terraform destroy needs it (deleteLingeringENIs) ***\n\n');
    return;
  }
  expect(t.lingeringInterfaces).toStrictEqual({ NetworkInterfaces: [] });
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('Terraform aws_security_group, replayed with @aws-sdk/client-ec2', () => {
  let trace: Trace;
  beforeAll(async () => {
    const ec2 = ec2Client(server);
    try {
      trace = await sdkReplay(ec2);
    } finally {
      ec2.destroy();
    }
  });

  it('creates, reads back, revokes the default egress, authorizes, updates and deletes exactly as the provider expects', () => {
    checkTrace(trace, server.accountId);
  });

  it('answers the lingering-interface lookup before the delete', () => {
    checkLingeringInterfaces(trace);
  });
});

const boto3Enabled = requireClient('boto3', hasBoto3());

describe.skipIf(!boto3Enabled)('Terraform aws_security_group, replayed with boto3', () => {
  let trace: Trace;
  beforeAll(async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('python3', [join(REPO_ROOT, 'test/e2e/terraform_boto3_replay.py')], { env: server.clientEnv }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    trace = JSON.parse(out) as Trace;
  });

  it('creates, reads back, revokes the default egress, authorizes, updates and deletes exactly as the provider expects', () => {
    checkTrace(trace, server.accountId);
  });

  it('answers the lingering-interface lookup before the delete', () => {
    checkLingeringInterfaces(trace);
  });
});
