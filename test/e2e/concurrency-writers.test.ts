/**
 * Concurrent writers (issue 5 §8): 8 writers, each with its own @aws-sdk/client-ec2 client and keep-alive connections,
 * send a seeded random mix of authorize / revoke / create / delete / tag calls (and a few reads) to a real
 * `rampart serve` over HTTP, on groups of their own and on groups all of them share, some rules, names and tag keys
 * deliberately contended. The expected final state is computed only from what each writer was told:
 *
 * - on what a writer alone touches, every answer is predicted exactly (success, InvalidPermission.Duplicate,
 *   InvalidPermission.NotFound, DependencyViolation) and the writer keeps a model of it;
 * - on contended rules and names, successful authorizes/creates and revokes/deletes must alternate, so each one is
 *   present at the end iff its successes differ by one (anything else is a lost or doubled write);
 * - a contended tag key ends with the last value one of the writers wrote.
 *
 * Then a full describe must equal that state, rule for rule and tag for tag, and so must a describe after a restart
 * (what was acknowledged was committed). 8 × 1,000 operations, the issue-5 figure (RAMPART_CONCURRENCY_OPS for a quicker run).
 * Semantics cited: aws-semantics.md §3.1–§3.9 (facts 5, 8, 11, 12).
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
  type IpPermission,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ec2Client } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const WRITERS = 8;
const OPS_PER_WRITER = Number(process.env.RAMPART_CONCURRENCY_OPS ?? 1000);
const SHARED_GROUPS = 3;
/** Rule slots each writer owns on each shared group, per direction. */
const SLOTS = 4;
const CONTENDED_RULES = 4;
const RACE_NAMES = 3;
const MAX_OWN_GROUPS = 5;

type Direction = 'ingress' | 'egress';

/** A rule as compared at the end: direction, protocol, ports, one source (DescribeSecurityGroupRules' view). */
const ruleKey = (d: Direction, protocol: string, from: number, to: number, source: string): string => `${d}|${protocol}|${from}|${to}|${source}`;
const DEFAULT_EGRESS = ruleKey('egress', '-1', -1, -1, '0.0.0.0/0');

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface OwnGroup {
  readonly id: string;
  readonly name: string;
  /** Rule keys (ingress) → the group id a reference rule points at, or undefined. */
  readonly rules: Map<string, string | undefined>;
  tag: string | undefined;
}

/** What one writer was told, kept as its model of the state it alone controls plus its contended successes. */
interface WriterLog {
  readonly sharedRules: Set<string>[];
  readonly ownGroups: Map<string, OwnGroup>;
  /** Its own tag key on shared group 1: the last value set, or undefined once deleted. */
  ownTag: string | undefined;
  /** The last value it wrote to the contended `owner` tag (undefined: it never wrote one). */
  lastOwnerValue: string | undefined;
  readonly contendedAuthorized: number[];
  readonly contendedRevoked: number[];
  /** Race-name groups it created and still holds (name → id), and the counts of its creates and deletes. */
  readonly raceHeld: Map<number, string>;
  readonly raceCreated: number[];
  readonly raceDeleted: number[];
  readonly unexpected: string[];
  operations: number;
}

/** The error code of a failed SDK call, or undefined on success. */
async function attempt(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    return `${err.name ?? 'Error'}${err.$metadata?.httpStatusCode ? `@${err.$metadata.httpStatusCode}` : ''}`;
  }
}
const code = (outcome: string | undefined): string | undefined => outcome?.split('@')[0];

async function runWriter(ec2: EC2Client, w: number, vpcId: string, shared: readonly string[]): Promise<WriterLog> {
  const random = mulberry32(0x5eed + w);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const log: WriterLog = {
    sharedRules: shared.map(() => new Set<string>()),
    ownGroups: new Map(),
    ownTag: undefined,
    lastOwnerValue: undefined,
    contendedAuthorized: new Array<number>(CONTENDED_RULES).fill(0),
    contendedRevoked: new Array<number>(CONTENDED_RULES).fill(0),
    raceHeld: new Map(),
    raceCreated: new Array<number>(RACE_NAMES).fill(0),
    raceDeleted: new Array<number>(RACE_NAMES).fill(0),
    unexpected: [],
    operations: 0,
  };
  const expectOutcome = (what: string, got: string | undefined, expected: string | undefined): boolean => {
    if (code(got) !== expected) log.unexpected.push(`writer ${w} op ${log.operations}: ${what} answered ${got ?? 'success'}, expected ${expected ?? 'success'}`);
    return got === undefined;
  };
  const authorize = (d: Direction, groupId: string, p: IpPermission) =>
    d === 'ingress'
      ? ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [p] }))
      : ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [p] }));
  const revoke = (d: Direction, groupId: string, p: IpPermission) =>
    d === 'ingress'
      ? ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [p] }))
      : ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [p] }));

  let created = 0;
  for (; log.operations < OPS_PER_WRITER; log.operations++) {
    const r = random();
    if (r < 0.36) {
      // A rule only this writer uses, on a shared group: the answer is known in advance.
      const g = Math.floor(random() * shared.length);
      const slot = Math.floor(random() * SLOTS);
      const d: Direction = random() < 0.5 ? 'ingress' : 'egress';
      const port = 1000 + w * 10 + slot;
      const cidr = `10.${w}.${slot}.0/24`;
      const key = ruleKey(d, 'tcp', port, port, cidr);
      // Sometimes with a non-canonical address: the same rule (fact 8).
      const perm: IpPermission = { IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: random() < 0.3 ? `10.${w}.${slot}.${1 + Math.floor(random() * 250)}/24` : cidr }] };
      const present = log.sharedRules[g].has(key);
      if (random() < 0.55) {
        if (expectOutcome(`authorize ${key} on ${shared[g]}`, await attempt(authorize(d, shared[g], perm)), present ? 'InvalidPermission.Duplicate' : undefined)) log.sharedRules[g].add(key);
      } else if (expectOutcome(`revoke ${key} on ${shared[g]}`, await attempt(revoke(d, shared[g], perm)), present ? undefined : 'InvalidPermission.NotFound')) {
        log.sharedRules[g].delete(key);
      }
    } else if (r < 0.48) {
      // A contended rule on shared group 0: any writer may hold it.
      const k = Math.floor(random() * CONTENDED_RULES);
      const perm: IpPermission = { IpProtocol: 'tcp', FromPort: 9000 + k, ToPort: 9000 + k, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
      if (random() < 0.5) {
        const got = await attempt(authorize('ingress', shared[0], perm));
        if (got === undefined) log.contendedAuthorized[k]++;
        else if (code(got) !== 'InvalidPermission.Duplicate') log.unexpected.push(`writer ${w}: contended authorize ${k} answered ${got}`);
      } else {
        const got = await attempt(revoke('ingress', shared[0], perm));
        if (got === undefined) log.contendedRevoked[k]++;
        else if (code(got) !== 'InvalidPermission.NotFound') log.unexpected.push(`writer ${w}: contended revoke ${k} answered ${got}`);
      }
    } else if (r < 0.56) {
      // Create a group of its own (or, at the cap, delete one).
      if (log.ownGroups.size < MAX_OWN_GROUPS) {
        const name = `w${w}-g${created++}`;
        try {
          const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: `writer ${w}` }));
          log.ownGroups.set(GroupId!, { id: GroupId!, name, rules: new Map(), tag: undefined });
        } catch (e) {
          log.unexpected.push(`writer ${w}: create ${name} failed: ${(e as Error).name}`);
        }
        continue;
      }
      await deleteOwn();
    } else if (r < 0.62) {
      await deleteOwn();
    } else if (r < 0.74) {
      // A rule on one of its own groups: a CIDR, a self-reference, or a reference to another own or shared group.
      const own = [...log.ownGroups.values()];
      if (own.length === 0) continue;
      const g = pick(own);
      const port = 2000 + Math.floor(random() * 6);
      const choice = random();
      const target = choice < 0.4 ? undefined : choice < 0.55 ? g.id : choice < 0.85 ? pick(own).id : shared[2];
      const key = ruleKey('ingress', 'tcp', port, port, target ?? '192.168.0.0/16');
      const perm: IpPermission = { IpProtocol: 'tcp', FromPort: port, ToPort: port, ...(target ? { UserIdGroupPairs: [{ GroupId: target }] } : { IpRanges: [{ CidrIp: '192.168.0.0/16' }] }) };
      const present = g.rules.has(key);
      if (random() < 0.6) {
        if (expectOutcome(`authorize ${key} on own ${g.id}`, await attempt(authorize('ingress', g.id, perm)), present ? 'InvalidPermission.Duplicate' : undefined)) g.rules.set(key, target);
      } else if (expectOutcome(`revoke ${key} on own ${g.id}`, await attempt(revoke('ingress', g.id, perm)), present ? undefined : 'InvalidPermission.NotFound')) {
        g.rules.delete(key);
      }
    } else if (r < 0.86) {
      // Tags: its own key on shared group 1, the contended `owner` key there, or a tag on an own group.
      const t = random();
      const value = `${w}-${log.operations}`;
      if (t < 0.35) {
        if (expectOutcome('tag own key', await attempt(ec2.send(new CreateTagsCommand({ Resources: [shared[1]], Tags: [{ Key: `w${w}`, Value: value }] }))), undefined)) log.ownTag = value;
      } else if (t < 0.5) {
        if (expectOutcome('untag own key', await attempt(ec2.send(new DeleteTagsCommand({ Resources: [shared[1]], Tags: [{ Key: `w${w}` }] }))), undefined)) log.ownTag = undefined;
      } else if (t < 0.8) {
        if (expectOutcome('tag owner', await attempt(ec2.send(new CreateTagsCommand({ Resources: [shared[1]], Tags: [{ Key: 'owner', Value: value }] }))), undefined)) log.lastOwnerValue = value;
      } else {
        const own = [...log.ownGroups.values()];
        if (own.length === 0) continue;
        const g = pick(own);
        if (expectOutcome('tag own group', await attempt(ec2.send(new CreateTagsCommand({ Resources: [g.id], Tags: [{ Key: 'n', Value: value }] }))), undefined)) g.tag = value;
      }
    } else if (r < 0.94) {
      // Contended names: only one race-k group can exist at a time; its creator alone deletes it.
      const k = Math.floor(random() * RACE_NAMES);
      const held = log.raceHeld.get(k);
      if (held !== undefined) {
        if (expectOutcome(`delete race-${k}`, await attempt(ec2.send(new DeleteSecurityGroupCommand({ GroupId: held }))), undefined)) {
          log.raceHeld.delete(k);
          log.raceDeleted[k]++;
        }
      } else {
        try {
          const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `race-${k}`, Description: `race ${k}` }));
          log.raceHeld.set(k, GroupId!);
          log.raceCreated[k]++;
        } catch (e) {
          if ((e as Error).name !== 'InvalidGroup.Duplicate') log.unexpected.push(`writer ${w}: create race-${k} answered ${(e as Error).name}`);
        }
      }
    } else {
      // A read in the middle of the writes: never a half-applied change (quota holds, lists present).
      try {
        const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [pick(shared)] }));
        const sources = (SecurityGroups![0].IpPermissions ?? []).reduce((n, p) => n + p.IpRanges!.length + p.UserIdGroupPairs!.length, 0);
        if (sources > 60) log.unexpected.push(`writer ${w}: a read saw ${sources} ingress rules`);
      } catch (e) {
        log.unexpected.push(`writer ${w}: describe failed: ${(e as Error).name}`);
      }
    }
  }
  return log;

  async function deleteOwn(): Promise<void> {
    const own = [...log.ownGroups.values()];
    if (own.length === 0) return;
    const g = pick(own);
    // Referenced by a rule of another of its groups → DependencyViolation (fact 5); its own self-reference does not count.
    const referenced = own.some((o) => o.id !== g.id && [...o.rules.values()].includes(g.id));
    if (expectOutcome(`delete own ${g.id}`, await attempt(ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.id }))), referenced ? 'DependencyViolation' : undefined)) {
      log.ownGroups.delete(g.id);
    }
  }
}

interface GroupState {
  readonly name: string;
  readonly rules: string[];
  readonly tags: Record<string, string>;
}

/** The account's groups in the VPC, from a full describe of both views. */
async function actualState(ec2: EC2Client, vpcId: string): Promise<Map<string, GroupState>> {
  const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  const all: SecurityGroupRule[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 1000, NextToken: token }));
    all.push(...page.SecurityGroupRules!);
    token = page.NextToken;
  } while (token);
  const state = new Map<string, GroupState>();
  for (const g of SecurityGroups!) {
    const rules = all
      .filter((r) => r.GroupId === g.GroupId)
      .map((r) => ruleKey(r.IsEgress ? 'egress' : 'ingress', r.IpProtocol!, r.FromPort!, r.ToPort!, r.CidrIpv4 ?? r.CidrIpv6 ?? r.ReferencedGroupInfo?.GroupId ?? r.PrefixListId!))
      .sort();
    expect(sourcesInGroupedView(g), `the two views of ${g.GroupId} disagree`).toBe(rules.length);
    state.set(g.GroupId!, { name: g.GroupName!, rules, tags: Object.fromEntries((g.Tags ?? []).map((t) => [t.Key!, t.Value!])) });
  }
  return state;
}

function sourcesInGroupedView(g: SecurityGroup): number {
  return [...g.IpPermissions!, ...g.IpPermissionsEgress!].reduce((n, p) => n + p.IpRanges!.length + p.Ipv6Ranges!.length + p.UserIdGroupPairs!.length + p.PrefixListIds!.length, 0);
}

describe('concurrency', () => {
  it(`${WRITERS} concurrent writers × ${OPS_PER_WRITER} operations end in exactly the state their answers imply`, async () => {
    let server: TestServer | undefined = await startTestServer();
    const dataDir = server.dataDir;
    const admin = ec2Client(server);
    const clients: EC2Client[] = [];
    try {
      const vpcId = (await admin.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
      const shared: string[] = [];
      for (let i = 0; i < SHARED_GROUPS; i++) shared.push((await admin.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `shared-${i}`, Description: 'shared' }))).GroupId!);

      const started = performance.now();
      const logs = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) => {
          const c = ec2Client(server!);
          clients.push(c);
          return runWriter(c, w, vpcId, shared);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`concurrency: ${WRITERS} × ${OPS_PER_WRITER} operations in ${seconds.toFixed(1)} s (${((WRITERS * OPS_PER_WRITER) / seconds).toFixed(0)} ops/s)\n`);

      expect(logs.flatMap((l) => l.unexpected)).toEqual([]);
      expect(logs.map((l) => l.operations)).toEqual(new Array<number>(WRITERS).fill(OPS_PER_WRITER));

      // ---- the expected state, from the answers alone ----
      const expected = new Map<string, GroupState>();
      const contended: string[] = [];
      for (let k = 0; k < CONTENDED_RULES; k++) {
        const authorized = logs.reduce((n, l) => n + l.contendedAuthorized[k], 0);
        const revoked = logs.reduce((n, l) => n + l.contendedRevoked[k], 0);
        // Successes alternate: a difference other than 0 or 1 is a lost or doubled write.
        expect([0, 1], `contended rule ${k}: ${authorized} authorizes, ${revoked} revokes succeeded`).toContain(authorized - revoked);
        if (authorized - revoked === 1) contended.push(ruleKey('ingress', 'tcp', 9000 + k, 9000 + k, '0.0.0.0/0'));
      }
      const sharedRules = (g: number) => [DEFAULT_EGRESS, ...logs.flatMap((l) => [...l.sharedRules[g]]), ...(g === 0 ? contended : [])].sort();
      const ownTags = Object.fromEntries(logs.flatMap((l, w) => (l.ownTag !== undefined ? [[`w${w}`, l.ownTag]] : [])));
      expected.set(shared[0], { name: 'shared-0', rules: sharedRules(0), tags: {} });
      expected.set(shared[1], { name: 'shared-1', rules: sharedRules(1), tags: ownTags });
      expected.set(shared[2], { name: 'shared-2', rules: sharedRules(2), tags: {} });
      for (const l of logs) {
        for (const g of l.ownGroups.values()) {
          expected.set(g.id, { name: g.name, rules: [DEFAULT_EGRESS, ...g.rules.keys()].sort(), tags: g.tag !== undefined ? { n: g.tag } : {} });
        }
      }
      for (let k = 0; k < RACE_NAMES; k++) {
        const created = logs.reduce((n, l) => n + l.raceCreated[k], 0);
        const deleted = logs.reduce((n, l) => n + l.raceDeleted[k], 0);
        expect([0, 1], `race-${k}: ${created} creates, ${deleted} deletes`).toContain(created - deleted);
        const holders = logs.filter((l) => l.raceHeld.has(k));
        expect(holders.length).toBe(created - deleted);
        if (holders.length === 1) expected.set(holders[0].raceHeld.get(k)!, { name: `race-${k}`, rules: [DEFAULT_EGRESS], tags: {} });
      }
      const ownerCandidates = logs.flatMap((l) => (l.lastOwnerValue !== undefined ? [l.lastOwnerValue] : []));

      // ---- compared with a full describe, before and after a restart ----
      const check = async (ec2: EC2Client, when: string): Promise<void> => {
        const actual = await actualState(ec2, vpcId);
        const owner = actual.get(shared[1])?.tags.owner;
        if (ownerCandidates.length > 0) expect(ownerCandidates, `${when}: owner tag`).toContain(owner);
        else expect(owner).toBeUndefined();
        const withoutOwner = new Map([...actual].map(([id, s]) => [id, { ...s, tags: Object.fromEntries(Object.entries(s.tags).filter(([k]) => k !== 'owner')) }]));
        const defaultGroup = [...withoutOwner].find(([, s]) => s.name === 'default');
        expect(defaultGroup, `${when}: the VPC's default group`).toBeDefined();
        withoutOwner.delete(defaultGroup![0]);
        expect(Object.fromEntries(withoutOwner), when).toEqual(Object.fromEntries(expected));
      };
      await check(admin, 'after the writers');

      await server.stop({ keepData: true });
      server = await startTestServer({ dataDir });
      const again = ec2Client(server);
      clients.push(again);
      await check(again, 'after a restart');
    } finally {
      admin.destroy();
      for (const c of clients) c.destroy();
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000 + WRITERS * OPS_PER_WRITER * 40);
});
