/**
 * Fuzzing the network families (ModifySubnetAttribute, internet gateways, route tables, network ACLs) through the EC2
 * Query pipeline, in the style of query-fuzz.test.ts (issue 5 §8): signed requests with real actions and plausible but
 * often wrong parameters — ids that exist or not, rule numbers at and past the limits, protocol names and numbers,
 * ports and ICMP fields out of range, CIDRs of the wrong family. Properties: never a 5xx, never an exception, a failed
 * call changes nothing, and memory equals the database at the end. RAMPART_NETFUZZ_RUNS sets the count (default 3,000).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlPlane } from '../../src/service/control-plane.ts';
import type { Store } from '../../src/store/store.ts';
import { FUZZ_REGION, openFuzzHarness, type FuzzHarness } from '../helpers/fuzz-harness.ts';

const RUNS = Number(process.env.RAMPART_NETFUZZ_RUNS ?? 3_000);
const REGION = FUZZ_REGION;

let harness: FuzzHarness;
let store: Store;
let plane: ControlPlane;
let accountId: string;
let internalErrors: unknown[];
const send = (params: Array<[string, string]>, tamper: boolean) => harness.send(params, tamper);

beforeAll(async () => {
  // Few VPCs, so that the ids the fuzzer draws often belong together.
  harness = await openFuzzHarness({ tmpPrefix: 'rampart-netfuzz-', vpcsPerRegion: 4 });
  ({ store, plane, accountId, internalErrors } = harness);
});
afterAll(async () => {
  await harness?.close();
});

/** Ids the fuzzer draws from: ones that exist (refreshed as it goes) and well-formed or malformed ones that do not. */
const known: Record<string, string[]> = {
  vpc: ['vpc-0123456789abcdef0'],
  subnet: ['subnet-0123456789abcdef0', 'subnet-x'],
  igw: ['igw-0123456789abcdef0', 'igw-x'],
  rtb: ['rtb-0123456789abcdef0', 'rtb-x'],
  rtbassoc: ['rtbassoc-0123456789abcdef0', 'x'],
  acl: ['acl-0123456789abcdef0', 'acl-x'],
  aclassoc: ['aclassoc-0123456789abcdef0', ''],
  /** `igw vpc` for each attachment, and `rtb igw` for each table whose VPC has a gateway: pairs that fit together. */
  attachment: ['igw-0123456789abcdef0 vpc-0123456789abcdef0'],
  tableAndGateway: ['rtb-0123456789abcdef0 igw-0123456789abcdef0'],
  tableAndSubnet: ['rtb-0123456789abcdef0 subnet-0123456789abcdef0'],
  /** `acl ruleNumber egress` of existing entries. */
  entry: ['acl-0123456789abcdef0 100 false'],
  /** `rtb destination` of existing routes. */
  route: ['rtb-0123456789abcdef0 0.0.0.0/0'],
};

async function refreshKnownIds(): Promise<void> {
  const state = (await plane.region(accountId, REGION)).state;
  const ids = (kind: string) => state.list(kind).map((r) => r.id);
  const tables = state.list<{ kind: 'route-table'; id: string; parentId: string; associations: { associationId: string; main: boolean }[]; routes: { destinationCidrBlock: string }[] }>('route-table');
  known.route = [...tables.flatMap((t) => t.routes.map((r) => `${t.id} ${r.destinationCidrBlock}`)), 'rtb-0123456789abcdef0 0.0.0.0/0'];
  const acls = state.list<{ kind: 'network-acl'; id: string; associations: { associationId: string }[]; entries: { ruleNumber: number; egress: boolean }[] }>('network-acl');
  known.entry = [...acls.flatMap((a) => a.entries.map((e) => `${a.id} ${e.ruleNumber} ${e.egress}`)), 'acl-0123456789abcdef0 100 false'];
  known.vpc = [...ids('vpc'), 'vpc-0123456789abcdef0'];
  known.subnet = [...ids('subnet'), 'subnet-0123456789abcdef0'];
  known.igw = [...ids('internet-gateway'), 'igw-0123456789abcdef0', 'igw-x'];
  known.rtb = [...ids('route-table'), 'rtb-0123456789abcdef0'];
  // Subnet associations (which can be removed) well ahead of the main ones (which can't).
  const subnetAssociations = tables.flatMap((t) => t.associations.filter((a) => !a.main).map((a) => a.associationId));
  known.rtbassoc = [...subnetAssociations, ...subnetAssociations, ...subnetAssociations, ...tables.flatMap((t) => t.associations.filter((a) => a.main).map((a) => a.associationId)), 'rtbassoc-0123456789abcdef0'];
  const subnets = state.list<{ kind: 'subnet'; id: string; parentId: string }>('subnet');
  known.tableAndSubnet = [...tables.flatMap((t) => subnets.filter((x) => x.parentId === t.parentId).map((x) => `${t.id} ${x.id}`)), 'rtb-0123456789abcdef0 subnet-0123456789abcdef0'];
  known.acl = [...ids('network-acl'), 'acl-0123456789abcdef0', 'acl-x'];
  known.aclassoc = [...acls.flatMap((a) => a.associations.map((x) => x.associationId)), 'aclassoc-0123456789abcdef0'];
  const gateways = state.list<{ kind: 'internet-gateway'; id: string; attachedVpcIds: string[] }>('internet-gateway');
  known.attachment = [...gateways.flatMap((g) => g.attachedVpcIds.map((v) => `${g.id} ${v}`)), 'igw-0123456789abcdef0 vpc-0123456789abcdef0'];
  known.tableAndGateway = [
    ...state.list<{ kind: 'route-table'; id: string; parentId: string }>('route-table').flatMap((t) =>
      gateways.filter((g) => g.attachedVpcIds.includes(t.parentId)).map((g) => `${t.id} ${g.id}`),
    ),
    'rtb-0123456789abcdef0 igw-0123456789abcdef0',
  ];
}

const pick = (list: () => string[]) => fc.integer({ min: 0, max: 1000 }).map((i) => list()[i % list().length] ?? '');
const id = (kind: string) => pick(() => known[kind]);
const port = fc.oneof(fc.integer({ min: -2, max: 70000 }), fc.constantFrom(0, 22, 80, 443, 65535, -1)).map(String);
const protocol = fc.constantFrom('6', '17', '1', '58', '-1', '50', '256', '-2', 'tcp', '06', '', 'x');
const cidr4 = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 33 })).map(([ip, n]) => `${ip}/${n}`),
  fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.0.0.5/16', '010.0.0.0/8', '1.2.3.4', 'garbage', ''),
);
const cidr6 = fc.oneof(fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 129 })).map(([ip, n]) => `${ip}/${n}`), fc.constantFrom('::/0', '2001:db8::/32'));
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('web', 'default', 'sg-1', 'Web ', 'ü', 'a'.repeat(300)));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 });
const bool = fc.constantFrom('true', 'false', 'maybe');
// Mostly a few small numbers, so that Replace and Delete find the entries Create made.
const ruleNumber = fc.oneof({ arbitrary: fc.constantFrom(100, 110, 120), weight: 4 }, fc.integer({ min: -1, max: 33000 }), fc.constantFrom(1, 32766, 32767, 32768)).map(String);
/** Mostly present: a required parameter. */
const usually = (k: string, a: fc.Arbitrary<string>) => fc.oneof({ arbitrary: a.map((v): Array<[string, string]> => [[k, v]]), weight: 9 }, fc.constant<Array<[string, string]>>([]));
/** Mostly absent: a parameter whose presence fails the call. */
const rarely = (k: string, a: fc.Arbitrary<string>) => fc.oneof({ arbitrary: fc.constant<Array<[string, string]>>([]), weight: 9 }, a.map((v): Array<[string, string]> => [[k, v]]));
// Mostly a few destinations, so that DeleteRoute finds what CreateRoute made.
const destination = fc.oneof({ arbitrary: fc.constantFrom('0.0.0.0/0', '192.0.2.0/24', '198.51.100.7/24'), weight: 3 }, cidr4);
const icmp = fc.oneof(fc.integer({ min: -2, max: 300 }), fc.constantFrom(-1, 0, 3, 8)).map(String);

const kv = (k: string, a: fc.Arbitrary<string>) => maybe(a).map((v): Array<[string, string]> => (v === undefined ? [] : [[k, v]]));
const all = (...parts: fc.Arbitrary<Array<[string, string]>>[]) => fc.tuple(...parts).map((ps) => ps.flat());
const call = (name: string, ...parts: fc.Arbitrary<Array<[string, string]>>[]) =>
  all(...parts).map((ps): Array<[string, string]> => [['Action', name], ['Version', '2016-11-15'], ...ps]);

/** Two parameters filled from one `a b` pair of a `known` list. */
const pair = (kind: string, first: string, second: string) =>
  id(kind).map((p): Array<[string, string]> => {
    const [a, b] = p.split(' ');
    return [[first, a ?? ''], [second, b ?? '']];
  });

/** The (ACL, number, direction) of an existing entry. */
const existingEntry = id('entry').map((e): Array<[string, string]> => {
  const [acl, n, egress] = e.split(' ');
  return [['NetworkAclId', acl ?? ''], ['RuleNumber', n ?? ''], ['Egress', egress ?? '']];
});

/** An entry request; for an existing entry's (ACL, number, direction) when `existing`. */
const entry = (action: string, existing = false) =>
  call(
    action,
    existing
      ? existingEntry
      : all(usually('NetworkAclId', id('acl')), usually('RuleNumber', ruleNumber), usually('Egress', bool)),
    usually('Protocol', protocol),
    usually('RuleAction', fc.constantFrom('allow', 'deny', 'maybe')),
    kv('CidrBlock', cidr4),
    rarely('Ipv6CidrBlock', cidr6),
    kv('PortRange.From', port),
    kv('PortRange.To', port),
    kv('Icmp.Type', icmp),
    kv('Icmp.Code', icmp),
    rarely('DryRun', bool),
  );

const request: fc.Arbitrary<Array<[string, string]>> = fc.oneof(
  fc.constant<Array<[string, string]>>([['Action', 'CreateVpc'], ['Version', '2016-11-15'], ['CidrBlock', '10.0.0.0/16']]),
  call('CreateSubnet', usually('VpcId', id('vpc')), usually('CidrBlock', fc.oneof(fc.constantFrom('10.0.1.0/24', '10.0.2.0/24', '172.31.200.0/24'), cidr4))),
  call('DeleteSubnet', kv('SubnetId', id('subnet'))),
  call('DeleteVpc', kv('VpcId', id('vpc'))),
  call('ModifySubnetAttribute', kv('SubnetId', id('subnet')), kv('MapPublicIpOnLaunch.Value', bool), rarely('AssignIpv6AddressOnCreation.Value', bool), rarely('PrivateDnsHostnameTypeOnLaunch', fc.constantFrom('ip-name', 'resource-name', 'x'))),
  call('CreateInternetGateway', kv('DryRun', bool)),
  { arbitrary: call('AttachInternetGateway', kv('InternetGatewayId', id('igw')), kv('VpcId', id('vpc'))), weight: 2 },
  call('DetachInternetGateway', kv('InternetGatewayId', id('igw')), kv('VpcId', id('vpc'))),
  call('DetachInternetGateway', pair('attachment', 'InternetGatewayId', 'VpcId')),
  call('DeleteInternetGateway', kv('InternetGatewayId', id('igw'))),
  call('DescribeInternetGateways', kv('InternetGatewayId.1', id('igw')), kv('Filter.1.Name', fc.constantFrom('attachment.vpc-id', 'attachment.state', 'bogus')), kv('Filter.1.Value.1', text)),
  call('CreateRouteTable', kv('VpcId', id('vpc')), kv('ClientToken', fc.constantFrom('a', 'b'))),
  call('DeleteRouteTable', kv('RouteTableId', id('rtb'))),
  { arbitrary: call('CreateRoute', pair('tableAndGateway', 'RouteTableId', 'GatewayId'), kv('DestinationCidrBlock', destination)), weight: 2 },
  { arbitrary: call('CreateRoute', kv('RouteTableId', id('rtb')), kv('DestinationCidrBlock', destination), kv('GatewayId', fc.oneof(id('igw'), fc.constantFrom('local', 'vgw-1'))), rarely('NatGatewayId', fc.constant('nat-1'))), weight: 2 },
  call('DeleteRoute', pair('route', 'RouteTableId', 'DestinationCidrBlock')),
  call('DeleteRoute', kv('RouteTableId', id('rtb')), kv('DestinationCidrBlock', destination), rarely('DestinationIpv6CidrBlock', cidr6)),
  { arbitrary: call('AssociateRouteTable', pair('tableAndSubnet', 'RouteTableId', 'SubnetId')), weight: 2 },
  { arbitrary: call('AssociateRouteTable', usually('RouteTableId', id('rtb')), usually('SubnetId', id('subnet')), rarely('GatewayId', id('igw'))), weight: 2 },
  { arbitrary: call('DisassociateRouteTable', usually('AssociationId', id('rtbassoc'))), weight: 2 },
  call('DescribeRouteTables', kv('RouteTableId.1', id('rtb')), kv('Filter.1.Name', fc.constantFrom('route.state', 'association.main', 'bogus')), kv('Filter.1.Value.1', text), kv('MaxResults', port)),
  call('CreateNetworkAcl', kv('VpcId', id('vpc')), kv('ClientToken', fc.constantFrom('a', 'b'))),
  call('DeleteNetworkAcl', kv('NetworkAclId', id('acl'))),
  { arbitrary: entry('CreateNetworkAclEntry'), weight: 5 },
  { arbitrary: entry('ReplaceNetworkAclEntry'), weight: 2 },
  { arbitrary: entry('ReplaceNetworkAclEntry', true), weight: 2 },
  // A well-formed replacement of an existing entry, so that the success path is always exercised too.
  call(
    'ReplaceNetworkAclEntry',
    existingEntry,
    fc.tuple(fc.constantFrom('-1', '6', '17', '50'), fc.constantFrom('allow', 'deny'), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), fc.ipV4()).map(
      ([p, action, a, b, address]): Array<[string, string]> => [
        ['Protocol', p],
        ['RuleAction', action],
        ['PortRange.From', String(Math.min(a, b))],
        ['PortRange.To', String(Math.max(a, b))],
        ['CidrBlock', `${address}/24`],
      ],
    ),
  ),
  call('DeleteNetworkAclEntry', usually('NetworkAclId', id('acl')), usually('RuleNumber', ruleNumber), usually('Egress', bool)),
  call('DeleteNetworkAclEntry', existingEntry),
  { arbitrary: call('ReplaceNetworkAclAssociation', usually('AssociationId', id('aclassoc')), usually('NetworkAclId', id('acl'))), weight: 2 },
  call('DescribeNetworkAcls', kv('NetworkAclId.1', id('acl')), kv('Filter.1.Name', fc.constantFrom('entry.protocol', 'entry.rule-number', 'default', 'bogus')), kv('Filter.1.Value.1', text), kv('NextToken', text)),
  call('CreateTags', kv('ResourceId.1', fc.oneof(id('igw'), id('rtb'), id('acl'), text)), kv('Tag.1.Key', text), kv('Tag.1.Value', text)),
);

describe('network families fuzzing', () => {
  it(`answers ${RUNS} random requests without a 5xx, and failed calls change nothing`, async () => {
    const handle = await plane.region(accountId, REGION);
    let failures = 0;
    let successes = 0;
    const succeeded = new Set<string>();
    await fc.assert(
      fc.asyncProperty(request, fc.integer({ min: 0, max: 19 }), async (params, dice) => {
        const tamper = dice === 0; // 1 in 20: the body no longer matches the signature
        const before = handle.state.version;
        const res = await send(params, tamper);
        expect(res.status, res.body).toBeLessThan(500);
        if (res.status === 200) {
          successes++;
          succeeded.add(params[0]?.[1] ?? '');
          if (successes % 10 === 0) await refreshKnownIds();
        } else {
          failures++;
          expect(handle.state.version, `a failed ${params[0]?.[1]} changed the state: ${res.body}`).toBe(before);
          if (tamper) expect(res.body).toContain('SignatureDoesNotMatch');
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.RAMPART_NETFUZZ_SEED ?? 20261123) },
    );
    expect(internalErrors).toEqual([]);
    // Both outcomes happened in quantity, so the properties were really exercised.
    expect(successes).toBeGreaterThan(RUNS / 50);
    expect(failures).toBeGreaterThan(RUNS / 4);
    // Every mutating action got through at least once: the fuzzer reached past the validators everywhere.
    const mutating = ['CreateInternetGateway', 'AttachInternetGateway', 'DetachInternetGateway', 'DeleteInternetGateway', 'CreateRouteTable', 'DeleteRouteTable', 'CreateRoute', 'DeleteRoute', 'AssociateRouteTable', 'DisassociateRouteTable', 'CreateNetworkAcl', 'DeleteNetworkAcl', 'CreateNetworkAclEntry', 'ReplaceNetworkAclEntry', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclAssociation', 'ModifySubnetAttribute'];
    expect(mutating.filter((a) => !succeeded.has(a))).toEqual([]);
    // Memory and the database agree record for record.
    const rows = await store.loadRegion(accountId, REGION);
    const inDb = new Map(rows.map((r) => [r.id, JSON.parse(r.body) as unknown]));
    const inMemory = new Map<string, unknown>();
    for (const kind of new Set(rows.map((r) => r.kind)).add('security-group')) for (const r of handle.state.list(kind)) inMemory.set(r.id, r);
    expect(inMemory.size).toBe(inDb.size);
    for (const [id, r] of inMemory) expect(inDb.get(id), id).toEqual(r);
  });
});
