/**
 * Apply and diff against a real nft table in a throwaway namespace: the smallest transaction for each change,
 * incremental results identical to a full load, and fail-closed behaviour when nft rejects a transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RulesetApplier, ApplyError } from '../../src/enforce/apply/applier.ts';
import { namespaceNft } from '../../src/enforce/apply/nft-runner.ts';
import { runCommand } from '../../src/enforce/apply/run-command.ts';
import { compileRouterRuleset } from '../../src/enforce/compile/compile.ts';
import type { Ruleset } from '../../src/enforce/compile/ruleset.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import type { SecurityGroup } from '../../src/core/model/security-group.ts';
import { kernelAvailable, randomTag } from './support/kernel.ts';
import { tutorialSnapshot } from './support/tutorial-snapshot.ts';
import { cidr, peer } from './support/snapshot-builder.ts';

const run = kernelAvailable('enforce apply');
const tag = randomTag();
const NS = `rampart-t-${tag}`;
const TABLE = `rampart-t-${tag}`;
const VPC = 'vpc-0tutorial';

const compile = (s: Snapshot): Ruleset => compileRouterRuleset(s, { vpcId: VPC, table: TABLE });

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
async function listed(table: string): Promise<string> {
  const text = (await namespaceNft(NS).listTable(table)).replace(table, 'T');
  const sorted = text.replace(/elements = \{([^}]*)\}/g, (_, body: string) => `elements = { ${body.split(',').map((e) => e.trim()).sort().join(', ')} }`);
  // and objects sorted: the kernel lists them in creation order
  return sorted.split('\n\n').map((b) => b.replace(/^table inet T \{\n/, '').replace(/\n\}\n?$/, '')).sort().join('\n\n');
}

describe.runIf(run)('ruleset apply on a real nft table', () => {
  beforeAll(async () => {
    await runCommand(['ip', 'netns', 'add', NS]);
  });
  afterAll(async () => {
    await runCommand(['ip', 'netns', 'del', NS]).catch(() => undefined);
  });

  it('turns a one-rule change into one set element, and a whole-family rule into one chain replacement', async () => {
    const [s0, s1, s2] = changeSequence();
    const applier = new RulesetApplier(namespaceNft(NS));
    expect((await applier.resync(compile(s0))).kind).toBe('full');
    const one = await applier.apply(compile(s1));
    expect(one.kind).toBe('incremental');
    expect(one.transactionLines).toBe(1);
    expect(await listed(TABLE)).toContain('192.0.2.0/24 . tcp . 22');
    const two = await applier.apply(compile(s2));
    expect(two.kind).toBe('incremental');
    expect(await listed(TABLE)).toContain('tcp dport 2222 meta mark set 0x00000001 return');
    expect((await applier.apply(compile(s2))).kind).toBe('unchanged');
  });

  it('after any sequence of incremental changes, the kernel holds exactly what a full load would', async () => {
    const states = changeSequence();
    const applier = new RulesetApplier(namespaceNft(NS));
    await applier.resync(compile(states[0]));
    const fresh = new RulesetApplier(namespaceNft(NS));
    const referenceTable = `${TABLE}-ref`;
    for (const [i, s] of states.entries()) {
      const report = await applier.apply(compile(s));
      if (i > 0) expect(report.kind, `state ${i}`).toBe('incremental');
      await fresh.resync(compileRouterRuleset(s, { vpcId: VPC, table: referenceTable }));
      expect(await listed(TABLE), `state ${i}`).toBe(await listed(referenceTable));
    }
    // and backwards, which deletes what the forward pass created
    for (const s of [...states].reverse()) {
      await applier.apply(compile(s));
      await fresh.resync(compileRouterRuleset(s, { vpcId: VPC, table: referenceTable }));
      expect(await listed(TABLE)).toBe(await listed(referenceTable));
    }
  });

  it('fails closed: a rejected transaction leaves the previous ruleset in force and reports the error', async () => {
    const [s0, s1] = changeSequence();
    const applier = new RulesetApplier(namespaceNft(NS));
    await applier.resync(compile(s0));
    const before = await listed(TABLE);
    const good = compile(s1);
    const chains = new Map(good.chains);
    const victim = chains.get('grp_in_sg-0web')!;
    chains.set('grp_in_sg-0web', { ...victim, rules: [...victim.rules, 'tcp dport 70000 accept'] });
    const broken: Ruleset = { ...good, chains };
    const error = await applier.apply(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplyError);
    expect(String((error as ApplyError).cause)).toMatch(/70000|out of range|Error/);
    expect(await listed(TABLE)).toBe(before);
    // the element add that came in the same transaction did not happen either: all or nothing
    expect(await listed(TABLE)).not.toContain('192.0.2.0/24');
    // the next apply resyncs in full and succeeds
    expect((await applier.apply(good)).kind).toBe('full');
    expect(await listed(TABLE)).toContain('192.0.2.0/24 . tcp . 22');
  });
});
