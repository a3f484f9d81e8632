/**
 * Stateful evaluation (docs/semantics.md §5, aws-semantics.md §5): replies by connection tracking, untracked flows,
 * rule removal, timeouts with an injected clock, and what stays stateless (NACLs, `decide`).
 */
import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import type { Decision, StageResult } from './decision.ts';
import type { Flow } from './flow.ts';
import { allTraffic, EstateBuilder, icmp, protocolRule, rule, tcp, udp, type RuleSpec } from './testing/estate-builder.ts';
import type { ConnectionTrackingTimeouts } from '../core/model/network.ts';
import { icmpFlow, protocolFlow, reverse, tcpFlow, udpFlow } from './testing/flows.ts';

interface Setup {
  readonly engine: Engine;
  /** Sets the injected clock (seconds). */
  at(seconds: number): Engine;
}

/**
 * eni-a (10.0.1.10, public 54.0.0.10, IPv6) carries sg-a with the given rules; eni-b (10.0.1.20, same subnet) carries
 * sg-b (open egress, ingress as given). No routing and an open default NACL unless `inboundNacl` narrows subnet-a.
 */
function setup(
  a: { ingress?: RuleSpec[]; egress?: RuleSpec[] },
  options: { b?: { ingress?: RuleSpec[]; egress?: RuleSpec[] }; timeouts?: Partial<ConnectionTrackingTimeouts>; inboundNacl?: boolean } = {},
): Setup {
  const builder = new EstateBuilder()
    .vpc('vpc-1', '10.0.0.0/16', '2600:1f00::/56')
    .subnet('subnet-a', 'vpc-1', '10.0.1.0/24', '2600:1f00:0:1::/64')
    .group('sg-a', 'vpc-1', a)
    .group('sg-b', 'vpc-1', options.b ?? { egress: [allTraffic('0.0.0.0/0')] })
    .eni('eni-a', 'subnet-a', { ips: ['10.0.1.10'], ipv6: ['2600:1f00:0:1::10'], publicIp: '54.0.0.10', groups: ['sg-a'], timeouts: options.timeouts })
    .eni('eni-b', 'subnet-a', { ips: ['10.0.1.20'], groups: ['sg-b'] })
    .openNacl('acl-default', 'vpc-1', { isDefault: true });
  if (options.inboundNacl) {
    builder.nacl('acl-a', 'vpc-1', {
      subnets: ['subnet-a'],
      inbound: [{ ruleNumber: 100, action: 'allow', protocol: 6, cidr: '0.0.0.0/0', ports: 22 }],
      outbound: [{ ruleNumber: 100, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' }],
    });
  }
  let now = 1000;
  const engine = Engine.fromSnapshot(builder.build(), { now: () => now });
  return {
    engine,
    at(seconds: number): Engine {
      now = seconds;
      return engine;
    },
  };
}

const sg = (d: Decision, kind: 'sg-ingress' | 'sg-egress'): Extract<StageResult, { kind: 'sg-ingress' | 'sg-egress' }> =>
  d.stages.find((s) => s.kind === kind) as Extract<StageResult, { kind: 'sg-ingress' | 'sg-egress' }>;

const ssh: Flow = tcpFlow('203.0.113.5:40000', '54.0.0.10:22');
const sshReply: Flow = tcpFlow('10.0.1.10:22', '203.0.113.5:40000');

describe('tracked connections (§5.1)', () => {
  it('a reply leaves through an egress that has no rules, because the inbound packet was tracked', () => {
    const { engine } = setup({ ingress: [tcp(22, '203.0.113.0/24', 'sgr-ssh')] });
    expect(engine.process(sshReply).allowed).toBe(false); // no connection yet: the rules (none) decide
    const first = engine.process(ssh);
    expect(sg(first, 'sg-ingress')).toMatchObject({ allowed: true, reason: 'rule', match: { ruleId: 'sgr-ssh' }, tracked: true });
    const reply = engine.process(sshReply);
    expect(sg(reply, 'sg-egress')).toEqual({ kind: 'sg-egress', allowed: true, networkInterfaceId: 'eni-a', reason: 'conntrack', tracked: true });
    expect(reply.allowed).toBe(true);
    // Later packets of the connection in its own direction also pass by conntrack.
    expect(sg(engine.process(ssh), 'sg-ingress').reason).toBe('conntrack');
  });

  it('decide() is stateless: it never answers from the table', () => {
    const { engine } = setup({ ingress: [tcp(22, '203.0.113.0/24')] });
    engine.process(ssh);
    expect(engine.decide(sshReply).allowed).toBe(false);
  });

  it('tables are per interface: each end of a flow between two interfaces tracks it', () => {
    const { engine } = setup({ egress: [tcp(5432, '10.0.1.20/32')] }, { b: { ingress: [tcp(5432, '10.0.1.10/32')] } });
    const forward = tcpFlow('10.0.1.10:45000', '10.0.1.20:5432');
    expect(engine.process(forward).allowed).toBe(true);
    const back = engine.process(reverse(forward));
    expect(back.allowed).toBe(true);
    expect([sg(back, 'sg-egress').reason, sg(back, 'sg-ingress').reason]).toEqual(['conntrack', 'conntrack']);
  });

  it('an entry created at the source stays even when the flow is dropped later on its path', () => {
    const { engine } = setup({ egress: [tcp(80, '10.0.1.20/32')] }, { b: { ingress: [], egress: [allTraffic('0.0.0.0/0')] } });
    const forward = tcpFlow('10.0.1.10:45000', '10.0.1.20:80');
    expect(engine.process(forward).deniedBy).toBe('sg-ingress');
    const back = engine.process(reverse(forward));
    expect(sg(back, 'sg-egress')).toMatchObject({ reason: 'rule' });
    expect(sg(back, 'sg-ingress')).toMatchObject({ allowed: true, reason: 'conntrack' });
  });

  it('connection keys include ports: another source port is a new connection', () => {
    const { engine } = setup({ ingress: [tcp(22, '203.0.113.0/24')] });
    engine.process(ssh);
    expect(engine.process(tcpFlow('10.0.1.10:22', '203.0.113.5:40001')).allowed).toBe(false);
    expect(engine.process(tcpFlow('10.0.1.10:22', '203.0.113.6:40000')).allowed).toBe(false);
  });

  it("through public addresses each end tracks the other's public address", () => {
    const { engine } = setup({ egress: [tcp(443, '54.0.0.0/24')] }, { b: { ingress: [tcp(443, '54.0.0.10/32')], egress: [] } });
    const b = engine.snapshot().networkInterfaces.find((n) => n.networkInterfaceId === 'eni-b')!;
    engine.upsertInterface({ ...b, publicIp: tcpFlow('54.0.0.20:1', '54.0.0.20:1').src });
    const forward = tcpFlow('10.0.1.10:45000', '54.0.0.20:443');
    expect(engine.process(forward).allowed).toBe(true);
    // B answers A's public address from its private one; both SG stages answer from their tables.
    const back = engine.process(tcpFlow('10.0.1.20:443', '54.0.0.10:45000'));
    expect(back.stages.map((s) => (s.kind.startsWith('sg') ? `${s.kind}:${(s as { reason: string }).reason}` : s.kind))).toEqual([
      'sg-egress:conntrack',
      'nacl-outbound',
      'route',
      'route',
      'nacl-inbound',
      'sg-ingress:conntrack',
    ]);
  });

  it('NACLs are judged on every packet, replies included (§5.7)', () => {
    const { engine } = setup({ egress: [allTraffic('198.51.100.0/24')] }, { inboundNacl: true });
    const out = tcpFlow('10.0.1.10:50000', '198.51.100.1:443');
    expect(engine.process(out).allowed).toBe(true);
    // The reply comes back to the public address; the SG would let it in (conntrack), the NACL does not.
    const reply = engine.process(tcpFlow('198.51.100.1:443', '54.0.0.10:50000'));
    expect(reply.stages.map((s) => `${s.kind}:${s.allowed}`)).toEqual(['route:true', 'nacl-inbound:false']);
  });
});

describe('untracked flows (§5.3, fact 16)', () => {
  it('TCP from 0.0.0.0/0 with an all-open reverse rule is untracked: replies are judged by the egress rules', () => {
    const { engine } = setup({ ingress: [tcp(22, '0.0.0.0/0', 'sgr-ssh')], egress: [allTraffic('0.0.0.0/0', 'sgr-out')] });
    expect(sg(engine.process(ssh), 'sg-ingress')).toMatchObject({ reason: 'rule', tracked: false });
    expect(sg(engine.process(sshReply), 'sg-egress')).toMatchObject({ reason: 'rule', match: { ruleId: 'sgr-out' }, tracked: false });
    expect(sg(engine.decide(ssh), 'sg-ingress').tracked).toBe(false);
  });

  it('removing the rule cuts an untracked flow at once, but not a tracked one (§5.6, fact 15)', () => {
    const open = setup({ ingress: [tcp(22, '0.0.0.0/0', 'sgr-ssh')], egress: [allTraffic('0.0.0.0/0')] });
    expect(open.engine.process(ssh).allowed).toBe(true);
    open.engine.removeRule('sg-a', 'sgr-ssh');
    expect(open.engine.process(ssh).deniedBy).toBe('sg-ingress');

    const narrow = setup({ ingress: [tcp(22, '203.0.113.0/24', 'sgr-ssh')], egress: [allTraffic('0.0.0.0/0')] });
    expect(sg(narrow.engine.process(ssh), 'sg-ingress').tracked).toBe(true);
    narrow.engine.removeRule('sg-a', 'sgr-ssh');
    expect(sg(narrow.engine.process(ssh), 'sg-ingress')).toMatchObject({ allowed: true, reason: 'conntrack' });
    // A new connection is judged by the rules.
    expect(narrow.engine.process(tcpFlow('203.0.113.5:40001', '54.0.0.10:22')).allowed).toBe(false);
  });

  it('any matching rule with a whole-family peer makes the flow untracked, not only the one named', () => {
    const { engine } = setup({ ingress: [tcp(22, '203.0.113.0/24', 'sgr-narrow'), tcp([0, 65535], '0.0.0.0/0', 'sgr-all-tcp')], egress: [allTraffic('0.0.0.0/0')] });
    expect(sg(engine.process(ssh), 'sg-ingress')).toMatchObject({ match: { ruleId: 'sgr-narrow' }, tracked: false });
  });

  it('the reverse rule must cover the protocol on all ports, for the same family', () => {
    const tcpAllPorts = setup({ ingress: [tcp(22, '0.0.0.0/0'), udp(53, '0.0.0.0/0')], egress: [tcp([0, 65535], '0.0.0.0/0')] });
    expect(sg(tcpAllPorts.engine.process(ssh), 'sg-ingress').tracked).toBe(false);
    expect(sg(tcpAllPorts.engine.process(udpFlow('203.0.113.5:5353', '54.0.0.10:53')), 'sg-ingress').tracked).toBe(true);
    const notAllPorts = setup({ ingress: [tcp(22, '0.0.0.0/0')], egress: [tcp([1, 65535], '0.0.0.0/0')] });
    expect(sg(notAllPorts.engine.process(ssh), 'sg-ingress').tracked).toBe(true);
    const narrowPeer = setup({ ingress: [tcp(22, '0.0.0.0/0')], egress: [allTraffic('0.0.0.0/1')] });
    expect(sg(narrowPeer.engine.process(ssh), 'sg-ingress').tracked).toBe(true);
    const ipv4Only = setup({ ingress: [tcp(22, '::/0')], egress: [allTraffic('0.0.0.0/0')] });
    expect(sg(ipv4Only.engine.process(tcpFlow('[2001:db8::5]:40000', '[2600:1f00:0:1::10]:22')), 'sg-ingress').tracked).toBe(true);
  });

  it('ICMP and other protocols are always tracked (§5.4)', () => {
    const { engine } = setup({ ingress: [allTraffic('0.0.0.0/0')], egress: [allTraffic('0.0.0.0/0')] });
    expect(sg(engine.process(icmpFlow('203.0.113.5', '54.0.0.10', 8)), 'sg-ingress').tracked).toBe(true);
    expect(sg(engine.process(protocolFlow(47, '203.0.113.5', '54.0.0.10')), 'sg-ingress').tracked).toBe(true);
    expect(sg(engine.process(ssh), 'sg-ingress').tracked).toBe(false);
  });
});

describe('ICMP (§5, chosen 30 s)', () => {
  it('an echo request lets its echo reply back, but not other ICMP types from that host', () => {
    const { engine, at } = setup({ egress: [icmp(8, -1, '0.0.0.0/0')] });
    expect(engine.process(icmpFlow('10.0.1.10', '198.51.100.1', 8)).allowed).toBe(true);
    expect(sg(engine.process(icmpFlow('198.51.100.1', '54.0.0.10', 3, 1)), 'sg-ingress')).toMatchObject({ allowed: false, reason: 'default-deny' });
    expect(sg(engine.process(icmpFlow('198.51.100.1', '54.0.0.10', 0)), 'sg-ingress')).toMatchObject({ allowed: true, reason: 'conntrack' });
    expect(at(1000 + 29).process(icmpFlow('198.51.100.1', '54.0.0.10', 0)).allowed).toBe(true);
    expect(at(1029 + 30).process(icmpFlow('198.51.100.1', '54.0.0.10', 0)).allowed).toBe(false);
  });

  it('an unrelated ICMP message from the same host is a separate connection and cannot capture an echo exchange', () => {
    const { engine } = setup({ ingress: [icmp(-1, -1, '198.51.100.0/24')] });
    expect(engine.process(icmpFlow('198.51.100.1', '54.0.0.10', 11, 0)).allowed).toBe(true); // time exceeded
    expect(engine.process(icmpFlow('198.51.100.1', '54.0.0.10', 8)).allowed).toBe(true);
    expect(sg(engine.process(icmpFlow('10.0.1.10', '198.51.100.1', 0)), 'sg-egress')).toMatchObject({ allowed: true, reason: 'conntrack' });
    // Echo requests A answered do not let A's own echo requests out (A's egress has no rules).
    expect(engine.process(icmpFlow('10.0.1.10', '198.51.100.1', 8)).allowed).toBe(false);
  });

  it('a reply passes only as the answer to a request seen in the entry orientation, whoever created the entry', () => {
    const { engine } = setup({ ingress: [icmp(-1, -1, '198.51.100.0/24')] });
    engine.process(icmpFlow('198.51.100.1', '54.0.0.10', 0)); // unsolicited echo reply, admitted by the rule: tracked
    expect(engine.process(icmpFlow('10.0.1.10', '198.51.100.1', 0)).allowed).toBe(false); // a reply to a reply: no
    engine.process(icmpFlow('198.51.100.1', '54.0.0.10', 8));
    expect(engine.process(icmpFlow('10.0.1.10', '198.51.100.1', 0)).allowed).toBe(true);
  });

  it('ICMPv6 echo 128 → 129', () => {
    const { engine } = setup({ egress: [allTraffic('::/0')] });
    expect(engine.process(icmpFlow('2600:1f00:0:1::10', '2001:db8::1', 128)).allowed).toBe(true);
    expect(engine.process(icmpFlow('2001:db8::1', '2600:1f00:0:1::10', 129)).allowed).toBe(true);
    expect(engine.process(icmpFlow('2001:db8::1', '2600:1f00:0:1::10', 128)).allowed).toBe(false);
  });
});

describe('timeouts with an injected clock (§5.8)', () => {
  it('TCP: the interface timeout after the last packet; every packet refreshes', () => {
    const { at } = setup({ ingress: [tcp(22, '203.0.113.0/24')] }, { timeouts: { tcpEstablishedTimeout: 60 } });
    at(1000).process(ssh);
    expect(at(1059).process(sshReply).allowed).toBe(true); // refreshes to 1119
    expect(at(1118).process(sshReply).allowed).toBe(true); // refreshes to 1178
    expect(at(1178).process(sshReply).allowed).toBe(false);
  });

  it('TCP default: 5 days', () => {
    const { at } = setup({ ingress: [tcp(22, '203.0.113.0/24')] });
    at(0).process(ssh);
    expect(at(431_999).process(sshReply).allowed).toBe(true);
    expect(at(431_999 + 432_000).process(sshReply).allowed).toBe(false);
  });

  it('UDP: udpTimeout until a reply is seen, then udpStreamTimeout', () => {
    const query = udpFlow('10.0.1.10:5353', '198.51.100.53:53');
    const answer = udpFlow('198.51.100.53:53', '54.0.0.10:5353');
    const lonely = setup({ egress: [udp(53, '198.51.100.0/24')] });
    lonely.at(1000).process(query);
    expect(lonely.at(1031).process(answer).allowed).toBe(false);

    const stream = setup({ egress: [udp(53, '198.51.100.0/24')] });
    stream.at(1000).process(query);
    expect(stream.at(1029).process(answer).allowed).toBe(true); // a reply: from now on the stream timeout
    expect(stream.at(1029 + 179).process(query).allowed).toBe(true);
    expect(stream.at(1208 + 180).process(answer).allowed).toBe(false);

    const custom = setup({ egress: [udp(53, '198.51.100.0/24')] }, { timeouts: { udpTimeout: 60, udpStreamTimeout: 100 } });
    custom.at(1000).process(query);
    expect(custom.at(1059).process(answer).allowed).toBe(true);
    expect(custom.at(1158).process(answer).allowed).toBe(true);
    expect(custom.at(1258).process(answer).allowed).toBe(false);
  });

  it('other protocols: 600 s, tracked by addresses and protocol only (§5.2)', () => {
    const { at } = setup({ egress: [protocolRule(47, '198.51.100.0/24')] });
    at(1000).process(protocolFlow(47, '10.0.1.10', '198.51.100.9'));
    expect(at(1599).process(protocolFlow(47, '198.51.100.9', '54.0.0.10')).allowed).toBe(true);
    expect(at(1599 + 600).process(protocolFlow(47, '198.51.100.9', '54.0.0.10')).allowed).toBe(false);
  });
});

describe('rule changes never touch the tables (§5.6)', () => {
  it('a tracked connection outlives the removal of every rule and of the group itself', () => {
    const { engine } = setup({ ingress: [tcp(22, '203.0.113.0/24', 'sgr-ssh')] });
    engine.process(ssh);
    engine.upsertSecurityGroup({ ...engine.snapshot().securityGroups.find((g) => g.groupId === 'sg-a')!, ingress: [], egress: [] });
    expect(engine.process(sshReply).allowed).toBe(true);
    engine.addRule(rule('sg-a', 'ingress', tcp(23, '0.0.0.0/0'), 'sgr-other'));
    expect(engine.process(ssh).allowed).toBe(true);
  });

  it('an interface removed and added again starts with an empty table', () => {
    const { engine } = setup({ ingress: [tcp(22, '203.0.113.0/24')] });
    engine.process(ssh);
    const eni = engine.snapshot().networkInterfaces.find((e) => e.networkInterfaceId === 'eni-a')!;
    engine.removeInterface('eni-a');
    engine.upsertInterface(eni);
    expect(engine.process(sshReply).allowed).toBe(false);
  });
});
