/**
 * The enforcer against a real nft table in a throwaway namespace, through the long-lived nft session: the
 * smallest transaction for each change, incremental results identical to a full load (a fixed sequence forwards
 * and back, and random change sequences), and fail-closed behaviour when nft rejects a transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplyError, RouterEnforcer } from '../../src/enforce/apply/applier.ts';
import { openNftSession } from '../../src/enforce/apply/nft-session.ts';
import { spawnedNft, type NftRunner } from '../../src/enforce/apply/nft-runner.ts';
import { runCommand } from '../../src/enforce/apply/run-command.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import type { SecurityGroup } from '../../src/core/model/security-group.ts';
import { kernelAvailable, randomTag } from './support/kernel.ts';
import { tutorialSnapshot } from './support/tutorial-snapshot.ts';
import { cidr, peer } from './support/snapshot-builder.ts';
import { randomEstate, seededRandom } from './support/random-estate.ts';
import { randomChange } from './support/random-changes.ts';

const run = kernelAvailable('enforce apply');
const tag = randomTag();
const NS = `rampart-t-${tag}`;
const TABLE = `rampart-t-${tag}`;
const REFERENCE = `${TABLE}-ref`;
const VPC = 'vpc-0tutorial';
const seed = Number(process.env.RAMPART_APPLY_SEED ?? Math.floor(Math.random() * 2 ** 31));

function withGroup(s: Snapshot, groupId: string, change: (g: SecurityGroup) => SecurityGroup): Snapshot {
  return { ...s, securityGroups: s.securityGroups.map((g) => (g.groupId === groupId ? change(g) : g)) };
}

const addIngress = (s: Snapshot, groupId: string, ruleId: string, protocol: number, from: number, to: number, p: string): Snapshot =>
  withGroup(s, groupId, (g) => ({ ...g, ingress: [...g.ingress, { ruleId, groupId, direction: 'ingress', protocol, fromPort: from, toPort: to, peer: peer(p) }] }));

const revoke = (s: Snapshot, groupId: string, ruleId: string): Snapshot =>
  withGroup(s, groupId, (g) => ({ ...g, ingress: g.ingress.filter((r) => r.ruleId !== ruleId), egress: g.egress.filter((r) => r.ruleId !== ruleId) }));

/** The changes the control plane makes, one after the other. */
function changeSequence(): Snapshot[] {
  const s0 = tutorialSnapshot();
  const s1 = addIngress(s0, 'sg-0ssh', 'sgr-new1', 6, 22, 22, '192.0.2.0/24'); // a CIDR rule: one set element
  const s2 = addIngress(s1, 'sg-0ssh', 'sgr-new2', 6, 2222, 2222, '0.0.0.0/0'); // whole-family: chain replaced
  const s3 = { ...s2, networkInterfaces: s2.networkInterfaces.map((n) => (n.networkInterfaceId === 'eni-0other' ? { ...n, groupIds: [...n.groupIds, 'sg-0app'] } : n)) }; // membership
  const s4 = {
    ...s3,
    networkAcls: s3.networkAcls.map((a) =>
      a.networkAclId === 'acl-0private' ? { ...a, entries: [...a.entries, { ruleNumber: 90, egress: false, action: 'deny' as const, protocol: 6, cidr: cidr('10.20.1.20/32'), portRange: { from: 3306, to: 3306 } }] } : a,
    ),
  };
  const s5 = revoke(s4, 'sg-0ssh', 'sgr-new1');
  const s6 = { ...s5, networkInterfaces: s5.networkInterfaces.filter((n) => n.networkInterfaceId !== 'eni-0other') }; // instance terminated
  const s7 = { ...s6, securityGroups: s6.securityGroups.filter((g) => g.groupId !== 'sg-0ssh'), networkInterfaces: s6.networkInterfaces.map((n) => ({ ...n, groupIds: n.groupIds.filter((g) => g !== 'sg-0ssh') })) };
  return [s0, s1, s2, s3, s4, s5, s6, s7];
}

/**
 * The table as the kernel lists it, with its name taken out and set elements sorted (the kernel lists interval
 * elements in insertion order), so that two tables can be compared.
 */
async function listed(nft: NftRunner, table: string): Promise<string> {
  const text = (await nft.listTable(table)).replace(table, 'T');
  const sorted = text.replace(/elements = \{([^}]*)\}/g, (_: string, body: string) => `elements = { ${body.split(',').map((e) => e.trim()).sort().join(', ')} }`);
  // and objects sorted: the kernel lists them in creation order
  return sorted.split('\n\n').map((b: string) => b.replace(/^table inet T \{\n/, '').replace(/\n\}\n?$/, '')).sort().join('\n\n');
}

describe.runIf(run)('enforcer on a real nft table', () => {
  let session: NftRunner;
  const cli = spawnedNft(NS);
  beforeAll(async () => {
    await runCommand(['ip', 'netns', 'add', NS]);
    session = await openNftSession(NS);
  });
  afterAll(async () => {
    session?.close();
    await runCommand(['ip', 'netns', 'del', NS]).catch(() => undefined);
  });

  it('turns a one-rule change into one set element, and a whole-family rule into one chain rewrite', async () => {
    const [s0, s1, s2] = changeSequence();
    const enforcer = new RouterEnforcer(session, { vpcId: VPC, table: TABLE });
    expect((await enforcer.resync(s0)).kind).toBe('full');
    const one = await enforcer.apply(s1);
    expect(one.kind).toBe('incremental');
    expect(one.transactionLines).toBe(1);
    expect(await listed(cli, TABLE)).toContain('192.0.2.0/24 . 22');
    const two = await enforcer.apply(s2);
    expect(two.kind).toBe('incremental');
    expect(await listed(cli, TABLE)).toContain('tcp dport 2222 meta mark set 0x00000001 return');
    expect((await enforcer.apply(s2)).kind).toBe('unchanged');
  });

  it('after a sequence of incremental changes, forwards and back, the kernel holds exactly what a full load would', async () => {
    const states = changeSequence();
    const enforcer = new RouterEnforcer(session, { vpcId: VPC, table: TABLE });
    await enforcer.resync(states[0]);
    for (const [i, s] of [...states.entries(), ...[...states.entries()].reverse()]) {
      const report = await enforcer.apply(s);
      if (i > 0) expect(['incremental', 'unchanged'], `state ${i}`).toContain(report.kind);
      await new RouterEnforcer(cli, { vpcId: VPC, table: REFERENCE }).resync(s);
      expect(await listed(cli, TABLE), `state ${i}`).toBe(await listed(cli, REFERENCE));
    }
  });

  it(`random change sequences end in exactly the table a full load gives (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const counter = { n: 0 };
    let snapshot = randomEstate(random).snapshot;
    const enforcer = new RouterEnforcer(session, { vpcId: 'vpc-0a', table: TABLE });
    await enforcer.resync(snapshot);
    for (let step = 1; step <= 30; step++) {
      const change = randomChange(snapshot, random, counter);
      snapshot = change.snapshot;
      const report = await enforcer.apply(snapshot);
      expect(report.kind, `seed ${seed} step ${step}: ${change.describe}`).not.toBe('full');
      if (step % 6 === 0) {
        await new RouterEnforcer(cli, { vpcId: 'vpc-0a', table: REFERENCE }).resync(snapshot);
        expect(await listed(cli, TABLE), `seed ${seed} step ${step}: ${change.describe}`).toBe(await listed(cli, REFERENCE));
      }
    }
  });

  it('fails closed: a rejected transaction leaves the previous ruleset in force and reports the error', async () => {
    const [s0, s1] = changeSequence();
    const enforcer = new RouterEnforcer(session, { vpcId: VPC, table: TABLE });
    await enforcer.resync(s0);
    const before = await listed(cli, TABLE);
    // One good change (a set element) and one nft refuses (port 70000), in one transaction.
    const broken = addIngress(s1, 'sg-0web', 'sgr-bad', 6, 70000, 70000, '0.0.0.0/0');
    const error = await enforcer.apply(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplyError);
    expect(String((error as ApplyError).cause)).toMatch(/70000|out of range|Error/);
    expect(await listed(cli, TABLE)).toBe(before);
    // the element add that came in the same transaction did not happen either: all or nothing
    expect(await listed(cli, TABLE)).not.toContain('192.0.2.0/24');
    // the next apply replaces the table whole and succeeds
    expect((await enforcer.apply(s1)).kind).toBe('full');
    expect(await listed(cli, TABLE)).toContain('192.0.2.0/24 . 22');
  });
});
