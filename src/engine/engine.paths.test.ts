/**
 * Paths and their stages (docs/semantics.md §1–§2): which stages a flow meets, in which order, and where it stops.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import type { Decision, StageResult } from './decision.ts';
import { allTraffic, EstateBuilder, gatewayRoute, localRoute, otherRoute, tcp } from './testing/estate-builder.ts';
import { icmpFlow, tcpFlow, udpFlow } from './testing/flows.ts';

const kinds = (d: Decision): string[] => d.stages.map((s) => `${s.kind}:${s.allowed ? 'allow' : 'deny'}`);
const stage = (d: Decision, kind: StageResult['kind']): StageResult => d.stages.find((s) => s.kind === kind)!;

/**
 * vpc-1 (10.0.0.0/16, IPv6) with subnets a and b, vpc-2 with subnet c; every group open both ways, so the tests
 * below see path shapes, not rules. The NACLs deny everything, to prove where they are (not) applied, unless
 * `openNacls` is set.
 */
function estate(options: { openNacls?: boolean; routing?: boolean } = {}): EstateBuilder {
  const b = new EstateBuilder()
    .vpc('vpc-1', '10.0.0.0/16', '2600:1f00::/56')
    .subnet('subnet-a', 'vpc-1', '10.0.1.0/24', '2600:1f00:0:1::/64')
    .subnet('subnet-b', 'vpc-1', '10.0.2.0/24')
    .vpc('vpc-2', '10.1.0.0/16')
    .subnet('subnet-c', 'vpc-2', '10.1.1.0/24')
    .group('sg-open', 'vpc-1', { ingress: [allTraffic('0.0.0.0/0'), allTraffic('::/0')], egress: [allTraffic('0.0.0.0/0'), allTraffic('::/0')] })
    .group('sg-open2', 'vpc-2', { ingress: [allTraffic('0.0.0.0/0')], egress: [allTraffic('0.0.0.0/0')] })
    .eni('eni-a', 'subnet-a', { ips: ['10.0.1.10'], ipv6: ['2600:1f00:0:1::10'], publicIp: '54.0.0.10', groups: ['sg-open'] })
    .eni('eni-a2', 'subnet-a', { ips: ['10.0.1.11'], groups: ['sg-open'] })
    .eni('eni-b', 'subnet-b', { ips: ['10.0.2.20'], publicIp: '54.0.0.20', groups: ['sg-open'] })
    .eni('eni-c', 'subnet-c', { ips: ['10.1.1.30'], groups: ['sg-open2'] });
  if (options.openNacls) b.openNacl('acl-default', 'vpc-1', { isDefault: true });
  else b.nacl('acl-default', 'vpc-1', { isDefault: true });
  if (options.routing ?? true) {
    b.internetGateway('igw-1', ['vpc-1']).routeTable('rtb-main', 'vpc-1', {
      main: true,
      routes: [localRoute('10.0.0.0/16'), localRoute('2600:1f00::/56'), gatewayRoute('0.0.0.0/0', 'igw-1'), gatewayRoute('::/0', 'igw-1')],
    });
  }
  return b;
}

describe('same interface and never-filtered addresses (§2, aws-semantics.md §8.3)', () => {
  const engine = Engine.fromSnapshot(estate().build());

  it('traffic from an interface to itself never leaves the instance', () => {
    const d = engine.decide(tcpFlow('10.0.1.10:1000', '10.0.1.10:80'));
    expect(d.allowed).toBe(true);
    expect(kinds(d)).toEqual(['exempt:allow']);
    // Its own public address is the same interface.
    expect(kinds(engine.decide(tcpFlow('10.0.1.10:1000', '54.0.0.10:80')))).toEqual(['exempt:allow']);
  });

  it.each([
    ['169.254.169.254', 'IMDS'],
    ['169.254.169.253', 'Resolver'],
    ['169.254.169.123', 'Time Sync'],
    ['10.0.0.2', 'DNS'], // VPC primary CIDR base + 2
    ['10.0.1.1', 'router'], // subnet base + 1
  ])('interface → %s is exempt (%s), even through NACLs that deny everything', (address, detail) => {
    const d = engine.decide(udpFlow('10.0.1.10:5000', `${address}:53`));
    expect(kinds(d)).toEqual(['exempt:allow']);
    expect(JSON.stringify(d.stages[0])).toContain(detail);
  });

  it('IPv6 never-filtered addresses and the reverse direction are exempt too', () => {
    expect(kinds(engine.decide(udpFlow('[2600:1f00:0:1::10]:5000', '[fd00:ec2::123]:123')))).toEqual(['exempt:allow']);
    expect(kinds(engine.decide(udpFlow('[fd00:ec2::254]:80', '[2600:1f00:0:1::10]:5000')))).toEqual(['exempt:allow']);
    expect(kinds(engine.decide(udpFlow('169.254.169.254:80', '10.0.1.10:5000')))).toEqual(['exempt:allow']);
  });

  it('the router of another subnet and base + 3 are ordinary addresses', () => {
    expect(kinds(engine.decide(udpFlow('10.0.1.10:5000', '10.0.2.1:53')))[0]).toBe('sg-egress:allow');
    expect(kinds(engine.decide(udpFlow('10.0.1.10:5000', '10.0.0.3:53')))[0]).toBe('sg-egress:allow');
  });
});

describe('paths between interfaces', () => {
  it('same subnet: security groups only — NACLs are not evaluated inside a subnet (§6.9)', () => {
    const d = Engine.fromSnapshot(estate().build()).decide(tcpFlow('10.0.1.10:40000', '10.0.1.11:22'));
    expect(kinds(d)).toEqual(['sg-egress:allow', 'sg-ingress:allow']);
    expect(d.allowed).toBe(true);
    expect(d.source).toEqual({ kind: 'interface', networkInterfaceId: 'eni-a', subnetId: 'subnet-a', vpcId: 'vpc-1', address: '10.0.1.10' });
    expect(d.destination.networkInterfaceId).toBe('eni-a2');
  });

  it('other subnet of the same VPC: egress, source NACL out, destination NACL in, ingress', () => {
    const open = Engine.fromSnapshot(estate({ openNacls: true }).build()).decide(tcpFlow('10.0.1.10:40000', '10.0.2.20:22'));
    expect(kinds(open)).toEqual(['sg-egress:allow', 'nacl-outbound:allow', 'nacl-inbound:allow', 'sg-ingress:allow']);
    expect(stage(open, 'nacl-outbound')).toMatchObject({ networkAclId: 'acl-default', subnetId: 'subnet-a', ruleNumber: 100 });
    expect(stage(open, 'nacl-inbound')).toMatchObject({ subnetId: 'subnet-b' });
    const closed = Engine.fromSnapshot(estate().build()).decide(tcpFlow('10.0.1.10:40000', '10.0.2.20:22'));
    expect(kinds(closed)).toEqual(['sg-egress:allow', 'nacl-outbound:deny']);
    expect(closed).toMatchObject({ allowed: false, deniedBy: 'nacl-outbound' });
  });

  it('different VPCs: no route (peering is not modelled)', () => {
    const d = Engine.fromSnapshot(estate().build()).decide(tcpFlow('10.0.1.10:40000', '10.1.1.30:22'));
    expect(kinds(d)).toEqual(['sg-egress:allow', 'route:deny']);
    expect(d.deniedBy).toBe('route');
    expect(JSON.stringify(d.stages[1])).toContain('vpc-1 to vpc-2');
  });

  it("A → B's public address goes out and back in through the gateway, with B seeing A's public address", () => {
    const b = estate({ openNacls: true });
    // B admits its VPC's members by reference and A's public address by CIDR; only the CIDR can match (§4.8).
    b.group('sg-b', 'vpc-1', { ingress: [tcp(22, 'sg-open', 'sgr-by-reference'), tcp(22, '54.0.0.10/32', 'sgr-by-public-ip')] });
    b.enis[2] = { ...b.enis[2], groupIds: ['sg-b'] };
    const d = Engine.fromSnapshot(b.build()).decide(tcpFlow('10.0.1.10:40000', '54.0.0.20:22'));
    expect(kinds(d)).toEqual(['sg-egress:allow', 'nacl-outbound:allow', 'route:allow', 'route:allow', 'nacl-inbound:allow', 'sg-ingress:allow']);
    expect(stage(d, 'sg-ingress')).toMatchObject({ match: { groupId: 'sg-b', ruleId: 'sgr-by-public-ip' } });
    expect(d.destination).toMatchObject({ networkInterfaceId: 'eni-b', address: '10.0.2.20' });
    // Without the CIDR rule the reference alone does not admit A's public address.
    const onlyReference = estate({ openNacls: true });
    onlyReference.group('sg-b', 'vpc-1', { ingress: [tcp(22, 'sg-open')] });
    onlyReference.enis[2] = { ...onlyReference.enis[2], groupIds: ['sg-b'] };
    const denied = Engine.fromSnapshot(onlyReference.build()).decide(tcpFlow('10.0.1.10:40000', '54.0.0.20:22'));
    expect(denied.deniedBy).toBe('sg-ingress');
    // ... while the private path matches the reference.
    expect(Engine.fromSnapshot(onlyReference.build()).decide(tcpFlow('10.0.1.10:40000', '10.0.2.20:22')).allowed).toBe(true);
  });

  it('a public source address given for an interface is that interface sending from its private address', () => {
    const d = Engine.fromSnapshot(estate().build()).decide(tcpFlow('54.0.0.10:40000', '10.0.1.11:22'));
    expect(kinds(d)).toEqual(['sg-egress:allow', 'sg-ingress:allow']);
    expect(d.source).toMatchObject({ networkInterfaceId: 'eni-a', address: '10.0.1.10' });
  });
});

describe('paths to and from the internet', () => {
  const engine = Engine.fromSnapshot(estate({ openNacls: true }).build());

  it("internet → public address: route, NACL in, SG in; the destination carries the private address past the NAT", () => {
    const d = engine.decide(tcpFlow('203.0.113.5:40000', '54.0.0.10:443'));
    expect(kinds(d)).toEqual(['route:allow', 'nacl-inbound:allow', 'sg-ingress:allow']);
    expect(d.source).toEqual({ kind: 'internet', address: '203.0.113.5' });
    expect(d.destination).toMatchObject({ kind: 'interface', networkInterfaceId: 'eni-a', address: '10.0.1.10' });
    expect(stage(d, 'route')).toMatchObject({ detail: expect.stringContaining('igw-1') });
  });

  it("internet → a private IPv4 address is denied at the route stage", () => {
    const d = engine.decide(tcpFlow('203.0.113.5:40000', '10.0.1.10:443'));
    expect(kinds(d)).toEqual(['route:deny']);
    expect(stage(d, 'route')).toMatchObject({ detail: 'private addresses are not reachable from the internet' });
  });

  it('internet → an IPv6 address needs only the route', () => {
    expect(kinds(engine.decide(tcpFlow('[2001:db8::5]:40000', '[2600:1f00:0:1::10]:443')))).toEqual(['route:allow', 'nacl-inbound:allow', 'sg-ingress:allow']);
  });

  it('interface → internet: SG out, NACL out, route; IPv4 needs a public address to be translated to', () => {
    expect(kinds(engine.decide(tcpFlow('10.0.1.10:40000', '198.51.100.7:443')))).toEqual(['sg-egress:allow', 'nacl-outbound:allow', 'route:allow']);
    const noPublic = engine.decide(tcpFlow('10.0.1.11:40000', '198.51.100.7:443'));
    expect(kinds(noPublic)).toEqual(['sg-egress:allow', 'nacl-outbound:allow', 'route:deny']);
    expect(stage(noPublic, 'route')).toMatchObject({ detail: 'eni-a2 has no public IPv4 address' });
    expect(kinds(engine.decide(tcpFlow('[2600:1f00:0:1::10]:40000', '[2001:db8::5]:443')))).toEqual(['sg-egress:allow', 'nacl-outbound:allow', 'route:allow']);
  });

  it('an address inside the VPC that no interface holds is not reachable through the gateway (local route wins)', () => {
    const d = engine.decide(tcpFlow('10.0.1.10:40000', '10.0.9.9:443'));
    expect(d.destination.kind).toBe('internet');
    expect(kinds(d)).toEqual(['sg-egress:allow', 'nacl-outbound:allow', 'route:deny']);
    expect(stage(d, 'route')).toMatchObject({ detail: expect.stringContaining('local route 10.0.0.0/16') });
  });

  it('both ends on the internet is bad input', () => {
    expect(() => engine.decide(tcpFlow('203.0.113.5:1', '198.51.100.7:2'))).toThrow(/both ends are on the internet/);
    expect(() => engine.decide({ ...tcpFlow('10.0.1.10:1', '198.51.100.7:2'), dst: tcpFlow('[::1]:1', '[::2]:2').dst })).toThrow(/families/);
  });

  it('the first denying stage ends the path', () => {
    const b = estate({ openNacls: true });
    b.groups.push({ ...b.groups[0], groupId: 'sg-closed', ingress: [], egress: [] });
    b.enis[0] = { ...b.enis[0], groupIds: ['sg-closed'] };
    const d = Engine.fromSnapshot(b.build()).decide(tcpFlow('10.0.1.10:40000', '198.51.100.7:443'));
    expect(kinds(d)).toEqual(['sg-egress:deny']);
    expect(stage(d, 'sg-egress')).toMatchObject({ reason: 'default-deny', networkInterfaceId: 'eni-a' });
    expect(d.deniedBy).toBe('sg-egress');
  });
});

describe('route stage (chosen, §2)', () => {
  const base = (): EstateBuilder => estate({ openNacls: true, routing: false });

  it('with no route tables or gateways in the snapshot the route is allowed, but address checks still apply', () => {
    const engine = Engine.fromSnapshot(base().build());
    const d = engine.decide(tcpFlow('203.0.113.5:40000', '54.0.0.10:443'));
    expect(stage(d, 'route')).toEqual({ kind: 'route', allowed: true, detail: 'routing not in snapshot' });
    expect(engine.decide(tcpFlow('203.0.113.5:40000', '10.0.1.10:443')).deniedBy).toBe('route');
    expect(engine.decide(tcpFlow('10.0.1.11:40000', '198.51.100.7:443')).deniedBy).toBe('route');
  });

  it('a default route to a gateway not attached to the VPC, or to something else, does not reach the internet', () => {
    const b = base()
      .internetGateway('igw-elsewhere', ['vpc-2'])
      .routeTable('rtb-main', 'vpc-1', { main: true, routes: [localRoute('10.0.0.0/16'), gatewayRoute('0.0.0.0/0', 'igw-elsewhere')] })
      .routeTable('rtb-b', 'vpc-1', { subnets: ['subnet-b'], routes: [localRoute('10.0.0.0/16'), otherRoute('0.0.0.0/0', 'nat-1')] });
    const engine = Engine.fromSnapshot(b.build());
    expect(stage(engine.decide(tcpFlow('10.0.1.10:1', '198.51.100.7:443')), 'route')).toMatchObject({ allowed: false, detail: expect.stringContaining('not attached') });
    expect(stage(engine.decide(tcpFlow('10.0.2.20:1', '198.51.100.7:443')), 'route')).toMatchObject({ allowed: false, detail: expect.stringContaining('nat-1') });
    expect(engine.decide(tcpFlow('203.0.113.5:1', '54.0.0.10:443')).deniedBy).toBe('route');
  });

  it('the explicit subnet association beats the main table; the longest active prefix wins; prefix-list routes count', () => {
    const b = base()
      .internetGateway('igw-1', ['vpc-1'])
      .prefixList('pl-partners', ['192.0.2.0/24'])
      .routeTable('rtb-main', 'vpc-1', { main: true, routes: [localRoute('10.0.0.0/16')] })
      .routeTable('rtb-a', 'vpc-1', {
        subnets: ['subnet-a'],
        routes: [
          localRoute('10.0.0.0/16'),
          gatewayRoute('0.0.0.0/0', 'igw-1'),
          otherRoute('198.51.100.0/24', 'pcx-1'),
          gatewayRoute('198.51.100.0/25', 'igw-1', false), // blackhole: ignored
          gatewayRoute('pl-partners', 'igw-1'),
        ],
      });
    const engine = Engine.fromSnapshot(b.build());
    expect(stage(engine.decide(tcpFlow('10.0.1.10:1', '203.0.113.1:443')), 'route').allowed).toBe(true);
    expect(stage(engine.decide(tcpFlow('10.0.1.10:1', '198.51.100.7:443')), 'route')).toMatchObject({ allowed: false, detail: expect.stringContaining('pcx-1') });
    expect(stage(engine.decide(tcpFlow('10.0.1.10:1', '192.0.2.9:443')), 'route')).toMatchObject({ allowed: true, detail: expect.stringContaining('pl-partners') });
    // subnet-b uses the main table, which has no way out.
    expect(stage(engine.decide(tcpFlow('10.0.2.20:1', '203.0.113.1:443')), 'route')).toMatchObject({ allowed: false, detail: expect.stringContaining('no route') });
  });
});

describe('NACL stage placement', () => {
  it('is omitted when the subnet has neither an associated nor a default ACL', () => {
    const b = estate({ openNacls: true });
    b.acls.length = 0;
    const d = Engine.fromSnapshot(b.build()).decide(icmpFlow('10.0.1.10', '10.0.2.20', 8));
    expect(kinds(d)).toEqual(['sg-egress:allow', 'sg-ingress:allow']);
  });
});
