import { describe, expect, it } from 'vitest';
import { ConflictingDeclarationError } from './aggregate.ts';
import { compileRouter, fullLoadTransaction } from './compiled-router.ts';
import { FragmentBuilder, unionOfFragments } from './fragment.ts';
import { SnapshotBuilder, tcp } from '../../../test/enforce/support/snapshot-builder.ts';

const SCOPE = { vpcId: 'vpc-1', table: 'rampart-vpc' };

/** Chain name → rules, from a full-load transaction. */
function chainsOf(text: string): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const open = /^ {2}chain (\S+) \{$/.exec(line);
    if (open) chains.set(open[1], (current = []));
    else if (line === '  }') current = undefined;
    else if (current) current.push(line.trim());
  }
  return chains;
}

describe('judging chains', () => {
  it('are shared by the interfaces that carry the same groups, and jump to the group chains cheapest first', () => {
    const b = new SnapshotBuilder().vpc('vpc-1', '10.0.0.0/16').subnet('subnet-1', 'vpc-1', '10.0.1.0/24');
    // sg-cidr holds CIDR rules (interval set lookups): judged after sg-ref, whose rule refers to a group.
    b.group('sg-cidr', 'vpc-1', { ingress: [tcp(22, '192.0.2.0/24'), tcp(80, '198.51.100.0/24')], egress: [] });
    b.group('sg-ref', 'vpc-1', { ingress: [tcp(5432, 'sg-ref')], egress: [] });
    for (const i of [1, 2, 3]) b.instance(`i-${i}`, { subnetId: 'subnet-1', privateIps: [`10.0.1.${i}`], groups: ['sg-cidr', 'sg-ref'] });
    b.instance('i-4', { subnetId: 'subnet-1', privateIps: ['10.0.1.4'], groups: ['sg-ref'] });
    const text = fullLoadTransaction(compileRouter(b.build(), SCOPE));

    const judges = [...chainsOf(text)].filter(([name]) => /^judge_in_g\d/.test(name));
    expect(judges.map(([name]) => name.replace(/_[A-Za-z0-9]{10}$/, '')).sort()).toEqual(['judge_in_g1', 'judge_in_g2']);
    const [, two] = judges.find(([name]) => name.startsWith('judge_in_g2'))!;
    expect(two).toEqual(['meta mark set 0x0', 'jump grp_in_sg-ref', 'meta mark != 0x0 goto judge_in_tail', 'jump grp_in_sg-cidr', 'goto judge_in_tail']);
    const twoName = judges.find(([name]) => name.startsWith('judge_in_g2'))![0];
    expect(text.split(`: jump ${twoName}`).length - 1).toBe(3);
    expect(text).not.toMatch(/slot\d/);
  });

  it('refuses two different chains under one name in a full load (a hash collision must not load the wrong groups)', () => {
    const unit = (rule: string) => {
      const b = new FragmentBuilder();
      b.addChain({ name: 'judge_in_g1_collision', rules: ['meta mark set 0x0', rule, 'goto judge_in_tail'] });
      return b.build();
    };
    expect(() => unionOfFragments([unit('jump grp_in_sg-a'), unit('jump grp_in_sg-a')], 'rampart-vpc')).not.toThrow();
    expect(() => unionOfFragments([unit('jump grp_in_sg-a'), unit('jump grp_in_sg-b')], 'rampart-vpc')).toThrow(ConflictingDeclarationError);
  });
});
