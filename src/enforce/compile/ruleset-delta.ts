/**
 * The difference between two states of a table, and the one nft transaction that realises it. Order inside the
 * transaction follows Calico Felix (enforcement.md §2.3): new sets and chains first (so anything may refer to
 * them), element deletions, chain rewrites (`flush chain` + rules: nftables applies both atomically, a chain is
 * never seen empty), element additions, and deletions of sets and then chains last, once nothing refers to them.
 * The kernel applies the whole transaction or none of it.
 */
import { renderBaseHook } from './render.ts';
import { elementKey, isMap, type NftChain, type NftSetShape } from './ruleset.ts';

export interface SetElements {
  readonly set: NftSetShape;
  readonly elements: readonly string[];
}

export interface RulesetDelta {
  readonly createSets: readonly NftSetShape[];
  readonly createChains: readonly NftChain[];
  readonly deleteElements: readonly SetElements[];
  /** Chains whose rules are (re)written; `flush` for chains that exist already. A chain to delete is flushed here. */
  readonly rewriteChains: readonly { readonly chain: NftChain; readonly flush: boolean }[];
  /** Single-field interval sets replaced whole (flushed here, refilled with the additions). */
  readonly flushSets: readonly NftSetShape[];
  readonly addElements: readonly SetElements[];
  readonly deleteChains: readonly string[];
  readonly deleteSets: readonly NftSetShape[];
}

export interface DeltaCounts {
  readonly elementsAdded: number;
  readonly elementsDeleted: number;
  readonly chainsWritten: number;
  readonly objectsCreated: number;
  readonly objectsDeleted: number;
}

export function deltaCounts(d: RulesetDelta): DeltaCounts {
  const sum = (xs: readonly SetElements[]): number => xs.reduce((n, x) => n + x.elements.length, 0);
  return {
    elementsAdded: sum(d.addElements),
    elementsDeleted: sum(d.deleteElements),
    chainsWritten: d.rewriteChains.filter((r) => r.chain.rules.length > 0).length,
    objectsCreated: d.createSets.length + d.createChains.length,
    objectsDeleted: d.deleteSets.length + d.deleteChains.length,
  };
}

export function isEmptyDelta(d: RulesetDelta): boolean {
  return (
    d.createSets.length + d.createChains.length + d.deleteElements.length + d.rewriteChains.length + d.flushSets.length + d.addElements.length + d.deleteChains.length + d.deleteSets.length === 0
  );
}

const kindOf = (s: NftSetShape): string => (isMap(s) ? 'map' : 'set');

/** nft commands, one per line; empty when nothing changed. */
export function renderDelta(table: string, d: RulesetDelta): string {
  const t = `inet ${table}`;
  const lines: string[] = [];
  for (const s of d.createSets) lines.push(`add ${kindOf(s)} ${t} ${s.name} { type ${s.type};${s.interval ? ' flags interval;' : ''} }`);
  for (const c of d.createChains) lines.push(c.base ? `add chain ${t} ${c.name} { ${renderBaseHook(c)} }` : `add chain ${t} ${c.name}`);
  for (const { set, elements } of d.deleteElements) lines.push(`delete element ${t} ${set.name} { ${elements.map((e) => elementKey(set, e)).join(', ')} }`);
  for (const { chain, flush } of d.rewriteChains) {
    if (flush) lines.push(`flush chain ${t} ${chain.name}`);
    for (const r of chain.rules) lines.push(`add rule ${t} ${chain.name} ${r}`);
  }
  for (const s of d.flushSets) lines.push(`flush set ${t} ${s.name}`);
  for (const { set, elements } of d.addElements) lines.push(`add element ${t} ${set.name} { ${elements.join(', ')} }`);
  // Sets before chains: a map being deleted may still hold `jump` elements to a chain being deleted.
  for (const s of d.deleteSets) lines.push(`delete ${kindOf(s)} ${t} ${s.name}`);
  for (const name of d.deleteChains) lines.push(`delete chain ${t} ${name}`);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
