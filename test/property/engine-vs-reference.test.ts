/**
 * The engine (describe loader + Engine.decide) against the independent reference evaluator, on random raw describe
 * topologies and flows drawn from the rules they contain. docs/testing.md explains the set-up; a failure prints the
 * shrunk flow, both answers and the (small) document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotFromDescribe } from '../../src/core/describe/index.ts';
import { Engine } from '../../src/engine/index.ts';
import { buildTopology } from './build-topology.ts';
import { checkDecide } from './check-decide.ts';
import { flowSeed, resolveFlow } from './flow-plan.ts';
import { Tally } from './tally.ts';
import { topologyPlan } from './topology-plan.ts';

const TOPOLOGIES = 1_500;
const MIN_CASES = 10_000;

/** Every case the generators must reach in one run (labels come from the evaluator's notes). */
const REQUIRED = [
  'outcome:allowed', 'outcome:denied', 'outcome:bad-input',
  'family:4', 'family:6',
  'protocol:tcp', 'protocol:udp', 'protocol:icmp', 'protocol:icmpv6', 'protocol:other',
  'src:primary', 'src:secondary', 'src:ipv6', 'src:public', 'src:internet',
  'dst:primary', 'dst:secondary', 'dst:ipv6', 'dst:public', 'dst:internet',
  'path:same-interface', 'path:same-subnet', 'path:cross-subnet', 'path:cross-vpc', 'path:to-internet', 'path:from-internet', 'path:public',
  'path:exempt:instance metadata service', 'path:exempt:Route 53 Resolver', 'path:exempt:Amazon Time Sync',
  'path:exempt:VPC DNS resolver', 'path:exempt:VPC router',
  'stage:exempt:allow',
  'stage:sg-egress:allow', 'stage:sg-egress:deny', 'stage:nacl-outbound:allow', 'stage:nacl-outbound:deny',
  'stage:route:allow', 'stage:route:deny', 'stage:nacl-inbound:allow', 'stage:nacl-inbound:deny',
  'stage:sg-ingress:allow', 'stage:sg-ingress:deny',
  'nacl:explicit-allow', 'nacl:explicit-deny', 'nacl:implicit-deny4', 'nacl:implicit-deny6', 'nacl:omitted',
  'nacl:decided-after-other-action',
  'sg-peer:cidr4', 'sg-peer:cidr6', 'sg-peer:prefix-list4', 'sg-peer:prefix-list6', 'sg-peer:group', 'sg-peer:self-group',
  'sg-rule:all', 'sg-rule:ports', 'sg-rule:icmp-any', 'sg-rule:icmp-type', 'sg-rule:icmp-type-code', 'sg-rule:other-protocol',
  'sg:several-groups-match', 'sg:untracked',
  'route:routing-absent', 'route:no-public-address', 'route:no-table', 'route:no-route', 'route:igw', 'route:not-igw',
  'route:igw+prefix-list', 'route:not-igw+prefix-list', 'route:cross-vpc',
];

describe('engine ≡ reference evaluator (stateless decide)', () => {
  it(`agrees on ${TOPOLOGIES} random topologies × 6–10 flows and reaches every case`, () => {
    const tally = new Tally();
    let compared = 0;
    fc.assert(
      fc.property(topologyPlan(), fc.array(flowSeed, { minLength: 6, maxLength: 10 }), (plan, seeds) => {
        const topology = buildTopology(plan);
        const engine = Engine.fromSnapshot(snapshotFromDescribe(topology.doc));
        for (const seed of seeds) {
          if (checkDecide(engine, topology.doc, resolveFlow(topology, seed), tally) === 'compared') compared++;
        }
      }),
      { numRuns: TOPOLOGIES },
    );
    const ambiguous = tally.report('ambiguous:');
    if (ambiguous) console.log(`cases docs/semantics.md leaves open (engine's choice):\n${ambiguous}`);
    console.log(`compared ${compared} cases; allowed ${tally.count('outcome:allowed')}, denied ${tally.count('outcome:denied')}`);
    expect(compared).toBeGreaterThanOrEqual(MIN_CASES);
    expect(tally.missing(REQUIRED)).toEqual([]);
    // Both verdicts must be common, not merely present.
    expect(tally.count('outcome:allowed')).toBeGreaterThan(compared / 5);
    expect(tally.count('outcome:denied')).toBeGreaterThan(compared / 5);
  });
});
