/**
 * The conntrack cases the brief names, as fixed scenarios on the hand-drawn estate (test/reference/sample-estate.ts):
 * each packet goes through the engine's `process` and the reference's, the two must agree, and the verdict must be
 * the one worked out by hand — so these fail even if engine and reference were wrong together.
 */
import { describe, expect, it } from 'vitest';
import { snapshotFromDescribe } from '../../src/core/describe/index.ts';
import { Engine } from '../../src/engine/index.ts';
import { ReferenceStatefulEvaluator } from '../reference/evaluator.ts';
import type { ReferenceFlow } from '../reference/reference-types.ts';
import { sampleEstate } from '../reference/sample-estate.ts';
import { compareDecisions, toEngineFlow } from './compare-decisions.ts';

function twin() {
  let now = 5_000;
  const doc = sampleEstate();
  const engine = Engine.fromSnapshot(snapshotFromDescribe(doc), { now: () => now });
  const reference = new ReferenceStatefulEvaluator(() => now);
  return {
    doc,
    advance: (seconds: number) => (now += seconds),
    /** Re-reads one group from the changed JSON into the engine, as a control plane would after a revoke. */
    changed: (groupId: string) => engine.upsertSecurityGroup(snapshotFromDescribe(doc).securityGroups.find((g) => g.groupId === groupId)!),
    changedAcl: (aclId: string) => engine.upsertNetworkAcl(snapshotFromDescribe(doc).networkAcls.find((a) => a.networkAclId === aclId)!),
    /** The last stage as `kind verdict reason`, after checking that engine and reference agree on the whole packet. */
    send: (flow: ReferenceFlow): string => {
      const ref = reference.process(doc, flow);
      expect(compareDecisions(ref, engine.process(toEngineFlow(flow)))).toEqual([]);
      const last = ref.stages.at(-1)!;
      return `${last.kind} ${last.allowed ? 'allow' : 'deny'}${last.reason ? ` ${last.reason}` : ''}`;
    },
  };
}

const tcp = (src: string, dst: string, dstPort: number, srcPort = 40000): ReferenceFlow => ({ src, dst, protocol: 6, srcPort, dstPort, icmpType: -1, icmpCode: -1 });
const udp = (src: string, dst: string, dstPort: number, srcPort = 40000): ReferenceFlow => ({ ...tcp(src, dst, dstPort, srcPort), protocol: 17 });
const icmp = (src: string, dst: string, type: number): ReferenceFlow => ({ src, dst, protocol: 1, srcPort: 0, dstPort: 0, icmpType: type, icmpCode: 0 });

describe('conntrack scenarios (engine ≡ reference ≡ hand)', () => {
  it('revoking a rule leaves a tracked flow alive and cuts an untracked one at once (§5.6)', () => {
    const t = twin();
    // ssh from the admin prefix list: tracked. http from anywhere with all egress open: untracked.
    const ssh = tcp('203.0.113.9', '54.0.0.1', 22);
    const web = tcp('198.51.100.7', '54.0.0.1', 80);
    expect(t.send(ssh)).toBe('sg-ingress allow rule');
    expect(t.send(web)).toBe('sg-ingress allow rule');
    t.doc.SecurityGroups![1].IpPermissions = []; // sg-ssh
    t.doc.SecurityGroups![0].IpPermissions = []; // sg-web
    t.changed('sg-ssh');
    t.changed('sg-web');
    expect(t.send(ssh)).toBe('sg-ingress allow conntrack');
    expect(t.send(web)).toBe('sg-ingress deny default-deny');
    expect(t.send(tcp('203.0.113.9', '54.0.0.1', 22, 40001))).toBe('sg-ingress deny default-deny');
    t.advance(432_000);
    expect(t.send(ssh)).toBe('sg-ingress deny default-deny');
  });

  it('UDP lives 30 s without a reply, then 180 s once it is a stream', () => {
    const t = twin();
    const query = udp('10.1.1.10', '8.8.8.8', 53);
    const answer: ReferenceFlow = { ...query, src: '8.8.8.8', dst: '54.0.0.1', srcPort: 53, dstPort: 40000 };
    expect(t.send(query)).toBe('route allow');
    t.advance(31);
    expect(t.send(answer)).toBe('sg-ingress deny default-deny');
    t.send(query);
    t.advance(10);
    expect(t.send(answer)).toBe('sg-ingress allow conntrack');
    t.advance(179);
    expect(t.send(answer)).toBe('sg-ingress allow conntrack');
    t.advance(179);
    expect(t.send(query)).toBe('route allow');
    t.advance(180);
    expect(t.send(answer)).toBe('sg-ingress deny default-deny');
  });

  it('ICMP echo replies come back through conntrack; other types and late replies do not', () => {
    const t = twin();
    expect(t.send(icmp('10.1.1.10', '8.8.8.8', 8))).toBe('route allow');
    expect(t.send(icmp('8.8.8.8', '54.0.0.1', 0))).toBe('sg-ingress allow conntrack');
    expect(t.send(icmp('8.8.8.8', '54.0.0.1', 3))).toBe('sg-ingress deny default-deny');
    t.advance(30);
    expect(t.send(icmp('8.8.8.8', '54.0.0.1', 0))).toBe('sg-ingress deny default-deny');
    // With no egress rules left on eni-a, only the echo reply to an admitted inbound echo may leave.
    t.doc.SecurityGroups![0].IpPermissionsEgress = [];
    t.changed('sg-web');
    expect(t.send(icmp('198.51.100.7', '54.0.0.1', 8))).toBe('sg-ingress allow rule');
    expect(t.send(icmp('10.1.1.10', '198.51.100.7', 0))).toBe('route allow');
    expect(t.send(icmp('10.1.1.10', '198.51.100.7', 3))).toBe('sg-egress deny default-deny');
  });

  it('a NACL is judged on every packet, tracked or not (§5.7)', () => {
    const t = twin();
    const q = tcp('10.1.1.20', '10.1.2.10', 9999);
    expect(t.send(q)).toBe('sg-ingress allow rule');
    const acl = t.doc.NetworkAcls![1];
    acl.Entries = acl.Entries.filter((e) => e.RuleNumber !== 110);
    t.changedAcl('acl-b');
    expect(t.send(q)).toBe('nacl-inbound deny');
  });
});
