/**
 * The smallest transaction that turns the loaded Ruleset into the desired one: set and map elements added or
 * deleted one by one, a changed chain flushed and refilled (atomically, so it is never seen empty), new objects
 * created and obsolete ones deleted. Order inside the transaction follows Calico Felix (enforcement.md §2.3):
 * new sets and chains first (so anything may refer to them), element deletions, chain rewrites, element
 * additions, and deletions of chains and sets last (once nothing refers to them). Interval sets that are not
 * concatenations are replaced whole (flush + add): their elements are computed unions, and nft checks
 * single-field interval elements against the whole set, so a partial update buys nothing.
 */
import { renderBaseHook } from '../compile/render.ts';
import { elementKey, isMap, type NftChain, type NftSet, type Ruleset } from '../compile/ruleset.ts';

export interface RulesetDiff {
  /** nft commands, one per line; empty when nothing changed. */
  readonly transaction: string;
  readonly counts: { readonly elementsAdded: number; readonly elementsDeleted: number; readonly chainsReplaced: number; readonly objectsCreated: number; readonly objectsDeleted: number };
}

const sameRules = (a: NftChain, b: NftChain): boolean => a.rules.length === b.rules.length && a.rules.every((r, i) => r === b.rules[i]);
const sameHook = (a: NftChain, b: NftChain): boolean => JSON.stringify(a.base) === JSON.stringify(b.base);
const sameSetShape = (a: NftSet, b: NftSet): boolean => a.type === b.type && a.interval === b.interval;
const isPlainInterval = (s: NftSet): boolean => s.interval && !s.type.includes(' . ');

/** Returns undefined when the change cannot be expressed incrementally (a base chain's hook changed). */
export function diffRulesets(from: Ruleset, to: Ruleset): RulesetDiff | undefined {
  if (from.table !== to.table) return undefined;
  const t = `inet ${to.table}`;
  const create: string[] = [];
  const deleteElements: string[] = [];
  const rewrite: string[] = [];
  const addElements: string[] = [];
  const remove: string[] = [];
  const counts = { elementsAdded: 0, elementsDeleted: 0, chainsReplaced: 0, objectsCreated: 0, objectsDeleted: 0 };
  const list = (xs: readonly string[]): string => `{ ${xs.join(', ')} }`;

  for (const set of to.sets.values()) {
    const old = from.sets.get(set.name);
    if (old && !sameSetShape(old, set)) return undefined;
    if (!old) {
      create.push(`add ${isMap(set) ? 'map' : 'set'} ${t} ${set.name} { type ${set.type};${set.interval ? ' flags interval;' : ''} }`);
      counts.objectsCreated++;
    }
    const before = old?.elements ?? [];
    if (old && isPlainInterval(set)) {
      if (before.join('\n') === set.elements.join('\n')) continue;
      rewrite.push(`flush set ${t} ${set.name}`);
      counts.elementsDeleted += before.length;
      if (set.elements.length > 0) addElements.push(`add element ${t} ${set.name} ${list(set.elements)}`);
      counts.elementsAdded += set.elements.length;
      continue;
    }
    const had = new Set(before);
    const want = new Set(set.elements);
    const gone = before.filter((e) => !want.has(e));
    const fresh = set.elements.filter((e) => !had.has(e));
    if (gone.length > 0) deleteElements.push(`delete element ${t} ${set.name} ${list(gone.map((e) => elementKey(set, e)))}`);
    if (fresh.length > 0) addElements.push(`add element ${t} ${set.name} ${list(fresh)}`);
    counts.elementsDeleted += gone.length;
    counts.elementsAdded += fresh.length;
  }
  for (const chain of to.chains.values()) {
    const old = from.chains.get(chain.name);
    if (old && !sameHook(old, chain)) return undefined;
    if (!old) {
      create.push(chain.base ? `add chain ${t} ${chain.name} { ${renderBaseHook(chain)} }` : `add chain ${t} ${chain.name}`);
      counts.objectsCreated++;
      if (chain.rules.length > 0) rewrite.push(...chain.rules.map((r) => `add rule ${t} ${chain.name} ${r}`));
      continue;
    }
    if (sameRules(old, chain)) continue;
    rewrite.push(`flush chain ${t} ${chain.name}`, ...chain.rules.map((r) => `add rule ${t} ${chain.name} ${r}`));
    counts.chainsReplaced++;
  }
  // Chains that go away are emptied in the rewrite phase (dropping their jumps and set references) and deleted
  // after every chain that jumped to them has been rewritten.
  for (const chain of from.chains.values()) {
    if (to.chains.has(chain.name)) continue;
    rewrite.unshift(`flush chain ${t} ${chain.name}`);
    remove.push(`delete chain ${t} ${chain.name}`);
    counts.objectsDeleted++;
  }
  for (const set of from.sets.values()) {
    if (to.sets.has(set.name)) continue;
    remove.push(`delete ${isMap(set) ? 'map' : 'set'} ${t} ${set.name}`);
    counts.objectsDeleted++;
  }
  const transaction = [...create, ...deleteElements, ...rewrite, ...addElements, ...remove];
  return { transaction: transaction.length > 0 ? transaction.join('\n') + '\n' : '', counts };
}
