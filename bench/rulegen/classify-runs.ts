/**
 * The per-interface security-group lookups of the rulegen runs (goals G1-G3): the engine's numeric classifier
 * (verdict only, and verdict plus explanation), the naive baseline, and the check of every verdict against
 * rulegen's `expect`. All loops run over the first packets of connections (every flow but the replies, which only
 * connection tracking admits), as performance.md §3.5 "classify" did.
 */
import { NO_MATCH, type DirectionIndex, type Engine } from '../../src/engine/index.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import type { SecurityGroupRule } from '../../src/core/model/security-group.ts';
import type { FlowBatch } from './flow-batch.ts';
import type { NaiveSecurityGroups } from './naive-security-groups.ts';

/** Engine interface slot of each interface, by its index in the snapshot. */
export function interfaceSlots(engine: Engine, snapshot: Snapshot): Int32Array {
  return Int32Array.from(snapshot.networkInterfaces, (eni) => engine.interfaceSlot(eni.networkInterfaceId));
}

/** Verdicts only: how many of the selected flows are allowed. */
export function classifyVerdicts(engine: Engine, slots: Int32Array, b: FlowBatch, selected: Int32Array): number {
  const c = engine.classifier;
  const [r0, r1, r2, r3] = b.remote;
  let allowed = 0;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k];
    const rule = c.classify(slots[b.eni[i]], b.egress[i] as DirectionIndex, b.family[i], r0[i], r1[i], r2[i], r3[i], b.protocol[i], b.dstPort[i], b.icmpType[i], b.icmpCode[i]);
    if (rule !== NO_MATCH) allowed++;
  }
  return allowed;
}

/** Where explanations go, so that producing them cannot be optimised away. */
export let lastExplanation: SecurityGroupRule | undefined;

/**
 * Verdicts with their explanation: the admitting rule (its `groupId` and `ruleId`) for every allowed flow, through
 * `ruleObjectAt`, the engine's allocation-free explanation (docs/engine.md). Reading the id strings themselves would
 * add cache misses into the model objects, which are the caller's cost, not the engine's.
 */
export function classifyExplained(engine: Engine, slots: Int32Array, b: FlowBatch, selected: Int32Array): number {
  const c = engine.classifier;
  const [r0, r1, r2, r3] = b.remote;
  let explained = 0;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k];
    const rule = c.classify(slots[b.eni[i]], b.egress[i] as DirectionIndex, b.family[i], r0[i], r1[i], r2[i], r3[i], b.protocol[i], b.dstPort[i], b.icmpType[i], b.icmpCode[i]);
    if (rule !== NO_MATCH) {
      lastExplanation = engine.ruleObjectAt(rule);
      explained++;
    }
  }
  return explained;
}

export function classifyNaive(naive: NaiveSecurityGroups, b: FlowBatch, selected: Int32Array): number {
  const [r0, r1, r2, r3] = b.remote;
  let allowed = 0;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k];
    if (naive.match(b.eni[i], b.egress[i] === 1, b.family[i], r0[i], r1[i], r2[i], r3[i], b.protocol[i], b.dstPort[i], b.icmpType[i], b.icmpCode[i]) !== undefined) allowed++;
  }
  return allowed;
}

export interface VerdictCheck {
  readonly flows: number;
  readonly allowed: number;
  /** Engine verdict ≠ rulegen `expect`. */
  readonly engineVsExpect: number;
  /** Naive verdict ≠ rulegen `expect`. */
  readonly naiveVsExpect: number;
  /** Engine verdict ≠ naive verdict. */
  readonly engineVsNaive: number;
  /** Allowed flows whose explanation names a rule that is not on the interface in that direction, or does not match. */
  readonly badExplanations: number;
  /** The first few disagreements with `expect`, for the report. */
  readonly examples: string[];
}

/** Every selected flow: engine and naive verdicts against `expect`, and the engine's explanation against the model. */
export function checkVerdicts(engine: Engine, slots: Int32Array, naive: NaiveSecurityGroups, snapshot: Snapshot, b: FlowBatch, selected: Int32Array): VerdictCheck {
  const rules = new Map<string, SecurityGroupRule>();
  for (const g of snapshot.securityGroups) for (const r of [...g.ingress, ...g.egress]) rules.set(`${g.groupId}/${r.ruleId}`, r);
  const [r0, r1, r2, r3] = b.remote;
  let allowed = 0;
  let engineVsExpect = 0;
  let naiveVsExpect = 0;
  let engineVsNaive = 0;
  let badExplanations = 0;
  const examples: string[] = [];
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k];
    const args = [b.family[i], r0[i], r1[i], r2[i], r3[i], b.protocol[i], b.dstPort[i], b.icmpType[i], b.icmpCode[i]] as const;
    const slot = engine.classifier.classify(slots[b.eni[i]], b.egress[i] as DirectionIndex, ...args);
    const engineAllows = slot !== NO_MATCH;
    const naiveAllows = naive.match(b.eni[i], b.egress[i] === 1, ...args) !== undefined;
    const expected = b.expectAllow[i] === 1;
    if (engineAllows) allowed++;
    if (engineAllows !== expected) {
      engineVsExpect++;
      if (examples.length < 5) examples.push(`flow #${i}: engine ${engineAllows ? 'allow' : 'deny'}, rulegen ${expected ? 'allow' : 'deny'}`);
    }
    if (naiveAllows !== expected) naiveVsExpect++;
    if (engineAllows !== naiveAllows) engineVsNaive++;
    if (engineAllows) {
      const m = engine.ruleAt(slot);
      const rule = rules.get(`${m.groupId}/${m.ruleId}`);
      const eni = snapshot.networkInterfaces[b.eni[i]];
      const onInterface = rule !== undefined && eni.groupIds.includes(m.groupId) && rule.direction === (b.egress[i] === 1 ? 'egress' : 'ingress');
      if (!onInterface || !naive.admits(rule, ...args)) badExplanations++;
    }
  }
  return { flows: selected.length, allowed, engineVsExpect, naiveVsExpect, engineVsNaive, badExplanations, examples };
}
