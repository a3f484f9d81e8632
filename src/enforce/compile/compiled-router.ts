/**
 * One router's compiled state, and the two ways to get one: a full compile of a snapshot, and a pure update
 *
 *   updateRouter(previous compiled state, changes) → (new compiled state, delta for the kernel)
 *
 * that recompiles only the units the changes touch (router-units.ts) and diffs at that granularity
 * (aggregate.ts). Neither does I/O; the previous state is left intact. compile.test.ts checks that any sequence
 * of updates ends in exactly the state a full compile of the final snapshot gives.
 */
import type { Snapshot } from '../../core/model/snapshot.ts';
import { buildAggregate, materialize, replaceFragments, type Aggregate, type Replacement } from './aggregate.ts';
import { unionOfFragments, type Fragment } from './fragment.ts';
import type { ModelChange } from './model-changes.ts';
import { modelFromSnapshot, withChanges, type RouterModel, type RouterScope } from './router-model.ts';
import type { RulesetDelta } from './ruleset-delta.ts';
import { renderFullLoad } from './render.ts';
import type { Ruleset } from './ruleset.ts';
import { allUnits, compileUnit, unitsTouchedBy, type UnitKey } from './router-units.ts';

export interface CompiledRouter {
  readonly model: RouterModel;
  /** Every existing unit's fragment. */
  readonly fragments: ReadonlyMap<UnitKey, Fragment>;
  /**
   * The reference-counted union, built on first use: a full load does not need it (0.2–0.3 s of a 100k-rule
   * compile), updates do. The enforcer builds it while nft loads the table.
   */
  readonly aggregate: Aggregate;
}

function compiled(model: RouterModel, fragments: ReadonlyMap<UnitKey, Fragment>, aggregate?: Aggregate): CompiledRouter {
  let built = aggregate;
  return {
    model,
    fragments,
    get aggregate(): Aggregate {
      return (built ??= buildAggregate(fragments.values()));
    },
  };
}

export function compileRouter(snapshot: Snapshot, scope: RouterScope): CompiledRouter {
  return compileModel(modelFromSnapshot(snapshot, scope));
}

export function compileModel(model: RouterModel): CompiledRouter {
  const fragments = new Map<UnitKey, Fragment>();
  for (const key of allUnits(model)) {
    const f = compileUnit(model, key);
    if (f) fragments.set(key, f);
  }
  return compiled(model, fragments);
}

export function updateRouter(previous: CompiledRouter, changes: readonly ModelChange[]): { router: CompiledRouter; delta: RulesetDelta } {
  const model = withChanges(previous.model, changes);
  const fragments = new Map(previous.fragments);
  const replacements: Replacement[] = [];
  for (const key of unitsTouchedBy(previous.model, model, changes)) {
    const before = previous.fragments.get(key);
    const after = compileUnit(model, key);
    if (after) fragments.set(key, after);
    else fragments.delete(key);
    if (before || after) replacements.push({ before, after });
  }
  const { aggregate, delta } = replaceFragments(previous.aggregate, replacements);
  return { router: compiled(model, fragments, aggregate), delta };
}

/** The whole table, sorted (golden files, tests). */
export function routerRuleset(router: CompiledRouter): Ruleset {
  return materialize(router.aggregate, router.model.scope.table);
}

/** The transaction that replaces the table whole (in no particular order: nft does not care). */
export function fullLoadTransaction(router: CompiledRouter): string {
  return renderFullLoad(unionOfFragments(router.fragments.values(), router.model.scope.table));
}
