/**
 * Incremental updates (performance.md §4 G8, G9): each update is visible to the next decision, and any sequence of
 * updates leaves the engine deciding exactly as an engine built from scratch on the resulting snapshot
 * (state-sequence tests in the style of Felix's calc-graph tests, style.md §5.5).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEc2Error } from '../core/errors/ec2-error.ts';
import type { NetworkAcl } from '../core/model/network-acl.ts';
import type { NetworkInterface, PrefixList, RouteTable, Subnet } from '../core/model/network.ts';
import type { SecurityGroup, SecurityGroupRule } from '../core/model/security-group.ts';
import type { Snapshot } from '../core/model/snapshot.ts';
import { decide, Engine } from './engine.ts';
import type { Flow } from './flow.ts';
import {
  allTraffic,
  cidr,
  EstateBuilder,
  gatewayRoute,
  ip,
  localRoute,
  naclEntry,
  networkInterface,
  peer,
  rule,
  securityGroup,
  tcp,
} from './testing/estate-builder.ts';
import { tcpFlow } from './testing/flows.ts';

function baseEstate(): EstateBuilder {
  return new EstateBuilder()
    .vpc('vpc-1', '10.0.0.0/16', '2600:1f00::/56')
    .subnet('subnet-a', 'vpc-1', '10.0.1.0/24', '2600:1f00:0:1::/64')
    .subnet('subnet-b', 'vpc-1', '10.0.2.0/24')
    .vpc('vpc-2', '10.1.0.0/16')
    .subnet('subnet-c', 'vpc-2', '10.1.1.0/24');
}

const allowed = (engine: Engine, flow: Flow): boolean => engine.decide(flow).allowed;

describe('each update is visible to the next decision', () => {
  const db = tcpFlow('10.0.1.20:40000', '10.0.1.10:5432');
  function engine(): Engine {
    const b = baseEstate()
      .group('sg-db', 'vpc-1', {})
      .group('sg-app', 'vpc-1', { egress: [allTraffic('0.0.0.0/0')] })
      .eni('eni-db', 'subnet-a', { ips: ['10.0.1.10'], groups: ['sg-db'] })
      .eni('eni-app', 'subnet-a', { ips: ['10.0.1.20'], groups: ['sg-app'] });
    return Engine.fromSnapshot(b.build());
  }

  it('addRule / removeRule, and replacing a rule by id', () => {
    const e = engine();
    expect(allowed(e, db)).toBe(false);
    e.addRule(rule('sg-db', 'ingress', tcp(5432, 'sg-app'), 'sgr-pg'));
    expect(allowed(e, db)).toBe(true);
    e.addRule(rule('sg-db', 'ingress', tcp(3306, 'sg-app'), 'sgr-pg')); // same id: replaces
    expect(allowed(e, db)).toBe(false);
    expect(e.snapshot().securityGroups.find((g) => g.groupId === 'sg-db')!.ingress).toHaveLength(1);
    e.addRule(rule('sg-db', 'ingress', tcp(5432, '10.0.1.0/24'), 'sgr-subnet'));
    expect(allowed(e, db)).toBe(true);
    e.removeRule('sg-db', 'sgr-subnet');
    expect(allowed(e, db)).toBe(false);
  });

  it('membership: adding or removing a group on an interface changes what references to the group match', () => {
    const e = engine();
    e.addRule(rule('sg-db', 'ingress', tcp(5432, 'sg-trusted'), 'sgr-trusted'));
    expect(allowed(e, db)).toBe(false);
    const app = e.snapshot().networkInterfaces.find((n) => n.networkInterfaceId === 'eni-app')!;
    e.upsertInterface({ ...app, groupIds: ['sg-app', 'sg-trusted'] });
    expect(allowed(e, db)).toBe(true);
    e.upsertInterface({ ...app, privateIps: [ip('10.0.1.21')], groupIds: ['sg-app', 'sg-trusted'] });
    expect(allowed(e, db)).toBe(false); // the old address left the set (and now belongs to nobody)
    expect(allowed(e, tcpFlow('10.0.1.21:40000', '10.0.1.10:5432'))).toBe(true);
    e.removeInterface('eni-app');
    expect(e.interfaceSlot('eni-app')).toBe(-1);
    expect(() => e.decide(tcpFlow('10.0.1.21:40000', '10.0.1.10:5432'))).not.toThrow();
    expect(e.rulesReferencing('sg-trusted')).toEqual([{ groupId: 'sg-db', ruleId: 'sgr-trusted' }]);
  });

  it('two interfaces sharing an address: removing one keeps the other as a member', () => {
    const e = engine();
    e.addRule(rule('sg-db', 'ingress', tcp(5432, 'sg-app'), 'sgr-pg'));
    const twin = networkInterface('eni-twin', baseEstate().subnets[0], { ips: ['10.0.1.20'], groups: ['sg-app'] });
    e.upsertInterface(twin);
    e.removeInterface('eni-twin');
    expect(allowed(e, db)).toBe(true);
  });

  it('prefix-list entries change without touching rules; removing the list matches nothing', () => {
    const e = engine();
    const list: PrefixList = { prefixListId: 'pl-1', prefixListName: 'pl', addressFamily: 4, maxEntries: 5, version: 1, entries: [{ cidr: cidr('10.0.1.0/28') }] };
    e.upsertPrefixList(list);
    e.addRule(rule('sg-db', 'ingress', tcp(5432, 'pl-1'), 'sgr-pl'));
    expect(allowed(e, db)).toBe(false);
    e.upsertPrefixList({ ...list, version: 2, entries: [{ cidr: cidr('10.0.1.16/28') }] });
    expect(allowed(e, db)).toBe(true);
    e.removePrefixList('pl-1');
    expect(allowed(e, db)).toBe(false);
  });

  it('upsertSecurityGroup replaces all rules; removeSecurityGroup leaves its members without its rules', () => {
    const e = engine();
    e.upsertSecurityGroup(securityGroup('sg-db', 'vpc-1', { ingress: [tcp([5000, 6000], '10.0.0.0/8')] }));
    expect(allowed(e, db)).toBe(true);
    e.removeSecurityGroup('sg-db');
    expect(allowed(e, db)).toBe(false);
    expect(e.snapshot().securityGroups.map((g) => g.groupId)).toEqual(['sg-app']);
  });

  it('NACLs, subnets, VPCs, route tables and gateways', () => {
    const e = engine();
    const crossSubnet = tcpFlow('10.0.1.20:40000', '10.0.2.30:22');
    e.upsertInterface(networkInterface('eni-b', baseEstate().subnets[1], { ips: ['10.0.2.30'], publicIp: '54.0.0.30', groups: ['sg-open'] }));
    e.upsertSecurityGroup(securityGroup('sg-open', 'vpc-1', { ingress: [allTraffic('0.0.0.0/0')], egress: [allTraffic('0.0.0.0/0')] }));
    expect(e.decide(crossSubnet).stages.map((s) => s.kind)).toEqual(['sg-egress', 'sg-ingress']);
    const acl: NetworkAcl = { networkAclId: 'acl-1', vpcId: 'vpc-1', isDefault: true, entries: [], associations: [] };
    e.upsertNetworkAcl(acl);
    expect(e.decide(crossSubnet).deniedBy).toBe('nacl-outbound');
    e.upsertNetworkAcl({ ...acl, entries: [naclEntry(true, { ruleNumber: 1, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' }), naclEntry(false, { ruleNumber: 1, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' })] });
    expect(allowed(e, crossSubnet)).toBe(true);
    e.upsertNetworkAcl({ networkAclId: 'acl-2', vpcId: 'vpc-1', isDefault: false, entries: [], associations: [{ associationId: 'a', subnetId: 'subnet-b' }] });
    expect(e.decide(crossSubnet).stages.find((s) => s.kind === 'nacl-inbound')).toMatchObject({ networkAclId: 'acl-2', allowed: false });
    e.removeNetworkAcl('acl-2');
    expect(allowed(e, crossSubnet)).toBe(true);

    // The VPC's DNS address follows its primary CIDR; the router follows the subnet's CIDR.
    const dns = tcpFlow('10.0.2.30:40000', '10.0.0.2:53');
    expect(e.decide(dns).stages[0].kind).toBe('exempt');
    e.upsertVpc({ ...baseEstate().vpcs[0], cidrBlocks: [cidr('10.0.0.0/8')] });
    expect(e.decide(dns).stages[0].kind).toBe('exempt');
    e.removeVpc('vpc-1');
    expect(e.decide(dns).stages[0].kind).toBe('sg-egress');
    const router: Subnet = baseEstate().subnets[1];
    expect(e.decide(tcpFlow('10.0.2.30:40000', '10.0.2.1:53')).stages[0].kind).toBe('exempt');
    e.removeSubnet(router.subnetId);
    expect(e.decide(tcpFlow('10.0.2.30:40000', '10.0.2.1:53')).stages[0].kind).toBe('sg-egress');
    e.upsertSubnet(router);

    const out = tcpFlow('10.0.2.30:40000', '198.51.100.1:443');
    expect(e.decide(out).stages.at(-1)).toMatchObject({ kind: 'route', detail: 'routing not in snapshot' });
    const table: RouteTable = { routeTableId: 'rtb-1', vpcId: 'vpc-1', routes: [localRoute('10.0.0.0/16'), gatewayRoute('0.0.0.0/0', 'igw-1')], associations: [{ associationId: 'm', main: true }] };
    e.upsertRouteTable(table);
    expect(e.decide(out).deniedBy).toBe('route'); // igw-1 is not in the snapshot
    e.upsertInternetGateway({ internetGatewayId: 'igw-1', attachedVpcIds: ['vpc-1'] });
    expect(allowed(e, out)).toBe(true);
    e.removeInternetGateway('igw-1');
    expect(e.decide(out).deniedBy).toBe('route');
    e.removeRouteTable('rtb-1');
    expect(e.decide(out).stages.at(-1)).toMatchObject({ kind: 'route', detail: 'routing not in snapshot' });
  });

  it('reports unknown ids and the 16-group limit with EC2 errors', () => {
    const e = engine();
    const code = (f: () => void): string => {
      try {
        f();
      } catch (error) {
        if (isEc2Error(error)) return error.code;
        throw error;
      }
      return 'none';
    };
    expect(code(() => e.addRule(rule('sg-nope', 'ingress', tcp(1, '0.0.0.0/0'), 'r')))).toBe('InvalidGroup.NotFound');
    expect(code(() => e.removeRule('sg-db', 'sgr-nope'))).toBe('InvalidSecurityGroupRuleId.NotFound');
    expect(code(() => e.removeSecurityGroup('sg-nope'))).toBe('InvalidGroup.NotFound');
    expect(code(() => e.removeInterface('eni-nope'))).toBe('InvalidNetworkInterfaceID.NotFound');
    expect(code(() => e.removeNetworkAcl('acl-nope'))).toBe('InvalidNetworkAclID.NotFound');
    expect(code(() => e.removePrefixList('pl-nope'))).toBe('InvalidPrefixListID.NotFound');
    const eni = networkInterface('eni-many', baseEstate().subnets[0], { ips: ['10.0.1.99'], groups: Array.from({ length: 17 }, (_, i) => `sg-${i}`) });
    expect(code(() => e.upsertInterface(eni))).toBe('SecurityGroupsPerInterfaceLimitExceeded');
    expect(e.snapshot().networkInterfaces.map((n) => n.networkInterfaceId)).toEqual(['eni-db', 'eni-app']);
  });

  it('decide(snapshot, flow) compiles once per snapshot object', () => {
    const snapshot = baseEstate().group('sg-a', 'vpc-1', { ingress: [tcp(22, '0.0.0.0/0')], egress: [allTraffic('0.0.0.0/0')] }).eni('eni-a', 'subnet-a', { ips: ['10.0.1.5'], groups: ['sg-a'] }).eni('eni-b', 'subnet-a', { ips: ['10.0.1.6'], groups: ['sg-a'] }).build();
    const flow = tcpFlow('10.0.1.5:1000', '10.0.1.6:22');
    expect(decide(snapshot, flow)).toEqual(Engine.fromSnapshot(snapshot).decide(flow));
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) decide(snapshot, flow);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

// ---- random state sequences ------------------------------------------------------------------------------------

const GROUPS = ['sg-0', 'sg-1', 'sg-2', 'sg-3'];
const RULE_IDS = ['sgr-0', 'sgr-1', 'sgr-2', 'sgr-3', 'sgr-4', 'sgr-5'];
const ENIS = ['eni-0', 'eni-1', 'eni-2', 'eni-3', 'eni-4'];
const SUBNETS = baseEstate().subnets;
const PRIVATE = { 'subnet-a': ['10.0.1.10', '10.0.1.11', '10.0.1.12'], 'subnet-b': ['10.0.2.10', '10.0.2.11'], 'subnet-c': ['10.1.1.10', '10.1.1.11'] } as const;
const IPV6 = ['2600:1f00:0:1::10', '2600:1f00:0:1::11'];
const PUBLIC = ['54.0.0.1', '54.0.0.2', '54.0.0.3'];
const INTERNET = ['203.0.113.5', '198.51.100.7', '2001:db8::5'];
const PEERS = ['0.0.0.0/0', '::/0', '10.0.0.0/16', '10.0.1.0/24', '10.0.1.10/32', '203.0.113.0/24', '54.0.0.0/24', '2600:1f00::/56', '2001:db8::/32', 'sg-0', 'sg-1', 'sg-2', 'sg-3', 'pl-0', 'pl-1'];
const PORTS = [0, 22, 80, 443, 1024, 40000, 65535];

const ruleSpec = fc.record({
  protocol: fc.constantFrom(-1, 6, 6, 17, 1, 58, 50),
  a: fc.constantFrom(...PORTS),
  b: fc.constantFrom(...PORTS),
  type: fc.constantFrom(-1, 0, 3, 8, 128, 129),
  code: fc.constantFrom(-1, 0, 4),
  peer: fc.constantFrom(...PEERS),
});
type RuleSpecValue = typeof ruleSpec extends fc.Arbitrary<infer T> ? T : never;

function toRule(groupId: string, direction: 'ingress' | 'egress', ruleId: string, r: RuleSpecValue): SecurityGroupRule {
  const ported = r.protocol === 6 || r.protocol === 17;
  const icmpRule = r.protocol === 1 || r.protocol === 58;
  return {
    ruleId,
    groupId,
    direction,
    protocol: r.protocol,
    fromPort: ported ? Math.min(r.a, r.b) : icmpRule ? r.type : -1,
    toPort: ported ? Math.max(r.a, r.b) : icmpRule ? (r.type === -1 ? -1 : r.code) : -1,
    peer: peer(r.peer),
  };
}

const groupArb = fc.record({
  groupId: fc.constantFrom(...GROUPS),
  ingress: fc.array(ruleSpec, { maxLength: 5 }),
  egress: fc.array(ruleSpec, { maxLength: 3 }),
});

const eniArb = fc.record({
  id: fc.constantFrom(...ENIS),
  subnet: fc.constantFrom(0, 0, 1, 2),
  ipCount: fc.integer({ min: 1, max: 2 }),
  ipOffset: fc.nat(),
  ipv6: fc.boolean(),
  publicIp: fc.option(fc.constantFrom(...PUBLIC), { nil: undefined }),
  groups: fc.uniqueArray(fc.constantFrom(...GROUPS, 'sg-9'), { maxLength: 3 }),
  udpTimeout: fc.constantFrom(30, 60),
});

const naclArb = fc.record({
  id: fc.constantFrom('acl-0', 'acl-1', 'acl-2'),
  isDefault: fc.boolean(),
  subnets: fc.uniqueArray(fc.constantFrom('subnet-a', 'subnet-b'), { maxLength: 2 }),
  entries: fc.array(
    fc.record({ ruleNumber: fc.integer({ min: 1, max: 300 }), egress: fc.boolean(), allow: fc.boolean(), protocol: fc.constantFrom(-1, 6, 17, 1), cidr: fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/16', '203.0.113.0/24', '54.0.0.0/24'), from: fc.constantFrom(...PORTS), span: fc.constantFrom(0, 100, 65535) }),
    { maxLength: 6 },
  ),
});

const op = fc.oneof(
  { weight: 4, arbitrary: groupArb.map((g) => ({ kind: 'upsertGroup' as const, g })) },
  { weight: 1, arbitrary: fc.constantFrom(...GROUPS).map((id) => ({ kind: 'removeGroup' as const, id })) },
  { weight: 5, arbitrary: fc.record({ groupId: fc.constantFrom(...GROUPS), ruleId: fc.constantFrom(...RULE_IDS), ingress: fc.boolean(), spec: ruleSpec }).map((r) => ({ kind: 'addRule' as const, r })) },
  { weight: 3, arbitrary: fc.record({ groupId: fc.constantFrom(...GROUPS), ruleId: fc.constantFrom(...RULE_IDS) }).map((r) => ({ kind: 'removeRule' as const, r })) },
  { weight: 4, arbitrary: eniArb.map((e) => ({ kind: 'upsertEni' as const, e })) },
  { weight: 1, arbitrary: fc.constantFrom(...ENIS).map((id) => ({ kind: 'removeEni' as const, id })) },
  // A group-only change (same addresses): the engine's O(groups changed) membership path.
  { weight: 3, arbitrary: fc.record({ id: fc.constantFrom(...ENIS), groups: fc.uniqueArray(fc.constantFrom(...GROUPS, 'sg-9'), { maxLength: 4 }) }).map((r) => ({ kind: 'regroupEni' as const, r })) },
  { weight: 1, arbitrary: fc.record({ id: fc.constantFrom('pl-0', 'pl-1'), cidrs: fc.uniqueArray(fc.constantFrom('203.0.113.0/25', '10.0.1.0/24', '54.0.0.2/32', '2001:db8::/48'), { maxLength: 3 }) }).map((p) => ({ kind: 'upsertPrefixList' as const, p })) },
  { weight: 1, arbitrary: fc.constantFrom('pl-0', 'pl-1').map((id) => ({ kind: 'removePrefixList' as const, id })) },
  { weight: 3, arbitrary: naclArb.map((n) => ({ kind: 'upsertNacl' as const, n })) },
  { weight: 1, arbitrary: fc.constantFrom('acl-0', 'acl-1', 'acl-2').map((id) => ({ kind: 'removeNacl' as const, id })) },
  { weight: 3, arbitrary: fc.record({ id: fc.constantFrom('rtb-0', 'rtb-1'), main: fc.boolean(), subnet: fc.option(fc.constantFrom('subnet-a', 'subnet-b'), { nil: undefined }), viaGateway: fc.boolean(), active: fc.boolean() }).map((t) => ({ kind: 'upsertRouteTable' as const, t })) },
  { weight: 1, arbitrary: fc.constantFrom('rtb-0', 'rtb-1').map((id) => ({ kind: 'removeRouteTable' as const, id })) },
  { weight: 1, arbitrary: fc.boolean().map((attached) => ({ kind: 'upsertGateway' as const, attached })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'removeGateway' as const }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Applies one operation; operations on missing records are skipped (the service layer never sends them). */
function apply(engine: Engine, o: Op): void {
  const now = engine.snapshot();
  const group = (id: string): SecurityGroup | undefined => now.securityGroups.find((g) => g.groupId === id);
  switch (o.kind) {
    case 'upsertGroup':
      engine.upsertSecurityGroup({
        ...securityGroup(o.g.groupId, 'vpc-1', {}),
        ingress: o.g.ingress.map((r, i) => toRule(o.g.groupId, 'ingress', `sgr-up-i${i}`, r)),
        egress: o.g.egress.map((r, i) => toRule(o.g.groupId, 'egress', `sgr-up-e${i}`, r)),
      });
      return;
    case 'removeGroup':
      if (group(o.id)) engine.removeSecurityGroup(o.id);
      return;
    case 'addRule':
      if (group(o.r.groupId)) engine.addRule(toRule(o.r.groupId, o.r.ingress ? 'ingress' : 'egress', o.r.ruleId, o.r.spec));
      return;
    case 'removeRule': {
      const g = group(o.r.groupId);
      if (g && [...g.ingress, ...g.egress].some((r) => r.ruleId === o.r.ruleId)) engine.removeRule(o.r.groupId, o.r.ruleId);
      return;
    }
    case 'upsertEni': {
      const subnet = SUBNETS[o.e.subnet];
      const pool = PRIVATE[subnet.subnetId as keyof typeof PRIVATE];
      const ips = Array.from({ length: o.e.ipCount }, (_, i) => pool[(o.e.ipOffset + i) % pool.length]);
      const eni: NetworkInterface = networkInterface(o.e.id, subnet, {
        ips: [...new Set(ips)],
        ipv6: o.e.ipv6 && subnet.subnetId === 'subnet-a' ? [IPV6[o.e.ipOffset % IPV6.length]] : [],
        publicIp: o.e.publicIp,
        groups: o.e.groups,
        timeouts: { udpTimeout: o.e.udpTimeout },
      });
      engine.upsertInterface(eni);
      return;
    }
    case 'regroupEni': {
      const current = now.networkInterfaces.find((n) => n.networkInterfaceId === o.r.id);
      if (current) engine.upsertInterface({ ...current, groupIds: o.r.groups });
      return;
    }
    case 'removeEni':
      if (now.networkInterfaces.some((n) => n.networkInterfaceId === o.id)) engine.removeInterface(o.id);
      return;
    case 'upsertPrefixList':
      engine.upsertPrefixList({ prefixListId: o.p.id, prefixListName: o.p.id, addressFamily: 4, maxEntries: 5, version: 1, entries: o.p.cidrs.map((c) => ({ cidr: cidr(c) })) });
      return;
    case 'removePrefixList':
      if (now.prefixLists.some((p) => p.prefixListId === o.id)) engine.removePrefixList(o.id);
      return;
    case 'upsertNacl':
      engine.upsertNetworkAcl({
        networkAclId: o.n.id,
        vpcId: 'vpc-1',
        isDefault: o.n.isDefault,
        associations: o.n.subnets.map((subnetId, i) => ({ associationId: `${o.n.id}-${i}`, subnetId })),
        entries: o.n.entries.map((x) =>
          naclEntry(x.egress, { ruleNumber: x.ruleNumber, action: x.allow ? 'allow' : 'deny', protocol: x.protocol, cidr: x.cidr, ports: x.protocol === 6 || x.protocol === 17 ? [x.from, Math.min(65535, x.from + x.span)] : undefined, icmp: x.protocol === 1 ? [8, -1] : undefined }),
        ),
      });
      return;
    case 'removeNacl':
      if (now.networkAcls.some((n) => n.networkAclId === o.id)) engine.removeNetworkAcl(o.id);
      return;
    case 'upsertRouteTable':
      engine.upsertRouteTable({
        routeTableId: o.t.id,
        vpcId: 'vpc-1',
        routes: [localRoute('10.0.0.0/16'), o.t.viaGateway ? gatewayRoute('0.0.0.0/0', 'igw-0', o.t.active) : gatewayRoute('pl-0', 'igw-0'), gatewayRoute('::/0', 'igw-0')],
        associations: [...(o.t.main ? [{ associationId: `${o.t.id}-m`, main: true }] : []), ...(o.t.subnet ? [{ associationId: `${o.t.id}-s`, subnetId: o.t.subnet, main: false }] : [])],
      });
      return;
    case 'removeRouteTable':
      if (now.routeTables.some((t) => t.routeTableId === o.id)) engine.removeRouteTable(o.id);
      return;
    case 'upsertGateway':
      engine.upsertInternetGateway({ internetGatewayId: 'igw-0', attachedVpcIds: o.attached ? ['vpc-1'] : [] });
      return;
    case 'removeGateway':
      if (now.internetGateways.length > 0) engine.removeInternetGateway('igw-0');
      return;
  }
}

const ADDRESSES = [...Object.values(PRIVATE).flat(), ...PUBLIC, ...INTERNET, '10.0.0.2', '10.0.1.1', '169.254.169.254'];
const flowArb = fc
  .record({
    src: fc.constantFrom(...ADDRESSES, ...IPV6),
    dst: fc.constantFrom(...ADDRESSES, ...IPV6),
    protocol: fc.constantFrom(6, 6, 17, 1, 50),
    srcPort: fc.constantFrom(...PORTS),
    dstPort: fc.constantFrom(...PORTS),
    type: fc.constantFrom(0, 3, 8, 128, 129),
    code: fc.constantFrom(0, 4),
  })
  .map((f): Flow => {
    const src = ip(f.src);
    const dst = ip(f.dst);
    const protocol = f.protocol === 1 && src.family === 6 ? 58 : f.protocol;
    const ported = protocol === 6 || protocol === 17;
    const icmpFlow = protocol === 1 || protocol === 58;
    return { src, dst, protocol, srcPort: ported ? f.srcPort : 0, dstPort: ported ? f.dstPort : 0, icmpType: icmpFlow ? f.type : -1, icmpCode: icmpFlow ? f.code : -1 };
  })
  .filter((f) => f.src.family === f.dst.family);

/** The decision, or the error message for bad input (both ends on the internet). */
function outcome(engine: Engine, flow: Flow): unknown {
  try {
    return engine.decide(flow);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Where things are placed (each subnet's ACL and route table, each address's interface), the reverse index of group
 * references, and every interface, direction, remote address and a spread of packets through the numeric classifier.
 */
function classifierView(engine: Engine): string[] {
  const view: string[] = [];
  for (const subnet of SUBNETS) view.push(`${subnet.subnetId}: ${engine.networkAclFor(subnet.subnetId)} ${engine.routeTableFor(subnet.subnetId)}`);
  for (const text of [...ADDRESSES, ...IPV6]) view.push(`${text}: ${JSON.stringify(engine.interfaceAt(ip(text)))}`);
  for (const groupId of [...GROUPS, 'sg-9']) {
    view.push(`${groupId} referenced by ${engine.rulesReferencing(groupId).map((m) => `${m.groupId}/${m.ruleId}`).sort().join(',')}`);
  }
  const packets = [
    [6, 22, -1, -1],
    [6, 443, -1, -1],
    [6, 40000, -1, -1],
    [17, 53, -1, -1],
    [1, 0, 8, 0],
    [58, 0, 128, 0],
    [50, 0, -1, -1],
  ] as const;
  for (const eni of engine.snapshot().networkInterfaces) {
    const iface = engine.interfaceSlot(eni.networkInterfaceId);
    for (const direction of [0, 1] as const) {
      for (const text of [...ADDRESSES, ...IPV6]) {
        const remote = ip(text);
        for (const [protocol, port, type, code] of packets) {
          if ((protocol === 58) !== (remote.family === 6) && (protocol === 1 || protocol === 58)) continue;
          const w = remote.words;
          const slot = engine.classifier.classify(iface, direction, remote.family, w[0], w[1], w[2], w[3], protocol, port, type, code);
          view.push(`${eni.networkInterfaceId}/${direction}/${text}/${protocol}:${port}:${type} → ${slot < 0 ? 'deny' : `${engine.groupIdAt(slot)}/${engine.ruleIdAt(slot)}`}`);
        }
      }
    }
  }
  return view;
}

/** Flows between every pair of probe addresses, for a few protocols. */
function probeFlows(): Flow[] {
  const flows: Flow[] = [];
  const texts = [...ADDRESSES, ...IPV6];
  for (const s of texts) {
    for (const d of texts) {
      const src = ip(s);
      const dst = ip(d);
      if (src.family !== dst.family) continue;
      flows.push({ src, dst, protocol: 6, srcPort: 40000, dstPort: 22, icmpType: -1, icmpCode: -1 });
      flows.push({ src, dst, protocol: 17, srcPort: 1024, dstPort: 53, icmpType: -1, icmpCode: -1 });
      flows.push({ src, dst, protocol: src.family === 4 ? 1 : 58, srcPort: 0, dstPort: 0, icmpType: src.family === 4 ? 8 : 128, icmpCode: 0 });
    }
  }
  return flows;
}
const PROBES = probeFlows();

function start(): Snapshot {
  return baseEstate()
    .group('sg-0', 'vpc-1', { ingress: [tcp(22, 'sg-0')], egress: [allTraffic('0.0.0.0/0')] })
    .eni('eni-0', 'subnet-a', { ips: ['10.0.1.10'], ipv6: ['2600:1f00:0:1::10'], publicIp: '54.0.0.1', groups: ['sg-0'] })
    .eni('eni-1', 'subnet-b', { ips: ['10.0.2.10'], groups: ['sg-0'] })
    .build();
}

describe('random update sequences end where a fresh build starts', () => {
  it('classifies and decides exactly as Engine.fromSnapshot(engine.snapshot()): verdicts, stages, explanations', () => {
    let allowedSeen = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), fc.array(flowArb, { minLength: 20, maxLength: 20 }), (ops, flows) => {
        const engine = Engine.fromSnapshot(start());
        for (const o of ops) {
          apply(engine, o);
          // After every step: the whole classifier; and a few random flows end to end.
          const fresh = Engine.fromSnapshot(engine.snapshot());
          expect(classifierView(engine)).toEqual(classifierView(fresh));
          for (const flow of flows.slice(0, 3)) expect(outcome(engine, flow)).toEqual(outcome(fresh, flow));
        }
        const fresh = Engine.fromSnapshot(engine.snapshot());
        for (const flow of [...flows, ...PROBES]) {
          const mine = outcome(engine, flow);
          expect(mine).toEqual(outcome(fresh, flow));
          if ((mine as { allowed?: boolean }).allowed) allowedSeen++;
        }
        expect(fresh.snapshot()).toEqual(engine.snapshot());
      }),
      { numRuns: 80 },
    );
    // The probes must exercise allowed paths, not only denials.
    expect(allowedSeen).toBeGreaterThan(1000);
  });
});
