/**
 * The bridge between the reference evaluator and the engine: flows into the engine's numeric `Flow`, and the
 * comparison of a `Decision` with a reference answer. Compared: verdict, where each end landed (interface id or
 * internet), the denying stage, stage kinds in order, each stage's verdict, each NACL stage's deciding rule number, each SG stage's reason, that the engine's named group really has a
 * matching rule, and (when the engine reports it) whether a rule-admitted flow is tracked.
 */
import { parseIp } from '../../src/core/net/ip.ts';
import type { Decision, Flow, StageResult } from '../../src/engine/index.ts';
import type { ReferenceDecision, ReferenceFlow, ReferenceStage } from '../reference/reference-types.ts';

export function toEngineFlow(f: ReferenceFlow): Flow {
  const src = parseIp(f.src);
  const dst = parseIp(f.dst);
  if (!src || !dst) throw new Error(`engine cannot parse ${f.src} → ${f.dst}`);
  return { src, dst, protocol: f.protocol, srcPort: f.srcPort, dstPort: f.dstPort, icmpType: f.icmpType, icmpCode: f.icmpCode };
}

function compareStage(i: number, ref: ReferenceStage, eng: StageResult): string[] {
  const out: string[] = [];
  const at = `stage ${i} (${ref.kind})`;
  if (ref.allowed !== eng.allowed) out.push(`${at}: reference ${ref.allowed ? 'allows' : 'denies'}, engine ${eng.allowed ? 'allows' : 'denies'}`);
  if ((eng.kind === 'nacl-inbound' || eng.kind === 'nacl-outbound') && ref.ruleNumber !== eng.ruleNumber) {
    out.push(`${at}: reference rule #${ref.ruleNumber}, engine rule #${eng.ruleNumber}`);
  }
  if (eng.kind === 'sg-egress' || eng.kind === 'sg-ingress') {
    if (ref.reason !== eng.reason) out.push(`${at}: reference reason ${ref.reason}, engine reason ${eng.reason}`);
    if (eng.reason === 'rule' && ref.reason === 'rule') {
      if (!eng.match) out.push(`${at}: engine names no matching rule`);
      else if (!ref.matchingGroups?.includes(eng.match.groupId)) {
        out.push(`${at}: engine names ${eng.match.groupId}/${eng.match.ruleId}; matching groups are [${ref.matchingGroups?.join(', ')}]`);
      }
      if (eng.tracked !== undefined && eng.tracked !== ref.tracked) out.push(`${at}: reference tracked=${ref.tracked}, engine tracked=${eng.tracked}`);
    }
  }
  return out;
}

/** Every difference, as readable lines; empty when the engine agrees. */
export function compareDecisions(ref: ReferenceDecision, eng: Decision): string[] {
  const out: string[] = [];
  if (ref.allowed !== eng.allowed) out.push(`verdict: reference ${ref.allowed ? 'allowed' : 'denied'}, engine ${eng.allowed ? 'allowed' : 'denied'}`);
  for (const [end, r, e] of [['source', ref.source, eng.source], ['destination', ref.destination, eng.destination]] as const) {
    if (r.kind !== e.kind || (r.interfaceId ?? '') !== (e.networkInterfaceId ?? '')) {
      out.push(`${end}: reference ${r.kind} ${r.interfaceId ?? ''}, engine ${e.kind} ${e.networkInterfaceId ?? ''}`);
    }
  }
  const lastKind = ref.stages.at(-1)?.kind;
  if (!ref.allowed && eng.deniedBy !== lastKind) out.push(`deniedBy: reference ${lastKind}, engine ${eng.deniedBy}`);
  const refKinds = ref.stages.map((s) => s.kind).join(' → ');
  const engKinds = eng.stages.map((s) => s.kind).join(' → ');
  if (refKinds !== engKinds) {
    out.push(`stages: reference [${refKinds}], engine [${engKinds}]`);
    return out;
  }
  ref.stages.forEach((s, i) => out.push(...compareStage(i, s, eng.stages[i])));
  return out;
}

/** A compact one-line-per-stage rendering of an engine decision, for failure messages. */
export function renderEngineDecision(d: Decision): string {
  return d.stages
    .map((s) => {
      if (s.kind === 'sg-egress' || s.kind === 'sg-ingress') return `${s.kind} ${s.allowed} ${s.reason} ${s.match?.groupId ?? ''} tracked=${s.tracked}`;
      if (s.kind === 'nacl-inbound' || s.kind === 'nacl-outbound') return `${s.kind} ${s.allowed} ${s.networkAclId} #${s.ruleNumber}`;
      return `${s.kind} ${s.allowed} ${'detail' in s ? s.detail : ''}`;
    })
    .join('\n    ');
}

export function renderReferenceDecision(d: ReferenceDecision): string {
  return d.stages
    .map((s) => {
      if (s.reason !== undefined) return `${s.kind} ${s.allowed} ${s.reason} [${s.matchingGroups?.join(',')}] tracked=${s.tracked}`;
      if (s.ruleNumber !== undefined) return `${s.kind} ${s.allowed} ${s.networkAclId} #${s.ruleNumber}`;
      return `${s.kind} ${s.allowed} ${s.detail}`;
    })
    .join('\n    ');
}
