/**
 * Signatures, accounts, read-only keys, isolation, the request layer's errors and the /_rampart/v1/ API, against a
 * real `rampart serve` process (issue 5 §1, §2, §5). EC2 auth codes and statuses: aws-semantics.md §1.3, §2.
 */
import { CreateSecurityGroupCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { runRampart, startTestServer, type TestServer } from '../helpers/server.ts';
import { errorCode, presignedUrl, signedPost, signedQuery } from '../helpers/sign.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ args: ['--allow-reset'] });
});
afterAll(async () => {
  await server?.stop();
});

async function newKey(extra: string[] = []): Promise<{ accountId: string; accessKeyId: string; secretAccessKey: string }> {
  const r = await runRampart(['accounts', 'create', '--json', '--data', server.dataDir, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { accountId: string; accessKeyId: string; secretAccessKey: string };
}

describe('SigV4', () => {
  it('answers an unsigned request with MissingAuthenticationToken', async () => {
    const res = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeVpcs&Version=2016-11-15' });
    const text = await res.text();
    expect([res.status, errorCode(text)]).toEqual([401, 'MissingAuthenticationToken']);
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>/);
    expect(text).toMatch(/<RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
  });

  it('accepts a correct signature and rejects a wrong secret, an unknown key, a skewed clock and a wrong scope', async () => {
    const ok = await signedQuery(server.url, { Action: 'DescribeVpcs' }, { credentials: server.credentials });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>');

    const wrongSecret = await signedQuery(server.url, { Action: 'DescribeVpcs' }, { credentials: { ...server.credentials, secretAccessKey: 'not-the-secret' } });
    expect([wrongSecret.status, errorCode(wrongSecret.text)]).toEqual([403, 'SignatureDoesNotMatch']);

    const unknownKey = await signedQuery(server.url, { Action: 'DescribeVpcs' }, { credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' } });
    expect([unknownKey.status, errorCode(unknownKey.text)]).toEqual([401, 'AuthFailure']);

    const skewed = await signedQuery(server.url, { Action: 'DescribeVpcs' }, { credentials: server.credentials, signingDate: new Date(Date.now() - 20 * 60_000) });
    expect(errorCode(skewed.text)).toBe('RequestExpired');
    expect(skewed.status).toBeLessThan(500);

    const otherService = await signedQuery(server.url, { Action: 'DescribeVpcs' }, { credentials: server.credentials, service: 's3' });
    expect([otherService.status, errorCode(otherService.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    const badRegion = await signedQuery(server.url, { Action: 'DescribeVpcs' }, { credentials: server.credentials, region: 'mars-north-1' });
    expect(errorCode(badRegion.text)).toBe('SignatureDoesNotMatch');
  });

  it('accepts presigned GET URLs until they expire', async () => {
    const good = await presignedUrl(server.url, { Action: 'DescribeRegions', 'RegionName.1': 'eu-west-1' }, { credentials: server.credentials });
    const res = await fetch(good);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('<regionName>eu-west-1</regionName>');
    const expired = await presignedUrl(server.url, { Action: 'DescribeRegions' }, { credentials: server.credentials, signingDate: new Date(Date.now() - 120_000), expiresIn: 60 });
    expect(errorCode(await (await fetch(expired)).text())).toBe('RequestExpired');
    const tampered = good.replace('eu-west-1', 'eu-west-2');
    expect(errorCode(await (await fetch(tampered)).text())).toBe('SignatureDoesNotMatch');
  });
});

describe('the request layer', () => {
  it('answers unknown actions, unimplemented actions, unknown and missing parameters with 400s', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ Action: 'FlyToTheMoon' }, 'InvalidAction'],
      // Every operation of the contract is implemented now: RunInstances without ImageId (and no template) is refused.
      [{ Action: 'RunInstances', MinCount: '1', MaxCount: '1' }, 'MissingParameter'],
      [{ Action: 'DescribeVpcs', Bogus: '1' }, 'UnknownParameter'],
      [{ Action: 'CreateSecurityGroup', GroupName: 'x' }, 'MissingParameter'],
      [{ Action: 'AuthorizeSecurityGroupIngress', GroupId: 'sg-1', 'IpPermissions.1.FromPort': 'eighty' }, 'InvalidParameterValue'],
      [{ Version: '2016-11-15' }, 'MissingAction'],
    ];
    for (const [params, code] of cases) {
      const r = await signedQuery(server.url, params, { credentials: server.credentials });
      expect([r.status, errorCode(r.text)], JSON.stringify(params)).toEqual([400, code]);
    }
  });
});

describe('accounts', () => {
  it('keeps accounts apart: each has its own default VPC and cannot see the other\'s groups', async () => {
    const first = ec2Client(server);
    const { GroupId } = await first.send(new CreateSecurityGroupCommand({ GroupName: 'private-to-first', Description: 'x' }));
    const other = await newKey();
    const second = ec2Client(server, { credentials: other });
    expect(await ec2Failure(second.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] })))).toMatchObject({ code: 'InvalidGroup.NotFound', status: 400 });
    const mine = (await first.send(new DescribeVpcsCommand({}))).Vpcs!.map((v) => v.VpcId);
    const theirs = (await second.send(new DescribeVpcsCommand({}))).Vpcs!;
    expect(theirs).toHaveLength(1);
    expect(theirs[0].OwnerId).toBe(other.accountId);
    expect(mine).not.toContain(theirs[0].VpcId);
    first.destroy();
    second.destroy();
  });

  it('takes explicit account ids and keys, read-only keys, and deletions effective at once', async () => {
    const mirrored = await newKey(['--account-id', '111122223333', '--access-key-id', 'AKIAMIRROREDKEY00001', '--secret-access-key', 'mirrored/secret+key']);
    expect(mirrored.accountId).toBe('111122223333');
    const client = ec2Client(server, { credentials: mirrored });
    expect((await client.send(new DescribeVpcsCommand({}))).Vpcs![0].OwnerId).toBe('111122223333');
    const { GroupId: oldGroup } = await client.send(new CreateSecurityGroupCommand({ GroupName: 'old-life', Description: 'x' }));

    const readOnly = await newKey(['--account-id', '111122223333', '--read-only']);
    const reader = ec2Client(server, { credentials: readOnly });
    expect((await reader.send(new DescribeVpcsCommand({}))).Vpcs).toHaveLength(1);
    expect(await ec2Failure(reader.send(new CreateSecurityGroupCommand({ GroupName: 'nope', Description: 'x' })))).toMatchObject({ code: 'UnauthorizedOperation', status: 403 });

    const list = await runRampart(['accounts', 'list', '--json', '--data', server.dataDir]);
    const accounts = JSON.parse(list.stdout) as Array<{ accountId: string; accessKeys: Array<{ readOnly: boolean }> }>;
    expect(accounts.find((a) => a.accountId === '111122223333')?.accessKeys.map((k) => k.readOnly)).toEqual([false, true]);

    const del = await runRampart(['accounts', 'delete', '--account-id', '111122223333', '--data', server.dataDir]);
    expect(del.code).toBe(0);
    expect(await ec2Failure(client.send(new DescribeVpcsCommand({})))).toMatchObject({ code: 'AuthFailure', status: 401 });
    // Re-created with the same id and key (as a test suite mirroring its keys does): a fresh account, nothing left over.
    await newKey(['--account-id', '111122223333', '--access-key-id', 'AKIAMIRROREDKEY00001', '--secret-access-key', 'mirrored/secret+key']);
    expect(await ec2Failure(client.send(new DescribeSecurityGroupsCommand({ GroupIds: [oldGroup!] })))).toMatchObject({ code: 'InvalidGroup.NotFound' });
    client.destroy();
    reader.destroy();
  });
});

describe('/_rampart/v1/', () => {
  it('serves health without credentials and refuses everything else unsigned', async () => {
    const health = await fetch(`${server.url}/_rampart/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const unsigned = await fetch(`${server.url}/_rampart/v1/decide`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
  });

  it('runs the engine for the caller and reports flows it cannot place as 400s', async () => {
    // No interfaces exist until the interface/instance family lands, so every address is "on the internet": the
    // engine refuses such a flow, and the API answers 400 with its reason (never 5xx).
    const r = await signedPost(server.url, '/_rampart/v1/decide', JSON.stringify({ from: '172.31.0.10', to: '172.31.16.20', proto: 'tcp', port: 22 }), 'application/json', {
      credentials: server.credentials,
    });
    expect(r.status, r.text).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'InvalidParameterValue', message: expect.stringContaining('interface') } });
    const bad = await signedPost(server.url, '/_rampart/v1/decide', JSON.stringify({ from: 'nowhere' }), 'application/json', { credentials: server.credentials });
    expect(JSON.parse(bad.text)).toMatchObject({ error: { code: 'InvalidParameterValue', message: '"from" must be an IP address' } });
  });

  it('resets every account to its first-start state; accounts and keys survive', async () => {
    const client = ec2Client(server);
    const { GroupId } = await client.send(new CreateSecurityGroupCommand({ GroupName: 'before-reset', Description: 'x' }));
    const before = (await client.send(new DescribeVpcsCommand({}))).Vpcs!.length;
    const r = await signedPost(server.url, '/_rampart/v1/reset', '', 'application/json', { credentials: server.credentials });
    expect(r.status, r.text).toBe(200);
    expect(await ec2Failure(client.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] })))).toMatchObject({ code: 'InvalidGroup.NotFound' });
    expect((await client.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBe(before);
    client.destroy();
  });
});

describe('flags', () => {
  it('refuses reset without --allow-reset, and warns loudly with --auth off', async () => {
    const open = await startTestServer({ args: ['--auth', 'off'] });
    try {
      expect(open.output()).toContain('WARNING: --auth off');
      const res = await fetch(`${open.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=DescribeVpcs&Version=2016-11-15' });
      expect(res.status).toBe(200);
      const reset = await fetch(`${open.url}/_rampart/v1/reset`, { method: 'POST', body: '' });
      expect(reset.status).toBe(403);
    } finally {
      expect(await open.stop()).toBe(0);
    }
  });
});
