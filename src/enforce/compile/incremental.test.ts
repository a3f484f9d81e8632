import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { parseCidr } from '../../core/net/cidr.ts';
import { compileRouter, routerRuleset, updateRouter, type CompiledRouter } from './compiled-router.ts';
import { changesBetween } from './model-changes.ts';
import { renderDelta, deltaCounts } from './ruleset-delta.ts';
import type { Ruleset } from './ruleset.ts';
import { randomEstate, seededRandom } from '../../../test/enforce/support/random-estate.ts';
import { randomChange } from '../../../test/enforce/support/random-changes.ts';
import { replayTransaction } from '../../../test/enforce/support/transaction-replay.ts';
import { tutorialSnapshot } from '../../../test/enforce/support/tutorial-snapshot.ts';
import { tcp } from '../../../test/enforce/support/snapshot-builder.ts';

const parseFor = (text: string) => parseCidr(text)!;
const seed = Number(process.env.RAMPART_INCR_SEED ?? Math.floor(Math.random() * 2 ** 31));
const VPCS = ['vpc-0a', 'vpc-0b'];
const scope = (vpcId: string) => ({ vpcId, table: 'rampart-vpc' });

/** Plain objects, so that a mismatch prints as a readable diff. */
const plain = (r: Ruleset) => ({ sets: Object.fromEntries(r.sets), chains: Object.fromEntries(r.chains) });

describe('incremental compile (seed ' + seed + ')', () => {
  it('after any sequence of random changes equals a full compile, and each delta replays the previous table into the next', () => {
    const random = seededRandom(seed);
    const counter = { n: 0 };
    let checkedDeltas = 0;
    for (let estate = 0; estate < 6; estate++) {
      let snapshot: Snapshot = randomEstate(random).snapshot;
      const routers = new Map<string, CompiledRouter>(VPCS.map((v) => [v, compileRouter(snapshot, scope(v))]));
      for (let step = 0; step < 40; step++) {
        const change = randomChange(snapshot, random, counter);
        snapshot = change.snapshot;
        for (const vpcId of VPCS) {
          const before = routers.get(vpcId)!;
          const { router, delta } = updateRouter(before, changesBetween(before.model, snapshot));
          const context = `seed ${seed}, estate ${estate}, step ${step} (${change.describe}), ${vpcId}`;
          const full = routerRuleset(compileRouter(snapshot, scope(vpcId)));
          expect(plain(routerRuleset(router)), context).toEqual(plain(full));
          expect(plain(replayTransaction(routerRuleset(before), renderDelta('rampart-vpc', delta))), context).toEqual(plain(full));
          // the previous state is untouched (pure update)
          expect(plain(routerRuleset(before))).toEqual(plain(routerRuleset(compileRouter(snapshotOf(before), scope(vpcId)))));
          routers.set(vpcId, router);
          checkedDeltas++;
        }
      }
    }
    expect(checkedDeltas).toBe(6 * 40 * VPCS.length);
  });

  it('turns one CIDR rule into one set element and a whole-family rule into one chain rewrite', () => {
    const s0 = tutorialSnapshot();
    const withRule = (s: Snapshot, groupId: string, spec: ReturnType<typeof tcp>, ruleId: string): Snapshot => ({
      ...s,
      securityGroups: s.securityGroups.map((g) =>
        g.groupId === groupId ? { ...g, ingress: [...g.ingress, { ruleId, groupId, direction: 'ingress', protocol: 6, fromPort: spec.from!, toPort: spec.to!, peer: { kind: 'cidr', cidr: parseFor(spec.peer) } }] } : g,
      ),
    });
    const r0 = compileRouter(s0, { vpcId: 'vpc-0tutorial', table: 'rampart-vpc' });
    const s1 = withRule(s0, 'sg-0ssh', tcp(22, '192.0.2.0/24'), 'sgr-new1');
    const one = updateRouter(r0, changesBetween(r0.model, s1));
    expect(renderDelta('rampart-vpc', one.delta)).toBe('add element inet rampart-vpc cidr_tcp4_in_sg-0ssh { 192.0.2.0/24 . 22 }\n');
    const s2 = withRule(s1, 'sg-0ssh', tcp(2222, '0.0.0.0/0'), 'sgr-new2');
    const two = updateRouter(one.router, changesBetween(one.router.model, s2));
    expect(deltaCounts(two.delta)).toMatchObject({ chainsWritten: 1, elementsAdded: 0, elementsDeleted: 0, objectsCreated: 0 });
    expect(renderDelta('rampart-vpc', two.delta)).toContain('add rule inet rampart-vpc grp_in_sg-0ssh meta nfproto ipv4 tcp dport 2222 meta mark set 0x1 return');
    expect(renderDelta('rampart-vpc', updateRouter(two.router, changesBetween(two.router.model, s2)).delta)).toBe('');
  });
});

/** The snapshot a compiled router's model was made from (its own objects; enough to recompile it). */
function snapshotOf(r: CompiledRouter): Snapshot {
  const m = r.model;
  return {
    vpcs: [],
    subnets: [],
    instances: [],
    securityGroups: [...m.securityGroups.values()],
    networkInterfaces: [...m.interfaces.values(), ...m.foreignInterfaces.values()],
    networkAcls: [...m.networkAcls.values()],
    routeTables: [...m.routeTables.values()],
    prefixLists: [...m.prefixLists.values()],
    internetGateways: [...m.internetGateways.values()],
  };
}
