/**
 * The reference evaluator against verdicts worked out by hand on sample-estate.ts (its header draws the estate).
 * If the evaluator is wrong, the property tests would hold the engine to a wrong answer; these cases are the
 * evaluator's own ground truth.
 */
import { describe, expect, it } from 'vitest';
import { addrKey, blockContains, mustParseAddr, parseAddr, parseBlock } from './address.ts';
import { referenceDecide, ReferenceStatefulEvaluator } from './evaluator.ts';
import type { RawDescribe } from './raw-describe.ts';
import { BadFlowError, type ReferenceDecision, type ReferenceFlow } from './reference-types.ts';
import { permission, sampleEstate } from './sample-estate.ts';

function tcp(src: string, dst: string, dstPort: number, srcPort = 40000): ReferenceFlow {
  return { src, dst, protocol: 6, srcPort, dstPort, icmpType: -1, icmpCode: -1 };
}
function udp(src: string, dst: string, dstPort: number, srcPort = 40000): ReferenceFlow {
  return { ...tcp(src, dst, dstPort, srcPort), protocol: 17 };
}
function icmp(src: string, dst: string, type: number, code: number): ReferenceFlow {
  return { src, dst, protocol: 1, srcPort: 0, dstPort: 0, icmpType: type, icmpCode: code };
}
function reply(f: ReferenceFlow, src: string, dst: string): ReferenceFlow {
  return { ...f, src, dst, srcPort: f.dstPort, dstPort: f.srcPort };
}

/** The comparable summary: stage kinds with their verdicts, NACL numbers, matching groups, reasons. */
function summary(d: ReferenceDecision): string[] {
  return d.stages.map((s) => {
    const verdict = s.allowed ? 'allow' : 'deny';
    if (s.ruleNumber !== undefined) return `${s.kind} ${verdict} #${s.ruleNumber}`;
    if (s.reason !== undefined) {
      const tracked = s.tracked === false ? ' untracked' : '';
      return `${s.kind} ${verdict} ${s.reason}${s.matchingGroups?.length ? ` [${s.matchingGroups.join(',')}]` : ''}${tracked}`;
    }
    return `${s.kind} ${verdict}`;
  });
}

const doc = sampleEstate();
const decide = (f: ReferenceFlow) => summary(referenceDecide(doc, f));

describe('reference addresses', () => {
  it('parses IPv4 strictly and IPv6 in every textual form', () => {
    expect(parseAddr('010.0.0.1')).toBeUndefined();
    expect(parseAddr('256.0.0.1')).toBeUndefined();
    expect(addrKey(mustParseAddr('2600:0:0:101::10'))).toBe(addrKey(mustParseAddr('2600:0000:0:101:0:0:0:10')));
    expect(addrKey(mustParseAddr('::ffff:1.2.3.4'))).toBe(addrKey(mustParseAddr('::ffff:102:304')));
    expect(parseAddr('1::2::3')).toBeUndefined();
    expect(parseAddr('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(mustParseAddr('::').value).toBe(0n);
  });
  it('masks CIDRs and tests containment per family', () => {
    const b = parseBlock('10.1.2.3/16')!;
    expect(blockContains(b, mustParseAddr('10.1.255.255'))).toBe(true);
    expect(blockContains(b, mustParseAddr('10.2.0.0'))).toBe(false);
    expect(blockContains(parseBlock('0.0.0.0/0')!, mustParseAddr('::1'))).toBe(false);
    expect(blockContains(parseBlock('::/0')!, mustParseAddr('2001:db8::1'))).toBe(true);
    expect(blockContains(parseBlock('2600:0:0:100::/56')!, mustParseAddr('2600:0:0:1ff::1'))).toBe(true);
    expect(blockContains(parseBlock('2600:0:0:100::/56')!, mustParseAddr('2600:0:0:200::1'))).toBe(false);
  });
});

describe('reference decide: internet paths', () => {
  it('internet → public IP on an open port: allowed, untracked (0.0.0.0/0 in, all out)', () => {
    expect(decide(tcp('198.51.100.7', '54.0.0.1', 80))).toEqual([
      'route allow',
      'nacl-inbound allow #100',
      'sg-ingress allow rule [sg-web] untracked',
    ]);
  });
  it('internet → public IP on a prefix-list port: only from the list, and tracked', () => {
    expect(decide(tcp('198.51.100.7', '54.0.0.1', 22)).at(-1)).toBe('sg-ingress deny default-deny');
    expect(decide(tcp('203.0.113.9', '54.0.0.1', 22)).at(-1)).toBe('sg-ingress allow rule [sg-ssh]');
  });
  it('internet → private IPv4: denied at the route stage', () => {
    expect(decide(tcp('198.51.100.7', '10.1.1.10', 80))).toEqual(['route deny']);
  });
  it('internet → IPv6 address: needs only the ::/0 route', () => {
    expect(decide(tcp('2001:db8::1', '2600:0:0:101::10', 80))).toEqual([
      'route allow',
      'nacl-inbound allow #101',
      'sg-ingress allow rule [sg-web] untracked',
    ]);
  });
  it('the reply of an untracked flow is untracked too (reply reading of §5)', () => {
    // From port 80 back to the internet: egress is open and sg-web's 0.0.0.0/0 tcp/80 rule admits the reverse packet.
    expect(decide(tcp('10.1.1.10', '198.51.100.7', 40000, 80))[0]).toBe('sg-egress allow rule [sg-web] untracked');
    expect(decide(tcp('10.1.1.10', '198.51.100.7', 40000, 81))[0]).toBe('sg-egress allow rule [sg-web]');
  });
  it('interface → internet: needs a public address', () => {
    expect(decide(udp('10.1.1.10', '8.8.8.8', 53))).toEqual(['sg-egress allow rule [sg-web]', 'nacl-outbound allow #100', 'route allow']);
    expect(decide(tcp('10.2.1.10', '8.8.8.8', 443))).toEqual(['sg-egress allow rule [sg-open] untracked', 'route deny']);
  });
  it('ICMP echo from the internet matches the type 8 rule only', () => {
    expect(decide(icmp('198.51.100.7', '54.0.0.1', 8, 0)).at(-1)).toBe('sg-ingress allow rule [sg-ssh]');
    expect(decide(icmp('198.51.100.7', '54.0.0.1', 3, 4)).at(-1)).toBe('sg-ingress deny default-deny');
  });
  it('another subnet\'s router is an ordinary internet address (denied at the route)', () => {
    expect(decide(tcp('10.1.2.10', '10.1.1.1', 2000))).toEqual(['sg-egress allow rule [sg-db]', 'nacl-outbound allow #100', 'route deny']);
  });
});

describe('reference decide: between interfaces', () => {
  it('cross-subnet: NACLs both ways, group reference admits sg-web members', () => {
    expect(decide(tcp('10.1.1.10', '10.1.2.10', 5432))).toEqual([
      'sg-egress allow rule [sg-web]',
      'nacl-outbound allow #100',
      'nacl-inbound allow #100',
      'sg-ingress allow rule [sg-db]',
    ]);
  });
  it('a deny numbered before the allow decides (rule 90 blocks the secondary address)', () => {
    expect(decide(tcp('10.1.1.11', '10.1.2.10', 5432))).toEqual(['sg-egress allow rule [sg-web]', 'nacl-outbound allow #100', 'nacl-inbound deny #90']);
  });
  it('self-reference admits another member of the same group; no match falls to the implicit deny', () => {
    expect(decide(tcp('10.1.1.20', '10.1.2.10', 9999)).slice(2)).toEqual(['nacl-inbound allow #110', 'sg-ingress allow rule [sg-db]']);
    expect(decide(tcp('10.1.2.10', '10.1.1.20', 80))).toEqual(['sg-egress allow rule [sg-db]', 'nacl-outbound deny #32767']);
  });
  it('same subnet: no NACL stages; several groups can match', () => {
    expect(decide(tcp('10.1.1.10', '10.1.1.30', 80))).toEqual(['sg-egress allow rule [sg-web]', 'sg-ingress allow rule [sg-web] untracked']);
    expect(decide(tcp('10.1.1.20', '10.1.1.30', 80))).toEqual(['sg-egress allow rule [sg-db]', 'sg-ingress allow rule [sg-db,sg-web] untracked']);
  });
  it('other VPC: denied at the route stage after egress', () => {
    expect(decide(tcp('10.1.1.10', '10.2.1.10', 80))).toEqual(['sg-egress allow rule [sg-web]', 'route deny']);
  });
  it('no ACL in the VPC: NACL stages omitted; other protocols need no ports', () => {
    const gre = { src: '10.2.1.10', dst: '10.2.2.10', protocol: 47, srcPort: 0, dstPort: 0, icmpType: -1, icmpCode: -1 };
    expect(decide(gre)).toEqual(['sg-egress allow rule [sg-open]', 'sg-ingress allow rule [sg-open]']);
  });
  it('via a public IP: B sees A\'s public address, so the group reference no longer matches', () => {
    expect(decide(tcp('10.1.1.10', '10.1.1.30', 5432)).at(-1)).toBe('sg-ingress allow rule [sg-db]');
    expect(decide(tcp('10.1.1.10', '54.0.0.2', 5432))).toEqual([
      'sg-egress allow rule [sg-web]',
      'nacl-outbound allow #100',
      'route allow',
      'route allow',
      'nacl-inbound allow #100',
      'sg-ingress deny default-deny',
    ]);
    expect(decide(tcp('54.0.0.1', '54.0.0.2', 80)).at(-1)).toBe('sg-ingress allow rule [sg-web] untracked');
  });
  it('a public path from an interface without a public address stops at its route', () => {
    expect(decide(tcp('10.2.1.10', '54.0.0.2', 80))).toEqual(['sg-egress allow rule [sg-open] untracked', 'route deny']);
  });
});

describe('reference decide: exempt and bad input', () => {
  it('itself, IMDS, the VPC resolver and the subnet router are never filtered', () => {
    for (const dst of ['10.1.1.10', '54.0.0.1', '169.254.169.254', '10.1.0.2', '10.1.1.1']) {
      expect(decide(tcp('10.1.1.10', dst, 1))).toEqual(['exempt allow']);
    }
    expect(decide(udp('169.254.169.253', '10.1.2.10', 40000, 53))).toEqual(['exempt allow']);
    expect(decide(icmp('fd00:ec2::123', '2600:0:0:101::10', 0, 0))).toEqual(['exempt allow']);
  });
  it('throws on two internet ends and on mixed families', () => {
    expect(() => referenceDecide(doc, tcp('8.8.8.8', '1.1.1.1', 80))).toThrow(BadFlowError);
    expect(() => referenceDecide(doc, tcp('10.1.1.10', '2001:db8::1', 80))).toThrow(BadFlowError);
  });
  it('without any routing data: allowed, but IPv4 to the internet still needs a public address', () => {
    const bare: RawDescribe = { ...doc, RouteTables: [], InternetGateways: [] };
    expect(summary(referenceDecide(bare, tcp('2001:db8::1', '2600:0:0:101::10', 80)))[0]).toBe('route allow');
    expect(summary(referenceDecide(bare, tcp('10.1.1.10', '8.8.8.8', 80))).at(-1)).toBe('route allow');
    expect(summary(referenceDecide(bare, tcp('10.2.1.10', '8.8.8.8', 80))).at(-1)).toBe('route deny');
  });
  it('a detached gateway or a blackhole route is no way out', () => {
    const detached: RawDescribe = { ...doc, InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [] }] };
    expect(summary(referenceDecide(detached, tcp('10.1.1.10', '8.8.8.8', 80))).at(-1)).toBe('route deny');
    const blackhole = structuredClone(doc);
    blackhole.RouteTables![0].Routes[2].State = 'blackhole';
    expect(summary(referenceDecide(blackhole, tcp('10.1.1.10', '8.8.8.8', 80))).at(-1)).toBe('route deny');
  });
});

describe('reference process: connection tracking', () => {
  function stateful() {
    let now = 1000;
    const ref = new ReferenceStatefulEvaluator(() => now);
    const live = structuredClone(doc);
    return { ref, live, at: (t: number) => (now = t), run: (f: ReferenceFlow) => summary(ref.process(live, f)) };
  }

  it('a tracked outbound TCP connection lets its reply in; the reply to the private address is unroutable', () => {
    const s = stateful();
    const out = tcp('10.1.1.10', '8.8.8.8', 443);
    expect(s.run(out)[0]).toBe('sg-egress allow rule [sg-web]');
    expect(s.run(reply(out, '8.8.8.8', '54.0.0.1')).at(-1)).toBe('sg-ingress allow conntrack');
    expect(s.run(reply(out, '8.8.8.8', '10.1.1.10'))).toEqual(['route deny']);
    // The stateless path judges the same reply by rules.
    expect(decide(reply(out, '8.8.8.8', '54.0.0.1')).at(-1)).toBe('sg-ingress deny default-deny');
  });

  it('revoking a rule keeps a tracked flow alive and cuts an untracked one at once', () => {
    const s = stateful();
    const ssh = tcp('203.0.113.9', '54.0.0.1', 22);
    const web = tcp('198.51.100.7', '54.0.0.1', 80);
    expect(s.run(ssh).at(-1)).toBe('sg-ingress allow rule [sg-ssh]');
    expect(s.run(web).at(-1)).toBe('sg-ingress allow rule [sg-web] untracked');
    s.live.SecurityGroups![1].IpPermissions = [];
    s.live.SecurityGroups![0].IpPermissions = [];
    expect(s.run(ssh).at(-1)).toBe('sg-ingress allow conntrack');
    expect(s.run(web).at(-1)).toBe('sg-ingress deny default-deny');
    expect(s.run(tcp('203.0.113.9', '54.0.0.1', 22, 40001)).at(-1)).toBe('sg-ingress deny default-deny');
  });

  it('UDP: 30 s until a reply is seen, then the 180 s stream timeout', () => {
    const s = stateful();
    const q = udp('10.1.1.10', '8.8.8.8', 53);
    const r = reply(q, '8.8.8.8', '54.0.0.1');
    s.run(q);
    s.at(1031);
    expect(s.run(r).at(-1)).toBe('sg-ingress deny default-deny');
    s.run(q);
    s.at(1040);
    expect(s.run(r).at(-1)).toBe('sg-ingress allow conntrack');
    s.at(1040 + 179);
    expect(s.run(r).at(-1)).toBe('sg-ingress allow conntrack');
    s.at(1040 + 179 + 180);
    expect(s.run(r).at(-1)).toBe('sg-ingress deny default-deny');
  });

  it('ICMP: the echo reply comes back, other types do not, and the entry dies after 30 s', () => {
    const s = stateful();
    const ping = icmp('10.1.1.10', '8.8.8.8', 8, 0);
    s.run(ping);
    expect(s.run(icmp('8.8.8.8', '54.0.0.1', 0, 0)).at(-1)).toBe('sg-ingress allow conntrack');
    expect(s.run(icmp('8.8.8.8', '54.0.0.1', 3, 1)).at(-1)).toBe('sg-ingress deny default-deny');
    s.at(1000 + 30);
    expect(s.run(icmp('8.8.8.8', '54.0.0.1', 0, 0)).at(-1)).toBe('sg-ingress deny default-deny');
  });

  it('other protocols are tracked by addresses only, for 600 s; TCP by the interface timeout', () => {
    const s = stateful();
    s.live.NetworkInterfaces![5].ConnectionTrackingConfiguration = { TcpEstablishedTimeout: 60 };
    s.live.SecurityGroups![3].IpPermissions = [];
    const gre = { src: '10.2.1.10', dst: '10.2.2.10', protocol: 47, srcPort: 0, dstPort: 0, icmpType: -1, icmpCode: -1 };
    s.run(gre);
    s.at(1599);
    expect(s.run({ ...gre, src: gre.dst, dst: gre.src })[0]).toBe('sg-egress allow rule [sg-open]');
    expect(s.run({ ...gre, src: gre.dst, dst: gre.src }).at(-1)).toBe('sg-ingress allow conntrack');
    s.live.SecurityGroups![3].IpPermissions = [permission('-1', undefined, undefined, { IpRanges: [{ CidrIp: '10.2.0.0/16' }] })];
    // eni-e's own 60 s TCP timeout governs the entry its ingress stage created.
    const t = tcp('10.2.1.10', '10.2.2.10', 5000);
    expect(s.run(t).at(-1)).toBe('sg-ingress allow rule [sg-open]');
    s.live.SecurityGroups![3].IpPermissions = [];
    s.at(1599 + 59);
    expect(s.run(t).at(-1)).toBe('sg-ingress allow conntrack');
    s.at(1599 + 59 + 60);
    expect(s.run(t).at(-1)).toBe('sg-ingress deny default-deny');
  });
});
