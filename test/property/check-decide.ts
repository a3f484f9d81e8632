/**
 * One stateless (topology, flow) case: the reference answer, the engine's answer, and the verdict on the pair.
 * Bad input must make both sides throw; a case the semantics leave open is counted with the engine's choice instead
 * of compared.
 */
import type { Engine } from '../../src/engine/index.ts';
import { referenceDecide } from '../reference/evaluator.ts';
import type { RawDescribe } from '../reference/raw-describe.ts';
import { AmbiguousCaseError, BadFlowError, type ReferenceFlow } from '../reference/reference-types.ts';
import { compareDecisions, renderEngineDecision, renderReferenceDecision, toEngineFlow } from './compare-decisions.ts';
import type { Tally } from './tally.ts';

export type CaseOutcome = 'compared' | 'bad-input' | 'ambiguous';

export function checkDecide(engine: Engine, doc: RawDescribe, flow: ReferenceFlow, tally: Tally): CaseOutcome {
  let ref;
  try {
    ref = referenceDecide(doc, flow);
  } catch (e) {
    if (e instanceof BadFlowError) {
      let engineThrew = false;
      try {
        engine.decide(toEngineFlow(flow));
      } catch {
        engineThrew = true;
      }
      if (!engineThrew) throw new Error(`bad input accepted by the engine: ${JSON.stringify(flow)}`);
      tally.add('outcome:bad-input');
      return 'bad-input';
    }
    if (e instanceof AmbiguousCaseError) {
      const d = engine.decide(toEngineFlow(flow));
      const route = d.stages.find((s) => s.kind === 'route');
      tally.add(`ambiguous:${e.tag}:engine-route-${route === undefined ? 'absent' : route.allowed ? 'allowed' : 'denied'}`);
      return 'ambiguous';
    }
    throw e;
  }
  const eng = engine.decide(toEngineFlow(flow));
  const diffs = compareDecisions(ref, eng);
  if (diffs.length > 0) {
    throw new Error(
      [
        `engine and reference disagree on ${JSON.stringify(flow)}`,
        ...diffs.map((d) => `  - ${d}`),
        `  reference:\n    ${renderReferenceDecision(ref)}`,
        `  engine:\n    ${renderEngineDecision(eng)}`,
        `  document: ${JSON.stringify(doc)}`,
      ].join('\n'),
    );
  }
  tally.addAll(ref.notes);
  tally.add(ref.allowed ? 'outcome:allowed' : 'outcome:denied');
  return 'compared';
}
