import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { tutorialSnapshot } from '../../../test/enforce/support/tutorial-snapshot.ts';
import { hostTopology, HOST_TAG } from '../agent/host-view.ts';
import { isEmptyDelta, planLabDelta, undoLine } from './lab-delta.ts';
import { LabNames } from './lab-names.ts';
import { planLab } from './lab-plan.ts';

const names = new LabNames('rampart-x-');
const plan = (s: Snapshot) => planLab(s, names, { everyVpc: true });
const without = (s: Snapshot, instanceId: string): Snapshot => ({
  ...s,
  instances: s.instances.filter((i) => i.instanceId !== instanceId),
  networkInterfaces: s.networkInterfaces.filter((n) => n.instanceId !== instanceId),
});

describe('planLabDelta', () => {
  it('changes nothing between a plan and itself', () => {
    const p = plan(tutorialSnapshot());
    expect(isEmptyDelta(planLabDelta({ kind: 'plan', plan: p }, p))).toBe(true);
  });

  it('a launched instance adds its namespace, veth and lines; the router gets only the new lines', () => {
    const full = tutorialSnapshot();
    const before = plan(without(full, 'i-0db'));
    const delta = planLabDelta({ kind: 'plan', plan: before }, plan(full));
    expect(delta.addNamespaces.map((n) => n.name)).toEqual(['rampart-x-i-0db']);
    expect(delta.addVeths.map((v) => v.b.namespace)).toEqual(['rampart-x-i-0db']);
    expect(delta.removeNamespaces).toEqual([]);
    const routerLines = delta.runLines.get('rampart-x-router-vpc-0tutorial') ?? [];
    expect(routerLines.some((l) => l.includes('10.20.2.30/32'))).toBe(true);
    expect(routerLines.some((l) => l.includes('10.20.1.10/32'))).toBe(false);
  });

  it('a terminated instance removes its namespace and undoes its routes; its veth goes with the namespace', () => {
    const full = tutorialSnapshot();
    const delta = planLabDelta({ kind: 'plan', plan: plan(full) }, plan(without(full, 'i-0web')));
    expect(delta.removeNamespaces).toEqual(['rampart-x-i-0web']);
    expect(delta.removeVeths).toEqual([]);
    expect(delta.undoLines.get('rampart-x-router-vpc-0tutorial')).toContain('route del 10.20.1.10/32 dev ' + plan(full).veths.find((v) => v.b.namespace === 'rampart-x-i-0web')!.a.link);
    expect(delta.undoLines.get('rampart-x-internet')?.some((l) => l.startsWith('route del 203.0.113.10/32 via 169.254.0.1'))).toBe(true);
  });

  it('a new VPC gets a router; a deleted one loses it', () => {
    const full = tutorialSnapshot();
    const withVpc: Snapshot = { ...full, vpcs: [...full.vpcs, { ...full.vpcs[0], vpcId: 'vpc-0new' }] };
    const added = planLabDelta({ kind: 'plan', plan: plan(full) }, plan(withVpc));
    expect(added.addRouters.map((r) => r.vpcId)).toEqual(['vpc-0new']);
    const removed = planLabDelta({ kind: 'plan', plan: plan(withVpc) }, plan(full));
    expect(removed.removeRouters.map((r) => r.vpcId)).toEqual(['vpc-0new']);
    expect(removed.removeNamespaces).toEqual(['rampart-x-router-vpc-0new']);
  });

  it('knowing only the names, re-runs every line and removes namespaces the plan no longer has', () => {
    const p = plan(tutorialSnapshot());
    const delta = planLabDelta({ kind: 'namespaces', names: ['rampart-x-internet', 'rampart-x-i-0gone'] }, p);
    expect(delta.removeNamespaces).toEqual(['rampart-x-i-0gone']);
    expect(delta.addRouters.length).toBe(p.routers.length);
    expect([...delta.runLines.values()].flat().length).toBe(p.namespaces.flatMap((n) => n.ipCommands).length);
  });

  it('undoes facts, not link state', () => {
    expect(undoLine('address add fe80::1/64 dev rampart-abc nodad')).toBe('address del fe80::1/64 dev rampart-abc');
    expect(undoLine('route add 3.80.0.9/32 via 169.254.0.1 dev rampart-gw onlink')).toBe('route del 3.80.0.9/32 via 169.254.0.1 dev rampart-gw');
    expect(undoLine('link set rampart-abc up')).toBeUndefined();
  });
});

describe('hostTopology', () => {
  const tagged = (s: Snapshot, instanceId: string, host: string): Snapshot => ({
    ...s,
    instances: s.instances.map((i) => (i.instanceId === instanceId ? { ...i, tags: [{ key: HOST_TAG, value: host }] } : i)),
  });

  it('keeps untagged instances on the server host and tagged ones on theirs', () => {
    const s = tagged(tutorialSnapshot(), 'i-0db', 'h1');
    expect(hostTopology(s, undefined).instances.map((i) => i.instanceId).sort()).toEqual(['i-0other', 'i-0web']);
    const h1 = hostTopology(s, 'h1');
    expect(h1.instances.map((i) => i.instanceId)).toEqual(['i-0db']);
    expect(h1.networkInterfaces.map((n) => n.instanceId)).toEqual(['i-0db']);
    expect(hostTopology(s, 'h2').vpcs).toEqual([]);
  });

  it('drops terminated instances', () => {
    const s = tutorialSnapshot();
    const terminated = { ...s, instances: s.instances.map((i) => (i.instanceId === 'i-0web' ? { ...i, state: 'terminated' } : i)) };
    expect(hostTopology(terminated, undefined).instances.map((i) => i.instanceId)).not.toContain('i-0web');
  });
});
