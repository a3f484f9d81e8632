/**
 * Managed prefix lists through @aws-sdk/client-ec2 against a real `rampart serve` process (aws-semantics.md §3.19,
 * fact 24, CLI-EX): versions, CurrentVersion, entries and size not changed together, TargetVersion, delete only when
 * unreferenced, the rule quota charging MaxEntries, a resize the referencing groups cannot afford (`modify-failed`),
 * filters, ClientToken.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DeleteManagedPrefixListCommand,
  DescribeManagedPrefixListsCommand,
  DescribeSecurityGroupRulesCommand,
  GetManagedPrefixListEntriesCommand,
  ModifyManagedPrefixListCommand,
  RevokeSecurityGroupIngressCommand,
  type CreateManagedPrefixListCommandInput,
  type EC2Client,
  type ManagedPrefixList,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let ec2: EC2Client;
let vpcId: string;

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server);
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

async function create(input: Partial<CreateManagedPrefixListCommandInput>): Promise<ManagedPrefixList> {
  return (await ec2.send(new CreateManagedPrefixListCommand({ PrefixListName: 'office', AddressFamily: 'IPv4', MaxEntries: 5, ...input }))).PrefixList!;
}

async function list(id: string): Promise<ManagedPrefixList> {
  return (await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] }))).PrefixLists![0];
}

async function entries(id: string, version?: number): Promise<string[]> {
  return (await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, TargetVersion: version }))).Entries!.map((e) => e.Cidr!).sort();
}

describe('CreateManagedPrefixList / Describe / GetEntries', () => {
  it('creates version 1 (create-in-progress in the answer, create-complete after) with canonical entries', async () => {
    const p = await create({ PrefixListName: 'vpc-cidrs', MaxEntries: 10, Entries: [{ Cidr: '10.0.0.5/16', Description: 'vpc-a' }, { Cidr: '10.2.0.0/16' }] });
    expect(p).toMatchObject({ AddressFamily: 'IPv4', State: 'create-in-progress', PrefixListName: 'vpc-cidrs', MaxEntries: 10, Version: 1, Tags: [], OwnerId: server.accountId });
    expect(p.PrefixListArn).toBe(`arn:aws:ec2:us-east-1:${server.accountId}:prefix-list/${p.PrefixListId}`);
    expect((await list(p.PrefixListId!)).State).toBe('create-complete');
    const got = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: p.PrefixListId }));
    expect(got.Entries).toEqual(expect.arrayContaining([{ Cidr: '10.0.0.0/16', Description: 'vpc-a' }, { Cidr: '10.2.0.0/16' }]));
    const byName = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['vpc-*'] }] }));
    expect(byName.PrefixLists!.map((x) => x.PrefixListId)).toEqual([p.PrefixListId]);
    const mine = await ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'owner-id', Values: [server.accountId] }] }));
    expect(mine.PrefixLists!.map((x) => x.PrefixListId)).toContain(p.PrefixListId);
  });

  it('refuses what EC2 refuses, and creates nothing', async () => {
    const count = async () => (await ec2.send(new DescribeManagedPrefixListsCommand({}))).PrefixLists!.length;
    const before = await count();
    expect((await ec2Failure(create({ PrefixListName: 'com.amazonaws.us-east-1.s3' }))).code).toBe('InvalidParameterValue');
    expect((await ec2Failure(create({ AddressFamily: 'IPv5' }))).code).toBe('InvalidParameterValue');
    expect((await ec2Failure(create({ Entries: [{ Cidr: '2001:db8::/32' }] }))).code).toBe('InvalidParameterValue');
    expect((await ec2Failure(create({ MaxEntries: 1, Entries: [{ Cidr: '10.0.0.0/8' }, { Cidr: '192.168.0.0/16' }] }))).code).toBe('InvalidParameterValue');
    expect(await count()).toBe(before);
    expect((await ec2Failure(ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-0000000000000000a'] })))).code).toBe('InvalidPrefixListID.NotFound');
    expect((await ec2Failure(ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['office'] })))).code).toBe('InvalidPrefixListId.Malformed');
  });

  it('is idempotent with ClientToken', async () => {
    const a = await create({ PrefixListName: 'idem', ClientToken: 'pl-token' });
    const b = await create({ PrefixListName: 'idem', ClientToken: 'pl-token' });
    expect(b.PrefixListId).toBe(a.PrefixListId);
    expect((await ec2Failure(create({ PrefixListName: 'other', ClientToken: 'pl-token' }))).code).toBe('IdempotentParameterMismatch');
  });
});

describe('ModifyManagedPrefixList (§3.19)', () => {
  it('makes a new version per entry change, checks CurrentVersion, keeps old versions readable', async () => {
    const p = await create({ PrefixListName: 'versions', Entries: [{ Cidr: '10.0.0.0/16' }] });
    const id = p.PrefixListId!;
    const answer = await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 1, AddEntries: [{ Cidr: '10.1.0.0/16', Description: 'vpc-c' }] }));
    // CLI-EX: the answer shows the change starting, at the old version.
    expect(answer.PrefixList).toMatchObject({ State: 'modify-in-progress', Version: 1 });
    expect(await list(id)).toMatchObject({ State: 'modify-complete', Version: 2 });
    expect(await entries(id)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect(await entries(id, 1)).toEqual(['10.0.0.0/16']);

    const stale = await ec2Failure(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 1, RemoveEntries: [{ Cidr: '10.0.0.0/16' }] })));
    expect(stale.code).toBe('InvalidParameterValue');
    const both = await ec2Failure(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: [{ Cidr: '10.9.0.0/16' }], MaxEntries: 8 })));
    expect(both.code).toBe('InvalidParameterCombination');
    const overflow = await ec2Failure(
      ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, AddEntries: ['10.2', '10.3', '10.4', '10.5'].map((p2) => ({ Cidr: `${p2}.0.0/16` })) })),
    );
    expect(overflow.code).toBe('InvalidParameterValue');
    expect((await ec2Failure(ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, MaxEntries: 1 })))).code).toBe('InvalidParameterValue');
    expect(await list(id)).toMatchObject({ Version: 2, MaxEntries: 5 });
    expect(await entries(id)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);

    await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, CurrentVersion: 2, RemoveEntries: [{ Cidr: '10.0.0.0/16' }], PrefixListName: 'renamed' }));
    expect(await list(id)).toMatchObject({ Version: 3, PrefixListName: 'renamed' });
    expect(await entries(id)).toEqual(['10.1.0.0/16']);
    await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, MaxEntries: 20 }));
    expect(await list(id)).toMatchObject({ Version: 3, MaxEntries: 20 });
    expect((await ec2Failure(ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, TargetVersion: 9 })))).code).toBe('InvalidParameterValue');
  });
});

describe('prefix lists in security-group rules (fact 24)', () => {
  it('charges MaxEntries against the rule quota, fails a resize the group cannot afford, and blocks deletion while referenced', async () => {
    const group = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'pl-user', Description: 'x' }))).GroupId!;
    const p = await create({ PrefixListName: 'heavy', MaxEntries: 50, Entries: [{ Cidr: '203.0.113.0/24' }] });
    const id = p.PrefixListId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: group, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: id }] }] }));
    // 50 for the list + 10 CIDR rules = 60, the quota; one more is over it.
    const ten = Array.from({ length: 10 }, (_, n) => ({ CidrIp: `192.0.2.${n}/32` }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: group, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: ten }] }));
    const rules = async () => (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [group] }] }))).SecurityGroupRules!.length;
    const before = await rules();
    const over = await ec2Failure(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: group, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 23, ToPort: 23, IpRanges: [{ CidrIp: '192.0.2.99/32' }] }] })));
    expect(over.code).toBe('RulesPerSecurityGroupLimitExceeded');
    expect(await rules()).toBe(before);

    // Growing the list to 55 would put the group at 65 > 60: the modify "fails" with the group named (M).
    await ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, MaxEntries: 55 }));
    const failed = await list(id);
    expect(failed).toMatchObject({ State: 'modify-failed', MaxEntries: 50 });
    expect(failed.StateMessage).toContain(group);

    const blocked = await ec2Failure(ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id })));
    expect(blocked.code).toBe('DependencyViolation');
    expect((await list(id)).PrefixListId).toBe(id);
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: group, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: id }] }] }));
    const deleted = await ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id }));
    expect(deleted.PrefixList!.State).toBe('delete-in-progress');
    expect((await ec2Failure(ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] })))).code).toBe('InvalidPrefixListID.NotFound');
  });
});
