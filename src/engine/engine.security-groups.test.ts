/**
 * The security-group stage (docs/semantics.md §3, aws-semantics.md §4): what a rule matches, union across groups, and
 * the explanation naming a rule that really matches.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import type { Decision, StageResult } from './decision.ts';
import type { Flow } from './flow.ts';
import {
  allTraffic,
  EstateBuilder,
  icmp,
  icmpv6,
  protocolRule,
  tcp,
  udp,
  type RuleSpec,
} from './testing/estate-builder.ts';
import { icmpFlow, protocolFlow, tcpFlow, udpFlow } from './testing/flows.ts';

/**
 * eni-target (10.0.1.10, public 54.0.0.10, 2600:1f00:0:1::10) carries the groups under test; no NACL, no routing in
 * the snapshot, so internet flows to its public address reach its security groups.
 */
function engineWith(groups: Record<string, { ingress?: RuleSpec[]; egress?: RuleSpec[] }>, targetGroups = Object.keys(groups)): Engine {
  const b = new EstateBuilder()
    .vpc('vpc-1', '10.0.0.0/16', '2600:1f00::/56')
    .subnet('subnet-a', 'vpc-1', '10.0.1.0/24', '2600:1f00:0:1::/64')
    .group('sg-peer', 'vpc-1', { ingress: [allTraffic('0.0.0.0/0'), allTraffic('::/0')], egress: [allTraffic('0.0.0.0/0'), allTraffic('::/0')] })
    .group('sg-member', 'vpc-1', { ingress: [allTraffic('0.0.0.0/0'), allTraffic('::/0')], egress: [allTraffic('0.0.0.0/0'), allTraffic('::/0')] })
    .prefixList('pl-office', ['198.51.100.0/24', '192.0.2.128/25'])
    .prefixList('pl-office6', ['2001:db8:aa::/48']);
  for (const [id, rules] of Object.entries(groups)) b.group(id, 'vpc-1', rules);
  b.eni('eni-target', 'subnet-a', { ips: ['10.0.1.10'], ipv6: ['2600:1f00:0:1::10'], publicIp: '54.0.0.10', groups: targetGroups });
  // A member of sg-member with a secondary private address, an IPv6 address and a public address.
  b.eni('eni-member', 'subnet-a', { ips: ['10.0.1.20', '10.0.1.21'], ipv6: ['2600:1f00:0:1::20'], publicIp: '54.0.0.20', groups: ['sg-member', 'sg-peer'] });
  // Not a member.
  b.eni('eni-stranger', 'subnet-a', { ips: ['10.0.1.30'], ipv6: ['2600:1f00:0:1::30'], groups: ['sg-peer'] });
  return Engine.fromSnapshot(b.build());
}

const ingressStage = (d: Decision): StageResult => d.stages.find((s) => s.kind === 'sg-ingress')!;
const egressStage = (d: Decision): StageResult => d.stages.find((s) => s.kind === 'sg-egress')!;
const admitsIn = (engine: Engine, flow: Flow): boolean => ingressStage(engine.decide(flow)).allowed;

describe('protocol and port matching', () => {
  const engine = engineWith({ 'sg-t': { ingress: [tcp([8000, 8080], '0.0.0.0/0'), udp(53, '0.0.0.0/0'), protocolRule(50, '0.0.0.0/0')] } });

  it('TCP/UDP: the destination port inside [from, to], bounds included; protocols are not interchangeable', () => {
    expect(admitsIn(engine, tcpFlow('203.0.113.5:40000', '54.0.0.10:8000'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('203.0.113.5:40000', '54.0.0.10:8080'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('203.0.113.5:40000', '54.0.0.10:7999'))).toBe(false);
    expect(admitsIn(engine, tcpFlow('203.0.113.5:40000', '54.0.0.10:8081'))).toBe(false);
    expect(admitsIn(engine, tcpFlow('203.0.113.5:8000', '54.0.0.10:40000'))).toBe(false); // source port does not count
    expect(admitsIn(engine, udpFlow('203.0.113.5:40000', '54.0.0.10:53'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('203.0.113.5:40000', '54.0.0.10:53'))).toBe(false);
    expect(admitsIn(engine, udpFlow('203.0.113.5:40000', '54.0.0.10:8000'))).toBe(false);
  });

  it('another protocol number matches that protocol only, whatever the ports (§4.6)', () => {
    expect(admitsIn(engine, protocolFlow(50, '203.0.113.5', '54.0.0.10'))).toBe(true);
    expect(admitsIn(engine, protocolFlow(47, '203.0.113.5', '54.0.0.10'))).toBe(false);
  });

  it('protocol -1 matches every protocol and port, including ICMP and unusual numbers', () => {
    const all = engineWith({ 'sg-t': { ingress: [allTraffic('203.0.113.0/24')] } });
    for (const flow of [tcpFlow('203.0.113.5:1', '54.0.0.10:65535'), udpFlow('203.0.113.5:1', '54.0.0.10:0'), icmpFlow('203.0.113.5', '54.0.0.10', 3, 4), protocolFlow(132, '203.0.113.5', '54.0.0.10'), protocolFlow(0, '203.0.113.5', '54.0.0.10')]) {
      expect(admitsIn(all, flow)).toBe(true);
    }
    expect(admitsIn(all, tcpFlow('203.0.114.5:1', '54.0.0.10:80'))).toBe(false);
  });

  it('the egress direction checks the destination (remote) port too', () => {
    const e = engineWith({ 'sg-t': { egress: [tcp(443, '0.0.0.0/0')] } });
    expect(egressStage(e.decide(tcpFlow('10.0.1.10:40000', '198.51.100.1:443'))).allowed).toBe(true);
    expect(egressStage(e.decide(tcpFlow('10.0.1.10:443', '198.51.100.1:40000'))).allowed).toBe(false);
  });
});

describe('ICMP type and code (§4.5: type = fromPort, code = toPort, -1 wildcards)', () => {
  const engine = engineWith({
    'sg-t': { ingress: [icmp(8, -1, '203.0.113.0/24'), icmp(3, 4, '198.51.100.0/24'), icmp(-1, -1, '192.0.2.0/24'), icmpv6(128, 0, '::/0')] },
  });

  it('type 8 with code -1 matches any code of type 8 only', () => {
    expect(admitsIn(engine, icmpFlow('203.0.113.5', '54.0.0.10', 8, 0))).toBe(true);
    expect(admitsIn(engine, icmpFlow('203.0.113.5', '54.0.0.10', 8, 7))).toBe(true);
    expect(admitsIn(engine, icmpFlow('203.0.113.5', '54.0.0.10', 0, 0))).toBe(false);
  });

  it('type 3 code 4 matches exactly that', () => {
    expect(admitsIn(engine, icmpFlow('198.51.100.5', '54.0.0.10', 3, 4))).toBe(true);
    expect(admitsIn(engine, icmpFlow('198.51.100.5', '54.0.0.10', 3, 3))).toBe(false);
    expect(admitsIn(engine, icmpFlow('198.51.100.5', '54.0.0.10', 4, 4))).toBe(false);
  });

  it('type -1 matches every ICMP message; ICMP rules never match ICMPv6 and vice versa', () => {
    expect(admitsIn(engine, icmpFlow('192.0.2.5', '54.0.0.10', 13, 0))).toBe(true);
    expect(admitsIn(engine, icmpFlow('2001:db8::5', '2600:1f00:0:1::10', 128, 0))).toBe(true);
    expect(admitsIn(engine, icmpFlow('2001:db8::5', '2600:1f00:0:1::10', 128, 1))).toBe(false);
    expect(admitsIn(engine, { ...icmpFlow('203.0.113.5', '54.0.0.10', 8, 0), protocol: 58 })).toBe(false);
  });
});

describe('address families (§4.7)', () => {
  it('an IPv4 rule never matches IPv6 (protocol -1 to 0.0.0.0/0 does not allow IPv6), and vice versa', () => {
    const engine = engineWith({ 'sg-t': { ingress: [allTraffic('0.0.0.0/0'), tcp(22, '2001:db8::/32')] } });
    expect(admitsIn(engine, tcpFlow('[2001:db9::1]:1', '[2600:1f00:0:1::10]:80'))).toBe(false);
    expect(admitsIn(engine, tcpFlow('[2001:db8:ffff::1]:1', '[2600:1f00:0:1::10]:22'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('[2001:db9::1]:1', '[2600:1f00:0:1::10]:22'))).toBe(false);
    expect(admitsIn(engine, tcpFlow('203.0.113.5:1', '54.0.0.10:80'))).toBe(true);
  });

  it('IPv6 CIDRs match on all 128 bits', () => {
    const engine = engineWith({ 'sg-t': { ingress: [tcp(22, '2001:db8:0:0:0:0:0:1/128'), tcp(23, '2001:db8:1:2:3:4:5:0/127')] } });
    expect(admitsIn(engine, tcpFlow('[2001:db8::1]:1', '[2600:1f00:0:1::10]:22'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('[2001:db8::2]:1', '[2600:1f00:0:1::10]:22'))).toBe(false);
    expect(admitsIn(engine, tcpFlow('[2001:db8:1:2:3:4:5:1]:1', '[2600:1f00:0:1::10]:23'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('[2001:db8:1:2:3:4:5:2]:1', '[2600:1f00:0:1::10]:23'))).toBe(false);
  });
});

describe('group references (§4.8, §4.12)', () => {
  const engine = engineWith({ 'sg-t': { ingress: [tcp(5432, 'sg-member')] } });

  it("matches the members' private IPv4 addresses, primary and secondary, and their IPv6 addresses (chosen, §4.10)", () => {
    expect(admitsIn(engine, tcpFlow('10.0.1.20:40000', '10.0.1.10:5432'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('10.0.1.21:40000', '10.0.1.10:5432'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('[2600:1f00:0:1::20]:40000', '[2600:1f00:0:1::10]:5432'))).toBe(true);
  });

  it('does not match non-members, nor an address that only looks like a member', () => {
    expect(admitsIn(engine, tcpFlow('10.0.1.30:40000', '10.0.1.10:5432'))).toBe(false);
    expect(admitsIn(engine, tcpFlow('[2600:1f00:0:1::30]:40000', '[2600:1f00:0:1::10]:5432'))).toBe(false);
    // The member's public address seen from the internet side is not a private address of a member.
    expect(engine.decide(tcpFlow('54.0.0.20:40000', '54.0.0.10:5432')).source.networkInterfaceId).toBe('eni-member');
  });

  it('self-reference lets members talk to each other, and only them', () => {
    const self = engineWith({ 'sg-self': { ingress: [allTraffic('sg-self')], egress: [allTraffic('0.0.0.0/0')] } }, ['sg-self']);
    expect(admitsIn(self, tcpFlow('10.0.1.20:1', '10.0.1.10:22'))).toBe(false);
    const b = new EstateBuilder().vpc('vpc-1', '10.0.0.0/16').subnet('subnet-a', 'vpc-1', '10.0.1.0/24');
    b.group('sg-self', 'vpc-1', { ingress: [allTraffic('sg-self')], egress: [allTraffic('0.0.0.0/0')] });
    b.eni('eni-1', 'subnet-a', { ips: ['10.0.1.1'], groups: ['sg-self'] }).eni('eni-2', 'subnet-a', { ips: ['10.0.1.2'], groups: ['sg-self'] });
    b.eni('eni-3', 'subnet-a', { ips: ['10.0.1.3'], groups: [] });
    const e = Engine.fromSnapshot(b.build());
    expect(e.decide(tcpFlow('10.0.1.1:1', '10.0.1.2:22')).allowed).toBe(true);
    expect(e.decide(tcpFlow('10.0.1.3:1', '10.0.1.2:22')).deniedBy).toBe('sg-egress'); // eni-3 has no group at all
  });
});

describe('prefix lists (§4.13)', () => {
  it('a rule matches any entry of the list, of the packet family', () => {
    const engine = engineWith({ 'sg-t': { ingress: [tcp(443, 'pl-office'), tcp(443, 'pl-office6')] } });
    expect(admitsIn(engine, tcpFlow('198.51.100.77:1', '54.0.0.10:443'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('192.0.2.200:1', '54.0.0.10:443'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('192.0.2.100:1', '54.0.0.10:443'))).toBe(false);
    expect(admitsIn(engine, tcpFlow('[2001:db8:aa::9]:1', '[2600:1f00:0:1::10]:443'))).toBe(true);
    expect(admitsIn(engine, tcpFlow('[2001:db8:ab::9]:1', '[2600:1f00:0:1::10]:443'))).toBe(false);
  });

  it('a list missing from the snapshot matches nothing', () => {
    const engine = engineWith({ 'sg-t': { ingress: [tcp(443, 'pl-missing')] } });
    expect(admitsIn(engine, tcpFlow('198.51.100.77:1', '54.0.0.10:443'))).toBe(false);
  });
});

describe('union of groups and the explanation (§4.3, fact 13)', () => {
  it('any rule of any group on the interface admits; the explanation names a rule that matches', () => {
    const engine = engineWith({
      'sg-a': { ingress: [tcp(22, '10.9.0.0/16', 'sgr-a-ssh')] },
      'sg-b': { ingress: [tcp(443, '0.0.0.0/0', 'sgr-b-https')] },
      'sg-c': {},
    });
    expect(ingressStage(engine.decide(tcpFlow('203.0.113.5:1', '54.0.0.10:443')))).toEqual({
      kind: 'sg-ingress',
      allowed: true,
      networkInterfaceId: 'eni-target',
      reason: 'rule',
      match: { groupId: 'sg-b', ruleId: 'sgr-b-https' },
      tracked: true,
    });
    expect(ingressStage(engine.decide(tcpFlow('10.9.3.4:1', '54.0.0.10:22')))).toMatchObject({ match: { groupId: 'sg-a', ruleId: 'sgr-a-ssh' } });
    expect(ingressStage(engine.decide(tcpFlow('10.9.3.4:1', '54.0.0.10:23')))).toEqual({
      kind: 'sg-ingress',
      allowed: false,
      networkInterfaceId: 'eni-target',
      reason: 'default-deny',
    });
  });

  it('an interface without groups, or with only empty groups, denies everything', () => {
    expect(admitsIn(engineWith({ 'sg-empty': {} }), tcpFlow('203.0.113.5:1', '54.0.0.10:443'))).toBe(false);
    expect(admitsIn(engineWith({}, []), tcpFlow('203.0.113.5:1', '54.0.0.10:443'))).toBe(false);
  });

  it('the numeric classifier and the explanation agree with decide', () => {
    const engine = engineWith({ 'sg-a': { ingress: [tcp(22, '10.9.0.0/16', 'sgr-a-ssh')] }, 'sg-b': { ingress: [udp(53, 'sg-member', 'sgr-b-dns')] } });
    const iface = engine.interfaceSlot('eni-target');
    expect(iface).toBeGreaterThanOrEqual(0);
    expect(engine.interfaceSlot('eni-nope')).toBe(-1);
    const slot = engine.classifier.classify(iface, 0, 4, (10 << 24) | (9 << 16) | 1, 0, 0, 0, 6, 22, -1, -1);
    expect(engine.ruleAt(slot)).toEqual({ groupId: 'sg-a', ruleId: 'sgr-a-ssh' });
    expect([engine.groupIdAt(slot), engine.ruleIdAt(slot)]).toEqual(['sg-a', 'sgr-a-ssh']);
    const member = (10 << 24) | (1 << 8) | 21;
    const dns = engine.classifier.classify(iface, 0, 4, member, 0, 0, 0, 17, 53, -1, -1);
    expect(engine.ruleAt(dns)).toEqual({ groupId: 'sg-b', ruleId: 'sgr-b-dns' });
    expect(engine.classifier.classify(iface, 0, 4, member, 0, 0, 0, 17, 54, -1, -1)).toBe(-1);
    expect(engine.rulesReferencing('sg-member')).toEqual([{ groupId: 'sg-b', ruleId: 'sgr-b-dns' }]);
  });
});
