/** `rampart check --json`: the shape programs rely on (docs/check.md), for an allowed and a denied flow. */
import { describe, expect, it } from 'vitest';
import { T, check } from './rampart-process.ts';

describe.concurrent('rampart check --json', () => {
  it('prints the verdict, the flow, both endpoints and every stage with its rule', async () => {
    const r = await check('--from', T.office, '--to', T.web, '--proto', 'tcp', '--port', '22', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['verdict', 'allowed', 'deniedBy', 'flow', 'source', 'destination', 'stages']);
    expect(out).toMatchObject({ verdict: 'allowed', allowed: true, deniedBy: null });
    expect(out.flow).toEqual({
      from: T.office,
      to: T.webPublicIp,
      protocol: 6,
      protocolName: 'tcp',
      sourcePort: 49152,
      destinationPort: 22,
      icmpType: null,
      icmpCode: null,
    });
    expect(out.source).toMatchObject({ kind: 'internet', address: T.office, networkInterfaceId: null });
    expect(out.destination).toMatchObject({ kind: 'interface', networkInterfaceId: T.webEni, subnetId: 'subnet-0a1f2e3d4c5b6a798', vpcId: 'vpc-0f3a9c1d2b4e5a6f7' });
    const last = out.stages.at(-1);
    expect(last).toMatchObject({
      kind: 'sg-ingress',
      allowed: true,
      label: 'SG ingress',
      networkInterfaceId: T.webEni,
      reason: 'rule',
      match: { groupId: T.sgWeb, ruleId: 'sgr-0a11b22c33d44e553' },
      rule: {
        ruleId: 'sgr-0a11b22c33d44e553',
        groupId: T.sgWeb,
        direction: 'ingress',
        protocol: 6,
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'cidr', cidr: '203.0.113.10/32' },
        description: 'SSH from the office',
      },
      entry: null,
    });
    expect(typeof last.explanation).toBe('string');
    expect(out.stages.map((s: { kind: string }) => s.kind)).toEqual(['route', 'nacl-inbound', 'sg-ingress']);
  });

  it('names the deciding NACL entry of a denied flow', async () => {
    const r = await check('--from', T.web, '--to', T.app, '--proto', 'tcp', '--port', '22', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ verdict: 'denied', allowed: false, deniedBy: 'nacl-inbound' });
    expect(out.stages.at(-1)).toMatchObject({
      kind: 'nacl-inbound',
      allowed: false,
      networkAclId: T.privateAcl,
      subnetId: 'subnet-0b2e3f4a5c6d7e8f9',
      ruleNumber: 100,
      isDefaultRule: false,
      entry: { ruleNumber: 100, egress: false, action: 'deny', protocol: 6, cidr: '0.0.0.0/0', portRange: { from: 22, to: 22 }, icmp: null },
      rule: null,
    });
  });

  it('reports ICMP type and code instead of ports', async () => {
    const r = await check('--from', T.web, '--to', T.app, '--proto', 'icmp', '--json');
    const out = JSON.parse(r.stdout);
    expect(out.flow).toMatchObject({ protocol: 1, protocolName: 'icmp', sourcePort: null, destinationPort: null, icmpType: 8, icmpCode: 0 });
    expect(r.code).toBe(out.allowed ? 0 : 1);
  });
});
