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
import type { NftChain, NftSetShape } from './ruleset.ts';

export interface Fragment {
  readonly chains: readonly NftChain[];
  readonly sets: readonly NftSetShape[];
  /** Set name → elements this unit contributes. */
  readonly elements: ReadonlyMap<string, readonly string[]>;
}

/** Shapes of shared sets, one object each: 10k interfaces declaring the same slot maps allocate nothing. */
const shapes = new Map<string, NftSetShape>();
function shapeOf(name: string, type: string, interval: boolean): NftSetShape {
  const key = `${name} ${type} ${interval}`;
  let shape = shapes.get(key);
  if (!shape) shapes.set(key, (shape = { name, type, interval }));
  return shape;
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

  contribute(setName: string, elements: readonly string[]): void {
    if (elements.length === 0) return;
    const list = this.elements.get(setName);
    if (list) list.push(...elements);
    else this.elements.set(setName, [...elements]);
  }

  addChain(chain: NftChain): void {
    this.chains.push(chain);
  }

  build(): Fragment {
    return { chains: this.chains, sets: this.sets, elements: this.elements };
  }
}
