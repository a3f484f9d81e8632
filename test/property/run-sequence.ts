/**
 * Drives one packet sequence through the engine's stateful `process` and the reference's stateful evaluator side by
 * side, with one shared clock, applying rule changes to the raw JSON (and to the engine through the loader and
 * `upsertSecurityGroup`). Every packet's answers are compared; conntrack cases are tallied.
 */
import { snapshotFromDescribe } from '../../src/core/describe/index.ts';
import { Engine } from '../../src/engine/index.ts';
import { ReferenceStatefulEvaluator, referenceDecide } from '../reference/evaluator.ts';
import type { RawDescribe, RawSecurityGroup } from '../reference/raw-describe.ts';
import { AmbiguousCaseError, BadFlowError, type ReferenceDecision, type ReferenceFlow } from '../reference/reference-types.ts';
import { pick } from './address-pools.ts';
import { permissionFrom } from './build-rules.ts';
import type { BuiltTopology } from './build-topology.ts';
import { compareDecisions, renderEngineDecision, renderReferenceDecision, toEngineFlow } from './compare-decisions.ts';
import { resolveFlow } from './flow-plan.ts';
import { ADVANCES, asPing, asUdp, connectionKey, CONVERSATION_PAUSES, replyTo, type Step } from './sequence-plan.ts';
import type { Tally } from './tally.ts';

interface StageMemory {
  /** Rules admitted this exact packet at this stage before (so a later rule-denial means the rules changed). */
  admittedByRule: boolean;
  admittedUntracked: boolean;
}

export class SequenceRun {
  private now = 1_000_000;
  private readonly doc: RawDescribe;
  private readonly engine: Engine;
  private readonly reference = new ReferenceStatefulEvaluator(() => this.now);
  private readonly sent: ReferenceFlow[] = [];
  /** The reference's answers to the latest packets, for revoking exactly what admitted one. */
  private readonly answers: { readonly flow: ReferenceFlow; readonly ref: ReferenceDecision }[] = [];
  private readonly lastSeen = new Map<string, number>();
  private readonly memory = new Map<string, StageMemory>();
  private stopped = false;

  constructor(
    private readonly topology: BuiltTopology,
    private readonly tally: Tally,
  ) {
    this.doc = structuredClone(topology.doc);
    this.engine = Engine.fromSnapshot(snapshotFromDescribe(this.doc), { now: () => this.now });
  }

  /** Runs the steps; returns the number of packets compared. */
  run(steps: readonly Step[]): number {
    let packets = 0;
    for (const s of steps) {
      if (this.stopped) break;
      if (s.kind === 'advance') this.now += ADVANCES[s.by];
      else if (s.kind === 'revoke' || s.kind === 'authorize') this.changeRules(s);
      else if (s.kind === 'revoke-admitting') packets += this.revokeAdmitting(s.of);
      else if (s.kind === 'conversation') {
        const first = resolveFlow(this.topology, s.flow);
        const flow = s.as === 'ping' ? asPing(first) : s.as === 'udp' ? asUdp(first) : first;
        const reply = replyTo(this.topology, flow, true);
        for (const f of [flow, reply, undefined, flow, reply]) {
          if (this.stopped) break;
          if (f === undefined) this.now += CONVERSATION_PAUSES[s.pause];
          else if (this.send(f)) packets++;
        }
      } else {
        const flow = this.flowFor(s);
        if (flow && this.send(flow)) packets++;
      }
    }
    return packets;
  }

  private flowFor(s: Extract<Step, { kind: 'new' | 'ping' | 'reply' | 'again' }>): ReferenceFlow | undefined {
    if (s.kind === 'new') return resolveFlow(this.topology, s.flow);
    if (s.kind === 'ping') return asPing(resolveFlow(this.topology, s.flow));
    if (this.sent.length === 0) return undefined;
    // `of` counts back from the latest packet, so replies usually answer something recent.
    const earlier = this.sent[this.sent.length - 1 - (s.of % this.sent.length)];
    return s.kind === 'again' ? earlier : replyTo(this.topology, earlier, s.replyType);
  }

  private changeRules(s: Extract<Step, { kind: 'revoke' | 'authorize' }>): void {
    // Mostly a group of an interface the latest packets touched, so changes hit live flows.
    const recent = new Set(this.sent.slice(-3).flatMap((f) => [f.src, f.dst]));
    const touched = (this.doc.NetworkInterfaces ?? [])
      .filter((e) => [e.PrivateIpAddress, e.Association?.PublicIp, ...e.Ipv6Addresses.map((a) => a.Ipv6Address)].some((a) => a && recent.has(a)))
      .flatMap((e) => e.Groups.map((g) => g.GroupId));
    const all = this.doc.SecurityGroups ?? [];
    const groups = touched.length > 0 && s.group % 4 !== 0 ? all.filter((g) => touched.includes(g.GroupId)) : all;
    if (groups.length === 0) return;
    const group: RawSecurityGroup = pick(groups, s.group);
    const list = s.egress ? group.IpPermissionsEgress : group.IpPermissions;
    if (s.kind === 'revoke') {
      if (list.length === 0) return;
      list.splice(s.index % list.length, 1);
      this.tally.add('sequence:revoke');
    } else {
      list.push(permissionFrom(s.permission, group.GroupId, this.topology.pools));
      this.tally.add('sequence:authorize');
    }
    this.upsertGroup(group.GroupId);
  }

  private revokeAdmitting(of: number): number {
    if (this.answers.length === 0) return 0;
    const { flow, ref } = this.answers[this.answers.length - 1 - (of % this.answers.length)];
    // An untracked stage when there is one: cutting those is the interesting case (§5.6).
    const admitted = ref.stages.filter((st) => st.reason === 'rule' && (st.matchingPermissions?.length ?? 0) > 0);
    const stage = admitted.find((st) => st.tracked === false) ?? admitted[of % Math.max(1, admitted.length)];
    if (!stage) return 0;
    const doomed = new Set(stage.matchingPermissions);
    for (const group of this.doc.SecurityGroups ?? []) {
      const before = group.IpPermissions.length + group.IpPermissionsEgress.length;
      group.IpPermissions = group.IpPermissions.filter((p) => !doomed.has(p));
      group.IpPermissionsEgress = group.IpPermissionsEgress.filter((p) => !doomed.has(p));
      if (group.IpPermissions.length + group.IpPermissionsEgress.length !== before) this.upsertGroup(group.GroupId);
    }
    this.tally.add('sequence:revoke-admitting');
    return this.send(flow) ? 1 : 0;
  }

  private upsertGroup(groupId: string): void {
    const changed = snapshotFromDescribe(this.doc).securityGroups.find((g) => g.groupId === groupId);
    if (!changed) throw new Error(`the loader lost ${groupId}`);
    this.engine.upsertSecurityGroup(changed);
  }

  /** One packet through both; false when it was not compared (bad input, or a case the semantics leave open). */
  private send(flow: ReferenceFlow): boolean {
    let ref: ReferenceDecision;
    try {
      ref = this.reference.process(this.doc, flow);
    } catch (e) {
      if (e instanceof BadFlowError) return false;
      if (e instanceof AmbiguousCaseError) {
        // The two tables may diverge from here on (the engine made a choice the reference refused to make).
        this.tally.add(`sequence:stopped-ambiguous:${e.tag}`);
        this.stopped = true;
        return false;
      }
      throw e;
    }
    const eng = this.engine.process(toEngineFlow(flow));
    const diffs = compareDecisions(ref, eng);
    if (diffs.length > 0) {
      throw new Error(
        [
          `stateful disagreement at t=${this.now} on ${JSON.stringify(flow)}`,
          ...diffs.map((d) => `  - ${d}`),
          `  reference:\n    ${renderReferenceDecision(ref)}`,
          `  engine:\n    ${renderEngineDecision(eng)}`,
          `  packets before: ${JSON.stringify(this.sent.slice(-6))}`,
          `  document now: ${JSON.stringify(this.doc)}`,
        ].join('\n'),
      );
    }
    this.tallyCases(flow, ref);
    this.sent.push(flow);
    this.answers.push({ flow, ref });
    this.lastSeen.set(connectionKey(flow), this.now);
    return true;
  }

  private tallyCases(flow: ReferenceFlow, ref: ReferenceDecision): void {
    this.tally.addAll(ref.notes.filter((n) => n.startsWith('conntrack:') || n === 'sg:untracked'));
    this.tally.add(ref.allowed ? 'outcome:allowed' : 'outcome:denied');
    const gap = this.now - (this.lastSeen.get(connectionKey(flow)) ?? this.now);
    let stateless: ReferenceDecision | undefined;
    for (const stage of ref.stages) {
      if (stage.kind !== 'sg-egress' && stage.kind !== 'sg-ingress') continue;
      const memoryKey = `${JSON.stringify(flow)}|${stage.kind}`;
      const memory = this.memory.get(memoryKey) ?? { admittedByRule: false, admittedUntracked: false };
      if (stage.reason === 'conntrack') {
        stateless ??= referenceDecide(this.doc, flow);
        const byRules = stateless.stages.find((s) => s.kind === stage.kind);
        if (byRules && !byRules.allowed && memory.admittedByRule) this.tally.add('sequence:tracked-flow-survives-revoke');
        if (flow.protocol === 17 && gap > 60) this.tally.add('sequence:udp-stream-alive-beyond-60s');
      }
      if (stage.reason === 'default-deny') {
        if (memory.admittedUntracked) this.tally.add('sequence:untracked-flow-cut-by-revoke');
        if (memory.admittedByRule || gap > 0) this.tally.add(`sequence:denied-after-idle-${flow.protocol === 17 ? 'udp' : 'other'}`);
      }
      if (stage.reason === 'rule') {
        memory.admittedByRule = true;
        memory.admittedUntracked ||= stage.tracked === false;
      }
      this.memory.set(memoryKey, memory);
    }
  }
}
