/**
 * A fragment is what one unit of the model (a group, an interface, a subnet, …; router-units.ts) puts into the
 * table: the chains and sets it declares and the elements it contributes to sets, its own or shared ones (an
 * interface adds its link to the dispatch maps, its addresses to its groups' member sets). The table is the
 * union of all fragments: a chain or set declared by several units must be declared identically (a NACL chain
 * shared by two subnets), and a set's elements are the union of every contribution, counted, so an element
 * leaves the kernel only when its last contributor does (aggregate.ts). A set that no unit declares gets no
 * elements in the kernel, whatever is contributed to it: `members4_<sg>` exists only while some group
 * references sg, but interfaces contribute their addresses to it regardless, which keeps units independent.
 */
import { ConflictingDeclarationError } from './aggregate.ts';
import { isPlainInterval, sameChain, type NftChain, type NftSet, type NftSetShape, type Ruleset } from './ruleset.ts';

export interface Fragment {
  readonly chains: readonly NftChain[];
  readonly sets: readonly NftSetShape[];
  /** Set name → elements this unit contributes. */
  readonly elements: ReadonlyMap<string, readonly string[]>;
}

/** Shapes of shared sets, one object each: 10k interfaces declaring the same member sets allocate nothing. */
const shapes = new Map<string, NftSetShape>();
function shapeOf(name: string, type: string, interval: boolean): NftSetShape {
  const shape = shapes.get(name);
  if (shape && shape.type === type && shape.interval === interval) return shape;
  const fresh = { name, type, interval };
  if (!shape && shapes.size < 100_000) shapes.set(name, fresh);
  return fresh;
}

export const EMPTY_FRAGMENT: Fragment = { chains: [], sets: [], elements: new Map() };

/** Collects one unit's fragment. */
export class FragmentBuilder {
  private readonly chains: NftChain[] = [];
  private readonly sets: NftSetShape[] = [];
  private readonly elements = new Map<string, string[]>();

  declareSet(name: string, type: string, interval = false): void {
    this.sets.push(shapeOf(name, type, interval));
  }

  /** Declares a set and contributes its elements in one go (the usual case for sets a unit owns). */
  addSet(name: string, type: string, elements: readonly string[], interval = false): void {
    this.declareSet(name, type, interval);
    this.contribute(name, elements);
  }

  /** `elements` is kept, not copied: callers pass arrays they do not change afterwards. */
  contribute(setName: string, elements: readonly string[]): void {
    if (elements.length === 0) return;
    const list = this.elements.get(setName);
    this.elements.set(setName, list ? list.concat(elements) : (elements as string[]));
  }

  addChain(chain: NftChain): void {
    this.chains.push(chain);
  }

  build(): Fragment {
    return { chains: this.chains, sets: this.sets, elements: this.elements };
  }
}

/**
 * The table as the plain union of fragments, in no particular order, without the reference counts of
 * aggregate.ts: what a full load needs and nothing more (the counts cost as much as the rest of a 100k-rule
 * compile and are only needed once updates follow). Elements several units may contribute identically (a route
 * table's ranges, from every subnet using it) are deduplicated in interval sets, where nft would reject them as
 * overlapping; hash sets and maps take a repeated identical element without complaint.
 */
export function unionOfFragments(fragments: Iterable<Fragment>, table: string): Ruleset {
  const chains = new Map<string, NftChain>();
  const shapes = new Map<string, NftSetShape>();
  const contributions = new Map<string, (readonly string[])[]>();
  for (const f of fragments) {
    for (const c of f.chains) {
      const had = chains.get(c.name);
      if (!had) chains.set(c.name, c);
      // Shared chains are one object (a pointer compare); two different judging chains with one hashed name would
      // be refused here as by aggregate.ts, not loaded with the wrong groups.
      else if (had !== c && !sameChain(had, c)) throw new ConflictingDeclarationError(`chain ${c.name} is declared differently by two units`);
    }
    for (const s of f.sets) if (!shapes.has(s.name)) shapes.set(s.name, s);
    for (const [set, elements] of f.elements) {
      const list = contributions.get(set);
      if (list) list.push(elements);
      else contributions.set(set, [elements]);
    }
  }
  const sets = new Map<string, NftSet>();
  for (const [name, shape] of shapes) {
    const parts = contributions.get(name) ?? [];
    const all = parts.length === 1 ? parts[0] : parts.flat();
    sets.set(name, { ...shape, elements: isPlainInterval(shape) && parts.length > 1 ? [...new Set(all)] : all });
  }
  return { table, sets, chains };
}
