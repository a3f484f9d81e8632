/**
 * `POST /_rampart/v1/decide`: the engine's decision and explanation for one flow over the caller's live state;
 * with `"stateful": true`, one packet through the account's connection tracker.
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Decision } from '../../engine/index.ts';
import type { ControlPlane } from '../control-plane.ts';
import { parseDecideRequest } from './decide-request.ts';

export async function decideFromRequest(plane: ControlPlane, accountId: string, region: string, body: string): Promise<Decision> {
  const { flow, stateful } = parseDecideRequest(body);
  const engine = await plane.engine(accountId, region);
  try {
    // The live engine is updated in place on every commit, so its connection tracker outlives rule changes, as
    // EC2's does (fact 15: a revoke leaves tracked flows alive).
    return stateful ? engine.process(flow) : engine.decide(flow);
  } catch (e) {
    // The engine rejects flows it cannot place (e.g. both ends on the internet) with a plain Error
    // (docs/semantics.md §1): that is the caller's input, so a 400, not a 500.
    throw ec2Error('InvalidParameterValue', e instanceof Error ? e.message : String(e));
  }
}
