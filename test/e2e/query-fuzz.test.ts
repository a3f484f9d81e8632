/**
 * Fuzzing the EC2 Query pipeline (issue 5 §8): thousands of correctly signed requests with real actions and plausible
 * but often wrong parameters (ids that exist or not, bad CIDRs, ports out of range, unknown keys, missing members),
 * plus some with broken signatures. Properties: never a 5xx, never an exception, and a failed call changes nothing —
 * neither the in-memory state nor the database (the two are compared at the end).
 *
 * Runs in-process through the same pipeline, control plane and SQLite store the server uses (no HTTP, so ten thousand
 * requests take seconds). RAMPART_FUZZ_RUNS sets the count (default 10,000).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlPlane } from '../../src/service/control-plane.ts';
import type { Store } from '../../src/store/store.ts';
import { FUZZ_REGION, openFuzzHarness, type FuzzHarness } from '../helpers/fuzz-harness.ts';

const RUNS = Number(process.env.RAMPART_FUZZ_RUNS ?? 10_000);
const REGION = FUZZ_REGION;

let harness: FuzzHarness;
let store: Store;
let plane: ControlPlane;
let accountId: string;
let internalErrors: unknown[];
const send = (params: Array<[string, string]>, tamper: boolean) => harness.send(params, tamper);

beforeAll(async () => {
  harness = await openFuzzHarness({ tmpPrefix: 'rampart-fuzz-', vpcsPerRegion: 50 });
  ({ store, plane, accountId, internalErrors } = harness);
});
afterAll(async () => {
  await harness?.close();
});

/** Ids the fuzzer draws from: ones that exist (refreshed as it goes) and well-formed or malformed ones that do not. */
const known = { sg: ['sg-0123456789abcdef0', 'sg-zz', ''], vpc: ['vpc-0123456789abcdef0', 'vpc-1'], subnet: ['subnet-0123456789abcdef0'], sgr: ['sgr-0123456789abcdef0', 'sgr-x'] };

async function refreshKnownIds(): Promise<void> {
  const state = (await plane.region(accountId, REGION)).state;
  known.sg = [...state.list('security-group').map((r) => r.id), 'sg-0123456789abcdef0', 'sg-zz'];
  known.vpc = [...state.list('vpc').map((r) => r.id), 'vpc-0123456789abcdef0'];
  known.subnet = [...state.list('subnet').map((r) => r.id), 'subnet-0123456789abcdef0'];
  known.sgr = [...state.list('security-group-rule').slice(0, 50).map((r) => r.id), 'sgr-0123456789abcdef0'];
}

const pick = (list: () => string[]) => fc.integer({ min: 0, max: 1000 }).map((i) => list()[i % list().length] ?? '');
const sgId = pick(() => known.sg);
const vpcId = pick(() => known.vpc);
const subnetId = pick(() => known.subnet);
const sgrId = pick(() => known.sgr);
const port = fc.oneof(fc.integer({ min: -2, max: 70000 }), fc.constantFrom(0, 22, 80, 443, 65535, -1)).map(String);
const protocol = fc.constantFrom('tcp', 'udp', 'icmp', 'icmpv6', '-1', '6', '17', '50', '256', 'TCP', 'all', '', 'x');
const cidr4 = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 33 })).map(([ip, n]) => `${ip}/${n}`),
  fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.0.0.5/16', '010.0.0.0/8', '1.2.3.4', 'garbage', ''),
);
const cidr6 = fc.oneof(fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 129 })).map(([ip, n]) => `${ip}/${n}`), fc.constantFrom('::/0', '2001:db8::/32'));
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('web', 'default', 'sg-1', 'Web ', 'ü', 'a'.repeat(300)));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });

/** One IpPermission (or a rule request) as `prefix.*` keys. */
const permission = (prefix: string): fc.Arbitrary<Array<[string, string]>> =>
  fc
    .record({
      IpProtocol: maybe(protocol),
      FromPort: maybe(port),
      ToPort: maybe(port),
      cidr: maybe(cidr4),
      cidr6: maybe(cidr6),
      group: maybe(sgId),
      description: maybe(text),
    })
    .map((p) => {
      const out: Array<[string, string]> = [];
      if (p.IpProtocol !== undefined) out.push([`${prefix}.IpProtocol`, p.IpProtocol]);
      if (p.FromPort !== undefined) out.push([`${prefix}.FromPort`, p.FromPort]);
      if (p.ToPort !== undefined) out.push([`${prefix}.ToPort`, p.ToPort]);
      if (p.cidr !== undefined) out.push([`${prefix}.IpRanges.1.CidrIp`, p.cidr]);
      if (p.cidr !== undefined && p.description !== undefined) out.push([`${prefix}.IpRanges.1.Description`, p.description]);
      if (p.cidr6 !== undefined) out.push([`${prefix}.Ipv6Ranges.1.CidrIpv6`, p.cidr6]);
      if (p.group !== undefined) out.push([`${prefix}.Groups.1.GroupId`, p.group]);
      return out;
    });

const permissions = fc.array(fc.nat(2), { minLength: 0, maxLength: 3 }).chain((xs) =>
  fc.tuple(...xs.map((_, i) => permission(`IpPermissions.${i + 1}`))).map((ps) => ps.flat()),
);

const kv = (k: string, a: fc.Arbitrary<string>) => maybe(a).map((v): Array<[string, string]> => (v === undefined ? [] : [[k, v]]));
const all = (...parts: fc.Arbitrary<Array<[string, string]>>[]) => fc.tuple(...parts).map((ps) => ps.flat());
const action = (name: string, ...parts: fc.Arbitrary<Array<[string, string]>>[]) =>
  all(...parts).map((ps): Array<[string, string]> => [['Action', name], ['Version', '2016-11-15'], ...ps]);

const request: fc.Arbitrary<Array<[string, string]>> = fc.oneof(
  action('CreateVpc', kv('CidrBlock', cidr4)),
  action('DeleteVpc', kv('VpcId', vpcId)),
  action('CreateSubnet', kv('VpcId', vpcId), kv('CidrBlock', cidr4), kv('AvailabilityZone', fc.constantFrom('us-east-1a', 'us-east-1z'))),
  action('DeleteSubnet', kv('SubnetId', subnetId)),
  action('CreateSecurityGroup', kv('GroupName', text), kv('GroupDescription', text), kv('VpcId', vpcId), kv('DryRun', fc.constantFrom('true', 'false', 'maybe'))),
  action('DeleteSecurityGroup', kv('GroupId', sgId), kv('GroupName', text)),
  { arbitrary: action('AuthorizeSecurityGroupIngress', kv('GroupId', sgId), permissions), weight: 4 },
  { arbitrary: action('AuthorizeSecurityGroupEgress', kv('GroupId', sgId), permissions), weight: 2 },
  action('AuthorizeSecurityGroupIngress', kv('GroupId', sgId), kv('IpProtocol', protocol), kv('FromPort', port), kv('ToPort', port), kv('CidrIp', cidr4), kv('SourceSecurityGroupName', text)),
  { arbitrary: action('RevokeSecurityGroupIngress', kv('GroupId', sgId), permissions, kv('SecurityGroupRuleId.1', sgrId)), weight: 2 },
  action('RevokeSecurityGroupEgress', kv('GroupId', sgId), permissions),
  action('ModifySecurityGroupRules', kv('GroupId', sgId), kv('SecurityGroupRule.1.SecurityGroupRuleId', sgrId), permission('SecurityGroupRule.1.SecurityGroupRule').map((ps) => ps.map(([k, v]): [string, string] => [k.replace('IpRanges.1.CidrIp', 'CidrIpv4').replace('.IpRanges.1.Description', '.Description'), v]))),
  action('UpdateSecurityGroupRuleDescriptionsIngress', kv('GroupId', sgId), permissions),
  action('DescribeSecurityGroups', kv('GroupId.1', sgId), kv('Filter.1.Name', fc.constantFrom('group-name', 'vpc-id', 'ip-permission.from-port', 'bogus')), kv('Filter.1.Value.1', text), kv('MaxResults', port)),
  action('DescribeSecurityGroupRules', kv('SecurityGroupRuleId.1', sgrId), kv('NextToken', text)),
  action('CreateTags', kv('ResourceId.1', fc.oneof(sgId, vpcId, sgrId, text)), kv('Tag.1.Key', text), kv('Tag.1.Value', text)),
  action('DeleteTags', kv('ResourceId.1', fc.oneof(sgId, vpcId)), kv('Tag.1.Key', text)),
  action('DescribeTags', kv('Filter.1.Name', fc.constantFrom('key', 'resource-id', 'nope')), kv('Filter.1.Value.1', text)),
  action(
    'DescribeVpcs',
    kv('VpcId.1', vpcId),
    kv('Bogus.1', text),
  ),
  fc.constantFrom<Array<[string, string]>>([['Action', 'RunInstances']], [['Action', 'Nope']], [['Version', '2016-11-15']], [['Action', 'DescribeVpcs'], ['VpcId.0', 'x']]),
);

describe('EC2 Query fuzzing', () => {
  it(`answers ${RUNS} random requests without a 5xx, and failed calls change nothing`, async () => {
    const handle = await plane.region(accountId, REGION);
    let failures = 0;
    let successes = 0;
    await fc.assert(
      fc.asyncProperty(request, fc.integer({ min: 0, max: 19 }), async (params, dice) => {
        const tamper = dice === 0; // 1 in 20: the body no longer matches the signature
        const before = handle.state.version;
        const res = await send(params, tamper);
        expect(res.status, res.body).toBeLessThan(500);
        if (res.status === 200) {
          successes++;
          if (successes % 50 === 0) await refreshKnownIds();
        } else {
          failures++;
          expect(handle.state.version, `a failed ${params[0]?.[1]} changed the state: ${res.body}`).toBe(before);
          if (tamper) expect(res.body).toContain('SignatureDoesNotMatch');
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.RAMPART_FUZZ_SEED ?? 20261123) },
    );
    expect(internalErrors).toEqual([]);
    // Both outcomes happened in quantity, so the properties were really exercised.
    expect(successes).toBeGreaterThan(RUNS / 50);
    expect(failures).toBeGreaterThan(RUNS / 4);
    // Memory and the database agree record for record.
    const rows = await store.loadRegion(accountId, REGION);
    const inDb = new Map(rows.map((r) => [r.id, JSON.parse(r.body) as unknown]));
    const inMemory = new Map<string, unknown>();
    for (const kind of new Set(rows.map((r) => r.kind)).add('security-group')) for (const r of handle.state.list(kind)) inMemory.set(r.id, r);
    expect(inMemory.size).toBe(inDb.size);
    for (const [id, r] of inMemory) expect(inDb.get(id), id).toEqual(r);
  });
});
