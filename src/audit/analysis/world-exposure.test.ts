import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../core/net/cidr.ts';
import type { PrefixList } from '../../core/model/network.ts';
import type { RulePeer, SecurityGroupRule } from '../../core/model/security-group.ts';
import { worldExposures } from './world-exposure.ts';

let n = 0;
function rule(protocol: number, from: number, to: number, peer: string | RulePeer): SecurityGroupRule {
  const p: RulePeer = typeof peer === 'string' ? { kind: 'cidr', cidr: parseCidr(peer)! } : peer;
  return { ruleId: `r${++n}`, groupId: 'sg-1', direction: 'ingress', protocol, fromPort: from, toPort: to, peer: p };
}
const none = new Map<string, PrefixList>();
const summary = (rules: SecurityGroupRule[], lists = none) =>
  worldExposures(rules, lists).map((e) => `${e.status} ${e.family} ${e.protocol} ${e.portFrom}-${e.portTo} ${e.rules.map((r) => r.ruleId).join('+')}`);

describe('world exposure', () => {
  it('a single whole-family rule is its own exposure; ranges and -1 keep their extent', () => {
    n = 0;
    expect(summary([rule(6, 0, 1024, '0.0.0.0/0'), rule(-1, -1, -1, '::/0'), rule(6, 22, 22, '10.0.0.0/8')])).toEqual(['fail 4 6 0-1024 r1', 'fail 6 -1 0-65535 r2']);
  });

  it('unions open what no single rule does, and name the rules the union needs', () => {
    n = 0;
    const rules = [rule(6, 0, 100, '0.0.0.0/1'), rule(6, 50, 200, '128.0.0.0/1'), rule(6, 60, 70, '10.0.0.0/8')];
    expect(summary(rules)).toEqual(['fail 4 6 50-100 r1+r2']);
  });

  it('-1 rules take part in tcp unions', () => {
    n = 0;
    expect(summary([rule(-1, -1, -1, '0.0.0.0/1'), rule(6, 22, 22, '128.0.0.0/1')])).toEqual(['fail 4 6 22-22 r1+r2']);
  });

  it('group references are never exposure; a prefix list is the union of its entries, or unknown without them', () => {
    n = 0;
    const lists = new Map<string, PrefixList>([
      ['pl-world', { prefixListId: 'pl-world', prefixListName: 'w', addressFamily: 4, maxEntries: 2, version: 1, entries: [{ cidr: parseCidr('0.0.0.0/1')! }, { cidr: parseCidr('128.0.0.0/1')! }] }],
    ]);
    const rules = [
      rule(6, 22, 22, { kind: 'group', groupId: 'sg-2' }),
      rule(6, 5432, 5432, { kind: 'prefix-list', prefixListId: 'pl-world' }),
      rule(6, 443, 443, { kind: 'prefix-list', prefixListId: 'pl-missing' }),
    ];
    expect(summary(rules, lists)).toEqual(['unknown 4 6 443-443 r3', 'fail 4 6 5432-5432 r2']);
  });

  it('reads unresolved IaC rules at their widest', () => {
    const out = worldExposures([], none, [
      { ruleId: 'u1', groupId: 'sg-1', direction: 'ingress', protocol: 6, fromPort: 22, toPort: 22, family: 4, reason: 'parameter without default' },
      { ruleId: 'u2', groupId: 'sg-1', direction: 'ingress', protocol: 6, reason: 'ports unknown', peer: { kind: 'cidr', cidr: parseCidr('10.0.0.0/8')! } },
    ]);
    expect(out.map((e) => `${e.status} ${e.portFrom}-${e.portTo} ${e.unresolvedRuleId}`)).toEqual(['unknown 22-22 u1']);
  });
});
