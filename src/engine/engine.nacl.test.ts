/**
 * The network ACL stage (docs/semantics.md §4, aws-semantics.md §6): first match in rule-number order, allow or deny,
 * the implicit `*` entry, which remote address is checked, and which ACL a subnet uses.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import type { Decision, StageResult } from './decision.ts';
import { evaluateNetworkAcl, NACL_NO_MATCH } from './nacl/evaluate-nacl.ts';
import { packNetworkAclEntries, NACL_STRIDE, N_RULE_NUMBER } from './nacl/nacl-entries.ts';
import { allTraffic, EstateBuilder, naclEntry, type NaclEntrySpec } from './testing/estate-builder.ts';
import { icmpFlow, protocolFlow, tcpFlow, udpFlow } from './testing/flows.ts';

/** eni-a (subnet-a, 10.0.1.10, public 54.0.0.10, IPv6) behind the ACL under test; every group open. */
function engineWithAcl(inbound: NaclEntrySpec[], outbound: NaclEntrySpec[] = []): Engine {
  const b = new EstateBuilder()
    .vpc('vpc-1', '10.0.0.0/16', '2600:1f00::/56')
    .subnet('subnet-a', 'vpc-1', '10.0.1.0/24', '2600:1f00:0:1::/64')
    .group('sg-open', 'vpc-1', { ingress: [allTraffic('0.0.0.0/0'), allTraffic('::/0')], egress: [allTraffic('0.0.0.0/0'), allTraffic('::/0')] })
    .eni('eni-a', 'subnet-a', { ips: ['10.0.1.10'], ipv6: ['2600:1f00:0:1::10'], publicIp: '54.0.0.10', groups: ['sg-open'] })
    .openNacl('acl-default', 'vpc-1', { isDefault: true })
    .nacl('acl-test', 'vpc-1', { subnets: ['subnet-a'], inbound, outbound });
  return Engine.fromSnapshot(b.build());
}

const naclIn = (d: Decision): StageResult & { kind: 'nacl-inbound' } => d.stages.find((s) => s.kind === 'nacl-inbound') as StageResult & { kind: 'nacl-inbound' };
const naclOut = (d: Decision): StageResult & { kind: 'nacl-outbound' } => d.stages.find((s) => s.kind === 'nacl-outbound') as StageResult & { kind: 'nacl-outbound' };

describe('first match in ascending rule number (§6.3)', () => {
  it('a deny numbered before an allow wins; an allow numbered before a deny wins', () => {
    const engine = engineWithAcl(
      [
        { ruleNumber: 200, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' },
        { ruleNumber: 100, action: 'deny', protocol: 6, cidr: '203.0.113.0/24', ports: 22 },
        { ruleNumber: 90, action: 'allow', protocol: 6, cidr: '203.0.113.7/32', ports: 22 },
      ],
    );
    expect(naclIn(engine.decide(tcpFlow('203.0.113.5:4000', '54.0.0.10:22')))).toEqual({
      kind: 'nacl-inbound',
      allowed: false,
      networkAclId: 'acl-test',
      subnetId: 'subnet-a',
      ruleNumber: 100,
      isDefaultRule: false,
    });
    expect(naclIn(engine.decide(tcpFlow('203.0.113.7:4000', '54.0.0.10:22')))).toMatchObject({ allowed: true, ruleNumber: 90 });
    expect(naclIn(engine.decide(tcpFlow('203.0.113.5:4000', '54.0.0.10:80')))).toMatchObject({ allowed: true, ruleNumber: 200 });
    const denied = engine.decide(tcpFlow('203.0.113.5:4000', '54.0.0.10:22'));
    expect(denied).toMatchObject({ allowed: false, deniedBy: 'nacl-inbound' });
    expect(denied.stages.map((s) => s.kind)).toEqual(['route', 'nacl-inbound']);
  });

  it('nothing matching: the implicit * entry, 32767 for IPv4 and 32768 for IPv6 (§6.4)', () => {
    const engine = engineWithAcl([{ ruleNumber: 100, action: 'allow', protocol: 6, cidr: '0.0.0.0/0', ports: 443 }]);
    expect(naclIn(engine.decide(tcpFlow('203.0.113.5:4000', '54.0.0.10:80')))).toMatchObject({ allowed: false, ruleNumber: 32767, isDefaultRule: true });
    // IPv4 entries never match IPv6 (§6.5).
    expect(naclIn(engine.decide(tcpFlow('[2001:db8::1]:4000', '[2600:1f00:0:1::10]:443')))).toMatchObject({ allowed: false, ruleNumber: 32768, isDefaultRule: true });
    expect(naclOut(engine.decide(tcpFlow('10.0.1.10:4000', '198.51.100.1:443')))).toMatchObject({ allowed: false, ruleNumber: 32767, isDefaultRule: true });
  });
});

describe('what an entry matches', () => {
  it('the port range applies to the destination port, inbound and outbound (§6.10)', () => {
    const ephemeral: NaclEntrySpec = { ruleNumber: 100, action: 'allow', protocol: 6, cidr: '0.0.0.0/0', ports: [1024, 65535] };
    const engine = engineWithAcl([ephemeral], [{ ...ephemeral, ports: 443 }]);
    expect(naclIn(engine.decide(tcpFlow('198.51.100.1:443', '54.0.0.10:50000'))).allowed).toBe(true);
    expect(naclIn(engine.decide(tcpFlow('198.51.100.1:50000', '54.0.0.10:443'))).allowed).toBe(false);
    expect(naclOut(engine.decide(tcpFlow('10.0.1.10:50000', '198.51.100.1:443'))).allowed).toBe(true);
    expect(naclOut(engine.decide(tcpFlow('10.0.1.10:443', '198.51.100.1:50000'))).allowed).toBe(false);
    expect(naclIn(engine.decide(udpFlow('198.51.100.1:443', '54.0.0.10:50000'))).allowed).toBe(false);
  });

  it('the remote address is the source inbound and the destination outbound', () => {
    const engine = engineWithAcl(
      [{ ruleNumber: 100, action: 'allow', protocol: -1, cidr: '198.51.100.0/24' }],
      [{ ruleNumber: 100, action: 'allow', protocol: -1, cidr: '203.0.113.0/24' }],
    );
    expect(naclIn(engine.decide(tcpFlow('198.51.100.1:1', '54.0.0.10:2'))).allowed).toBe(true);
    expect(naclIn(engine.decide(tcpFlow('203.0.113.1:1', '54.0.0.10:2'))).allowed).toBe(false);
    expect(naclOut(engine.decide(tcpFlow('10.0.1.10:1', '203.0.113.1:2'))).allowed).toBe(true);
    expect(naclOut(engine.decide(tcpFlow('10.0.1.10:1', '198.51.100.1:2'))).allowed).toBe(false);
  });

  it('ICMP type/code with -1 wildcards; 58 with an IPv4 CIDR means all ICMP; other protocols check no port', () => {
    const engine = engineWithAcl([
      { ruleNumber: 10, action: 'allow', protocol: 1, cidr: '0.0.0.0/0', icmp: [3, 4] },
      { ruleNumber: 20, action: 'allow', protocol: 1, cidr: '198.51.100.0/24', icmp: [8, -1] },
      { ruleNumber: 30, action: 'allow', protocol: 58, cidr: '2001:db8::/32', icmp: [128, 0] },
      { ruleNumber: 40, action: 'allow', protocol: 58, cidr: '192.0.2.0/24', icmp: [1, 1] },
      { ruleNumber: 50, action: 'allow', protocol: 47, cidr: '0.0.0.0/0' },
    ]);
    const at = (flow: ReturnType<typeof icmpFlow>): number => naclIn(engine.decide(flow)).ruleNumber;
    expect(at(icmpFlow('203.0.113.1', '54.0.0.10', 3, 4))).toBe(10);
    expect(at(icmpFlow('203.0.113.1', '54.0.0.10', 3, 1))).toBe(32767);
    expect(at(icmpFlow('198.51.100.1', '54.0.0.10', 8, 9))).toBe(20);
    expect(at(icmpFlow('2001:db8::1', '2600:1f00:0:1::10', 128, 0))).toBe(30);
    expect(at(icmpFlow('2001:db8::1', '2600:1f00:0:1::10', 129, 0))).toBe(32768);
    expect(at({ ...icmpFlow('192.0.2.1', '54.0.0.10', 200, 7), protocol: 58 })).toBe(40);
    expect(at(protocolFlow(47, '203.0.113.1', '54.0.0.10'))).toBe(50);
    expect(at(protocolFlow(50, '203.0.113.1', '54.0.0.10'))).toBe(32767);
  });
});

describe('which ACL a subnet uses (§6.8)', () => {
  it('the associated ACL, else the VPC default ACL', () => {
    const b = new EstateBuilder()
      .vpc('vpc-1', '10.0.0.0/16')
      .subnet('subnet-a', 'vpc-1', '10.0.1.0/24')
      .subnet('subnet-b', 'vpc-1', '10.0.2.0/24')
      .group('sg-open', 'vpc-1', { ingress: [allTraffic('0.0.0.0/0')], egress: [allTraffic('0.0.0.0/0')] })
      .eni('eni-a', 'subnet-a', { ips: ['10.0.1.10'], groups: ['sg-open'] })
      .eni('eni-b', 'subnet-b', { ips: ['10.0.2.10'], groups: ['sg-open'] })
      .openNacl('acl-default', 'vpc-1', { isDefault: true })
      .nacl('acl-closed', 'vpc-1', { subnets: ['subnet-b'] });
    const d = Engine.fromSnapshot(b.build()).decide(tcpFlow('10.0.1.10:1', '10.0.2.10:22'));
    expect(d.stages.map((s) => s.kind)).toEqual(['sg-egress', 'nacl-outbound', 'nacl-inbound']);
    expect(naclOut(d)).toMatchObject({ networkAclId: 'acl-default', allowed: true });
    expect(naclIn(d)).toMatchObject({ networkAclId: 'acl-closed', allowed: false, isDefaultRule: true });
  });
});

describe('evaluateNetworkAcl on packed entries', () => {
  it('returns the index of the deciding entry in rule-number order, or NACL_NO_MATCH', () => {
    const packed = packNetworkAclEntries(
      [
        naclEntry(false, { ruleNumber: 300, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' }),
        naclEntry(false, { ruleNumber: 100, action: 'deny', protocol: 17, cidr: '10.0.0.0/8', ports: 53 }),
        naclEntry(true, { ruleNumber: 50, action: 'deny', protocol: -1, cidr: '0.0.0.0/0' }),
      ],
      false,
    );
    expect(packed.length).toBe(2 * NACL_STRIDE);
    const ten = 10 << 24;
    const hit = evaluateNetworkAcl(packed, 4, ten | 5, 0, 0, 0, 17, 53, -1, -1);
    expect(packed[hit * NACL_STRIDE + N_RULE_NUMBER]).toBe(100);
    expect(packed[evaluateNetworkAcl(packed, 4, ten | 5, 0, 0, 0, 17, 54, -1, -1) * NACL_STRIDE + N_RULE_NUMBER]).toBe(300);
    expect(evaluateNetworkAcl(packed, 6, 0x20010db8, 0, 0, 1, 17, 53, -1, -1)).toBe(NACL_NO_MATCH);
  });
});
