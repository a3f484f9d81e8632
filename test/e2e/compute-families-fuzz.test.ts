/**
 * Fuzzing the compute families (prefix lists, network interfaces, Elastic IPs, instances, launch templates) through
 * the EC2 Query pipeline, in the style of query-fuzz.test.ts (issue 5 §8): signed requests with real actions and
 * plausible but often wrong parameters — ids that exist or not, addresses inside and outside subnets, counts and
 * timeouts past their limits, groups of other VPCs, parameter combinations EC2 refuses. Properties: never a 5xx, never
 * an exception, a failed call changes nothing, memory equals the database at the end, and the engine kept in step
 * commit by commit equals one rebuilt from the final state. RAMPART_COMPUTEFUZZ_RUNS sets the count (default 2,000).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.ts';
import type { ControlPlane } from '../../src/service/control-plane.ts';
import { buildSnapshot } from '../../src/service/decide/build-snapshot.ts';
import type { Store } from '../../src/store/store.ts';
import { FUZZ_REGION, openFuzzHarness, type FuzzHarness } from '../helpers/fuzz-harness.ts';
import { canonicalSnapshot } from '../helpers/canonical-snapshot.ts';

const RUNS = Number(process.env.RAMPART_COMPUTEFUZZ_RUNS ?? 2_000);
const REGION = FUZZ_REGION;

let harness: FuzzHarness;
let store: Store;
let plane: ControlPlane;
let accountId: string;
let internalErrors: unknown[];
const engineErrors: unknown[] = [];
const send = (params: Array<[string, string]>, tamper: boolean) => harness.send(params, tamper);

beforeAll(async () => {
  // Few VPCs, so that the ids the fuzzer draws often belong together.
  harness = await openFuzzHarness({ tmpPrefix: 'rampart-computefuzz-', vpcsPerRegion: 3, onEngineError: (e) => engineErrors.push(e) });
  ({ store, plane, accountId, internalErrors } = harness);
});
afterAll(async () => {
  await harness?.close();
});

/** Ids the fuzzer draws from: ones that exist (refreshed as it goes) and well-formed or malformed ones that do not. */
const known: Record<string, string[]> = {
  vpc: ['vpc-0123456789abcdef0'],
  subnet: ['subnet-0123456789abcdef0', 'subnet-x'],
  sg: ['sg-0123456789abcdef0', 'sg-x'],
  eni: ['eni-0123456789abcdef0', 'eni-x'],
  attachment: ['eni-attach-0123456789abcdef0'],
  /** `eni instance` for available interfaces and running instances of one zone: attachments that can succeed. */
  attachable: ['eni-0123456789abcdef0 i-0123456789abcdef0'],
  instance: ['i-0123456789abcdef0', 'i-x'],
  eip: ['eipalloc-0123456789abcdef0'],
  eipassoc: ['eipassoc-0123456789abcdef0'],
  pl: ['pl-0123456789abcdef0', 'pl-x'],
  lt: ['lt-0123456789abcdef0', 'lt-x'],
  address: ['172.31.0.10', '10.0.1.20', '10.0.1.1', '999.1.1.1'],
};

interface Eni {
  readonly kind: 'network-interface';
  readonly id: string;
  readonly availabilityZone: string;
  readonly attachment?: { attachmentId: string; deviceIndex: number };
  readonly privateAddresses: { address: string; association?: { associationId?: string } }[];
}

async function refreshKnownIds(): Promise<void> {
  const state = (await plane.region(accountId, REGION)).state;
  const ids = (kind: string) => state.list(kind).map((r) => r.id);
  known.vpc = [...ids('vpc'), 'vpc-0123456789abcdef0'];
  known.subnet = [...ids('subnet'), 'subnet-0123456789abcdef0'];
  known.sg = [...ids('security-group'), 'sg-0123456789abcdef0'];
  const enis = state.list<Eni>('network-interface');
  known.eni = [...enis.map((e) => e.id), 'eni-0123456789abcdef0'];
  // Mostly detachable ones (device index ≥ 1).
  const attachments = enis.flatMap((e) => (e.attachment ? [e.attachment] : []));
  known.attachment = [...attachments.filter((a) => a.deviceIndex > 0).map((a) => a.attachmentId), ...attachments.slice(0, 2).map((a) => a.attachmentId), 'eni-attach-0123456789abcdef0'];
  const running = state.list<{ kind: 'instance'; id: string; state: string; availabilityZone: string }>('instance').filter((i) => i.state === 'running');
  known.attachable = [
    ...enis.filter((e) => !e.attachment).flatMap((e) => running.filter((i) => i.availabilityZone === e.availabilityZone).slice(0, 3).map((i) => `${e.id} ${i.id}`)),
    'eni-0123456789abcdef0 i-0123456789abcdef0',
  ];
  known.address = [...enis.flatMap((e) => e.privateAddresses.map((a) => a.address)), '172.31.0.10', '10.0.1.20', '10.0.1.1', 'x'];
  known.eipassoc = [...enis.flatMap((e) => e.privateAddresses.flatMap((a) => (a.association?.associationId ? [a.association.associationId] : []))), 'eipassoc-0123456789abcdef0'];
  known.instance = [...ids('instance'), 'i-0123456789abcdef0'];
  known.eip = [...ids('elastic-ip'), 'eipalloc-0123456789abcdef0'];
  known.pl = [...ids('prefix-list'), 'pl-0123456789abcdef0'];
  known.lt = [...ids('launch-template'), 'lt-0123456789abcdef0'];
}

const pick = (list: () => string[]) => fc.integer({ min: 0, max: 1000 }).map((i) => list()[i % list().length] ?? '');
const id = (kind: string) => pick(() => known[kind]);
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('web', 'default', 'com.amazonaws.x', 'a'.repeat(300)));
const bool = fc.constantFrom('true', 'false', 'maybe');
const count = fc.constantFrom('0', '1', '1', '2', '3', '-1', '30', 'x');
/** Mostly one instance, so that launches get through the other parameters' checks. */
const instances = fc.oneof({ arbitrary: fc.constant('1'), weight: 6 }, count);
const seconds = fc.constantFrom('29', '30', '45', '60', '61', '180', '181', '432000', '432001');
const ami = fc.constantFrom('ami-0123456789abcdef0', 'ami-12345678', 'ami-x', 'ubuntu');
const cidr = fc.constantFrom('10.0.0.0/16', '10.1.0.0/16', '203.0.113.0/24', '203.0.113.5/24', '2001:db8::/32', 'x');
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const kv = (k: string, a: fc.Arbitrary<string>) => maybe(a).map((v): Array<[string, string]> => (v === undefined ? [] : [[k, v]]));
const usually = (k: string, a: fc.Arbitrary<string>) => fc.oneof({ arbitrary: a.map((v): Array<[string, string]> => [[k, v]]), weight: 9 }, fc.constant<Array<[string, string]>>([]));
const rarely = (k: string, a: fc.Arbitrary<string>) => fc.oneof({ arbitrary: fc.constant<Array<[string, string]>>([]), weight: 6 }, a.map((v): Array<[string, string]> => [[k, v]]));
const all = (...parts: fc.Arbitrary<Array<[string, string]>>[]) => fc.tuple(...parts).map((ps) => ps.flat());
const action = (name: string, ...parts: fc.Arbitrary<Array<[string, string]>>[]) =>
  all(...parts).map((ps): Array<[string, string]> => [['Action', name], ['Version', '2016-11-15'], ...ps]);
const templateName = fc.constantFrom('lt-a', 'lt-b', 'x', 'bad name');

const request: fc.Arbitrary<Array<[string, string]>> = fc.oneof(
  fc.constant<Array<[string, string]>>([['Action', 'CreateVpc'], ['Version', '2016-11-15'], ['CidrBlock', '10.0.0.0/16']]),
  action('CreateSubnet', usually('VpcId', id('vpc')), usually('CidrBlock', fc.constantFrom('10.0.1.0/24', '10.0.2.0/28'))),
  action('CreateSecurityGroup', usually('GroupName', text), usually('GroupDescription', fc.constant('d')), kv('VpcId', id('vpc'))),
  {
    arbitrary: action(
      'CreateNetworkInterface',
      usually('SubnetId', id('subnet')),
      kv('SecurityGroupId.1', id('sg')),
      rarely('SecurityGroupId.2', id('sg')),
      rarely('PrivateIpAddress', id('address')),
      rarely('SecondaryPrivateIpAddressCount', count),
      rarely('ConnectionTrackingSpecification.TcpEstablishedTimeout', seconds),
      rarely('ConnectionTrackingSpecification.UdpTimeout', seconds),
      rarely('Ipv6AddressCount', count),
      kv('Description', text),
      rarely('ClientToken', fc.constantFrom('a', 'b')),
    ),
    weight: 3,
  },
  action('DeleteNetworkInterface', kv('NetworkInterfaceId', id('eni'))),
  {
    arbitrary: action(
      'ModifyNetworkInterfaceAttribute',
      usually('NetworkInterfaceId', id('eni')),
      rarely('SecurityGroupId.1', id('sg')),
      rarely('SourceDestCheck.Value', bool),
      rarely('Description.Value', text),
      rarely('ConnectionTrackingSpecification.UdpStreamTimeout', seconds),
      rarely('Attachment.AttachmentId', id('attachment')),
      rarely('AssociatePublicIpAddress', bool),
    ),
    weight: 2,
  },
  action('AttachNetworkInterface', usually('NetworkInterfaceId', id('eni')), usually('InstanceId', id('instance')), usually('DeviceIndex', fc.constantFrom('0', '1', '2', '-1'))),
  {
    arbitrary: action(
      'AttachNetworkInterface',
      id('attachable').map((p): Array<[string, string]> => {
        const [eni, instance] = p.split(' ');
        return [['NetworkInterfaceId', eni ?? ''], ['InstanceId', instance ?? '']];
      }),
      usually('DeviceIndex', fc.constantFrom('1', '2', '3')),
    ),
    weight: 3,
  },
  { arbitrary: action('DetachNetworkInterface', usually('AttachmentId', id('attachment'))), weight: 3 },
  action('DescribeNetworkInterfaces', kv('NetworkInterfaceId.1', id('eni')), kv('Filter.1.Name', fc.constantFrom('group-id', 'private-ip-address', 'status', 'bogus')), kv('Filter.1.Value.1', text), kv('MaxResults', count)),
  {
    arbitrary: action(
      'RunInstances',
      usually('ImageId', ami),
      usually('MinCount', instances),
      usually('MaxCount', instances),
      kv('SubnetId', id('subnet')),
      kv('SecurityGroupId.1', id('sg')),
      rarely('SecurityGroup.1', text),
      rarely('PrivateIpAddress', id('address')),
      rarely('NetworkInterface.1.DeviceIndex', fc.constantFrom('0', '1')),
      rarely('NetworkInterface.1.SubnetId', id('subnet')),
      rarely('NetworkInterface.1.SecurityGroupId.1', id('sg')),
      rarely('NetworkInterface.1.AssociatePublicIpAddress', bool),
      rarely('NetworkInterface.1.NetworkInterfaceId', id('eni')),
      rarely('NetworkInterface.2.DeviceIndex', fc.constantFrom('0', '1')),
      rarely('LaunchTemplate.LaunchTemplateName', templateName),
      rarely('LaunchTemplate.Version', fc.constantFrom('1', '2', '$Latest', '$Default', 'x')),
      rarely('DisableApiTermination', bool),
      rarely('TagSpecification.1.ResourceType', fc.constantFrom('instance', 'volume', 'network-interface', 'vpc')),
      rarely('TagSpecification.1.Tag.1.Key', text),
      rarely('ClientToken', fc.constantFrom('a', 'b')),
    ),
    weight: 4,
  },
  { arbitrary: action('TerminateInstances', usually('InstanceId.1', id('instance')), rarely('InstanceId.2', id('instance'))), weight: 2 },
  action('DescribeInstances', kv('InstanceId.1', id('instance')), kv('Filter.1.Name', fc.constantFrom('instance.group-id', 'network-interface.group-id', 'instance-state-name', 'bogus')), kv('Filter.1.Value.1', text)),
  {
    arbitrary: action(
      'ModifyInstanceAttribute',
      usually('InstanceId', id('instance')),
      // Mostly one attribute, as EC2 requires; sometimes two, or none.
      fc.oneof(
        id('sg').map((g): Array<[string, string]> => [['SecurityGroupId.1', g]]),
        bool.map((b): Array<[string, string]> => [['SourceDestCheck.Value', b]]),
        bool.map((b): Array<[string, string]> => [['DisableApiTermination.Value', b]]),
        fc.constant<Array<[string, string]>>([['InstanceType.Value', 'm5.large']]),
        fc.tuple(fc.constantFrom('groupSet', 'sourceDestCheck', 'userData', 'bogus'), fc.oneof(id('sg'), bool)).map(([a, v]): Array<[string, string]> => [['Attribute', a], ['Value', v]]),
        fc.constant<Array<[string, string]>>([['SourceDestCheck.Value', 'true'], ['DisableApiTermination.Value', 'true']]),
        fc.constant<Array<[string, string]>>([]),
      ),
    ),
    weight: 2,
  },
  action('AllocateAddress', rarely('Domain', fc.constantFrom('vpc', 'standard')), rarely('Address', fc.constantFrom('3.80.0.7', '10.0.0.1', 'x'))),
  { arbitrary: action('AssociateAddress', usually('AllocationId', id('eip')), kv('InstanceId', id('instance')), kv('NetworkInterfaceId', id('eni')), rarely('PrivateIpAddress', id('address')), rarely('AllowReassociation', bool)), weight: 2 },
  action('DisassociateAddress', usually('AssociationId', id('eipassoc'))),
  action('ReleaseAddress', usually('AllocationId', id('eip')), rarely('NetworkBorderGroup', fc.constantFrom('us-east-1', 'x'))),
  action('DescribeAddresses', kv('AllocationId.1', id('eip')), kv('Filter.1.Name', fc.constantFrom('instance-id', 'public-ip', 'bogus')), kv('Filter.1.Value.1', text)),
  {
    arbitrary: action(
      'CreateManagedPrefixList',
      usually('PrefixListName', text),
      usually('AddressFamily', fc.constantFrom('IPv4', 'IPv4', 'IPv6', 'x')),
      usually('MaxEntries', fc.constantFrom('1', '5', '50', '0', '1001')),
      kv('Entry.1.Cidr', cidr),
      rarely('Entry.2.Cidr', cidr),
      rarely('ClientToken', fc.constantFrom('a', 'b')),
    ),
    weight: 2,
  },
  {
    arbitrary: action(
      'ModifyManagedPrefixList',
      usually('PrefixListId', id('pl')),
      rarely('CurrentVersion', fc.constantFrom('1', '2', '3')),
      kv('AddEntry.1.Cidr', cidr),
      rarely('RemoveEntry.1.Cidr', cidr),
      rarely('MaxEntries', fc.constantFrom('1', '10', '60')),
      rarely('PrefixListName', text),
    ),
    weight: 2,
  },
  action('DeleteManagedPrefixList', usually('PrefixListId', id('pl'))),
  action('GetManagedPrefixListEntries', usually('PrefixListId', id('pl')), kv('TargetVersion', fc.constantFrom('1', '2', '9'))),
  action('AuthorizeSecurityGroupIngress', usually('GroupId', id('sg')), usually('IpPermissions.1.IpProtocol', fc.constant('tcp')), usually('IpPermissions.1.FromPort', fc.constant('443')), usually('IpPermissions.1.ToPort', fc.constant('443')), usually('IpPermissions.1.PrefixListIds.1.PrefixListId', id('pl'))),
  action('DeleteSecurityGroup', usually('GroupId', id('sg'))),
  {
    arbitrary: action(
      'CreateLaunchTemplate',
      usually('LaunchTemplateName', templateName),
      usually('LaunchTemplateData.ImageId', ami),
      rarely('LaunchTemplateData.SecurityGroupId.1', id('sg')),
      rarely('LaunchTemplateData.NetworkInterface.1.DeviceIndex', fc.constant('0')),
      rarely('LaunchTemplateData.NetworkInterface.1.SubnetId', id('subnet')),
      rarely('LaunchTemplateData.NetworkInterface.1.SecurityGroupId.1', id('sg')),
      rarely('LaunchTemplateData.NetworkInterface.1.AssociatePublicIpAddress', bool),
      rarely('ClientToken', fc.constantFrom('a', 'b')),
    ),
    weight: 2,
  },
  action('CreateLaunchTemplateVersion', kv('LaunchTemplateName', templateName), rarely('LaunchTemplateId', id('lt')), kv('SourceVersion', fc.constantFrom('1', '$Latest', '7')), usually('LaunchTemplateData.InstanceType', fc.constantFrom('t3.micro', 'nope'))),
  action('DeleteLaunchTemplate', kv('LaunchTemplateName', templateName), rarely('LaunchTemplateId', id('lt'))),
  action('DescribeLaunchTemplateVersions', kv('LaunchTemplateName', templateName), kv('Version.1', fc.constantFrom('1', '$Latest', '$Default', 'x'))),
  action('CreateTags', kv('ResourceId.1', fc.oneof(id('eni'), id('instance'), id('eip'), id('pl'), id('lt'))), kv('Tag.1.Key', text), kv('Tag.1.Value', text)),
);

describe('compute families fuzzing', () => {
  it(`answers ${RUNS} random requests without a 5xx, failed calls change nothing, and the engine keeps step`, async () => {
    const handle = await plane.region(accountId, REGION);
    const engine = await plane.engine(accountId, REGION); // built now, kept in step by every commit from here on
    let failures = 0;
    let successes = 0;
    const succeeded = new Set<string>();
    await fc.assert(
      fc.asyncProperty(request, fc.integer({ min: 0, max: 19 }), async (params, dice) => {
        const tamper = dice === 0;
        const before = handle.state.version;
        const res = await send(params, tamper);
        expect(res.status, res.body).toBeLessThan(500);
        if (res.status === 200) {
          successes++;
          succeeded.add(params[0]?.[1] ?? '');
          if (successes % 5 === 0) await refreshKnownIds();
        } else {
          failures++;
          expect(handle.state.version, `a failed ${params[0]?.[1]} changed the state: ${res.body}`).toBe(before);
          if (tamper) expect(res.body).toContain('SignatureDoesNotMatch');
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.RAMPART_COMPUTEFUZZ_SEED ?? 20261124) },
    );
    expect(internalErrors).toEqual([]);
    expect(engineErrors).toEqual([]);
    expect(successes).toBeGreaterThan(RUNS / 20);
    expect(failures).toBeGreaterThan(RUNS / 4);
    const mutating = [
      'CreateNetworkInterface', 'DeleteNetworkInterface', 'ModifyNetworkInterfaceAttribute', 'AttachNetworkInterface', 'DetachNetworkInterface',
      'RunInstances', 'TerminateInstances', 'ModifyInstanceAttribute', 'AllocateAddress', 'AssociateAddress', 'DisassociateAddress', 'ReleaseAddress',
      'CreateManagedPrefixList', 'ModifyManagedPrefixList', 'DeleteManagedPrefixList', 'CreateLaunchTemplate', 'CreateLaunchTemplateVersion', 'DeleteLaunchTemplate',
    ];
    expect(mutating.filter((a) => !succeeded.has(a)), JSON.stringify([...succeeded])).toEqual([]);
    // Memory and the database agree record for record.
    const rows = await store.loadRegion(accountId, REGION);
    const inDb = new Map(rows.map((r) => [r.id, JSON.parse(r.body) as unknown]));
    const inMemory = new Map<string, unknown>();
    for (const kind of new Set(rows.map((r) => r.kind))) for (const r of handle.state.list(kind)) inMemory.set(r.id, r);
    expect(inMemory.size).toBe(inDb.size);
    for (const [rid, r] of inMemory) expect(inDb.get(rid), rid).toEqual(r);
    // The engine updated commit by commit is the engine rebuilt from the final state.
    expect(await plane.engine(accountId, REGION)).toBe(engine);
    expect(canonicalSnapshot(engine.snapshot())).toEqual(canonicalSnapshot(Engine.fromSnapshot(buildSnapshot(handle.state, accountId)).snapshot()));
  });
});
