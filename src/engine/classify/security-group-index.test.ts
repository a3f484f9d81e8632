import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONNECTION_TRACKING, type NetworkInterface } from '../../core/model/network.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { cidr, ip } from '../testing/estate-builder.ts';
import { SecurityGroupClassifier } from './classifier.ts';
import { EGRESS, INGRESS } from './group-table.ts';
import { SecurityGroupIndex } from './security-group-index.ts';

const GROUPS = Array.from({ length: 12 }, (_, i) => `sg-${i}`);

function tcpRule(groupId: string, n: number, port: number): SecurityGroupRule {
  return { ruleId: `sgr-${groupId}-${n}`, groupId, direction: 'ingress', protocol: 6, fromPort: port, toPort: port, peer: { kind: 'cidr', cidr: cidr(`10.${n % 4}.0.0/16`) } };
}

function eni(id: string, groups: string[]): NetworkInterface {
  return { networkInterfaceId: id, subnetId: 's', vpcId: 'v', privateIps: [ip('10.9.9.9')], ipv6Addresses: [], groupIds: groups, connectionTracking: DEFAULT_CONNECTION_TRACKING, sourceDestCheck: true };
}

/** What every interface admits on ports 1–8 from each 10.n.0.1, with the explaining rule. */
function view(index: SecurityGroupIndex): string[] {
  const classifier = new SecurityGroupClassifier(index);
  const out: string[] = [];
  for (let e = 0; e < 4; e++) {
    const iface = index.interfaces.slotOf(`eni-${e}`);
    for (let n = 0; n < 4; n++) {
      for (let port = 1; port <= 8; port++) {
        const slot = classifier.classify(iface, INGRESS, 4, (10 << 24) | (n << 16) | 1, 0, 0, 0, 6, port, -1, -1);
        out.push(slot < 0 ? 'deny' : `${index.ruleAt(slot).groupId}/${index.ruleAt(slot).ruleId}`);
      }
    }
  }
  return out;
}

describe('SecurityGroupIndex slices', () => {
  it('rewriting slices of many sizes triggers compaction, and the index still equals one built from the final rules', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 8 })), { minLength: 50, maxLength: 150 }), (updates) => {
        const index = new SecurityGroupIndex({ minGarbageToCompact: 16 });
        const final = new Map<string, SecurityGroupRule[]>();
        for (let e = 0; e < 4; e++) index.setInterface(eni(`eni-${e}`, GROUPS.filter((_, g) => g % 4 === e || g % 3 === e)), undefined);
        for (const [groupId, size, port] of updates) {
          const rules = Array.from({ length: size }, (_, n) => tcpRule(groupId, n, ((n + port) % 8) + 1));
          index.setGroupRules(groupId, INGRESS, rules);
          index.setGroupRules(groupId, EGRESS, []);
          final.set(groupId, rules);
        }
        const fresh = new SecurityGroupIndex();
        for (let e = 0; e < 4; e++) fresh.setInterface(eni(`eni-${e}`, GROUPS.filter((_, g) => g % 4 === e || g % 3 === e)), undefined);
        for (const [groupId, rules] of final) fresh.setGroupRules(groupId, INGRESS, rules);
        expect(view(index)).toEqual(view(fresh));
        expect(index.pool.liveRules).toBe([...final.values()].reduce((n, r) => n + r.length, 0));
      }),
      { numRuns: 60 },
    );
    // At least one run must have compacted: check it on a fixed sequence.
    const index = new SecurityGroupIndex({ minGarbageToCompact: 16 });
    for (let size = 40; size > 0; size--) index.setGroupRules('sg-0', INGRESS, Array.from({ length: size }, (_, n) => tcpRule('sg-0', n, 1)));
    expect(index.pool.compactions).toBeGreaterThan(0);
    expect(index.pool.liveRules).toBe(1);
  });
});
