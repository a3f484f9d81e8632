/**
 * Connection tracking held to the reference: random packet sequences (new flows, replies, repeats), clock advances
 * across every timeout, and rule revocations/authorizations in between, every packet compared (verdict, stages, NACL
 * rule numbers, SG reasons). The tallies prove the sequences reach the cases that matter.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTopology } from './build-topology.ts';
import { SequenceRun } from './run-sequence.ts';
import { step } from './sequence-plan.ts';
import { Tally } from './tally.ts';
import { topologyPlan } from './topology-plan.ts';

const SEQUENCES = 600;

const REQUIRED = [
  'outcome:allowed', 'outcome:denied',
  'sequence:revoke', 'sequence:authorize',
  'conntrack:continuation:tcp', 'conntrack:continuation:udp', 'conntrack:continuation:icmp', 'conntrack:continuation:other',
  'conntrack:reply:tcp', 'conntrack:reply:udp', 'conntrack:reply:icmp', 'conntrack:reply:icmpv6', 'conntrack:reply:other',
  'conntrack:icmp-not-a-reply',
  'sg:untracked',
  'sequence:tracked-flow-survives-revoke',
  'sequence:untracked-flow-cut-by-revoke',
  'sequence:udp-stream-alive-beyond-60s',
  'sequence:denied-after-idle-udp',
];

describe('engine ≡ reference evaluator (stateful process)', () => {
  it(`agrees packet by packet on ${SEQUENCES} random sequences with clock advances and rule changes`, () => {
    const tally = new Tally();
    let packets = 0;
    fc.assert(
      fc.property(topologyPlan('full'), fc.array(step, { minLength: 10, maxLength: 40 }), (plan, steps) => {
        packets += new SequenceRun(buildTopology(plan), tally).run(steps);
      }),
      { numRuns: SEQUENCES },
    );
    console.log(`compared ${packets} packets\n${tally.report('conntrack:')}\n${tally.report('sequence:')}`);
    expect(packets).toBeGreaterThan(SEQUENCES * 10);
    expect(tally.missing(REQUIRED)).toEqual([]);
  });
});
