/**
 * The compiled form of one nftables table: named sets, maps and chains, each already rendered to nft text
 * fragments. A chain is its ordered rule lines, a set its sorted element strings, so two rulesets compare by
 * content. This is the materialised view (golden files, full loads, tests); updates work on fragments
 * (fragment.ts) and never rebuild it.
 */

/** A set or map declaration without its elements. */
export interface NftSetShape {
  readonly name: string;
  /** nft key type, e.g. `ipv4_addr`, `ipv4_addr . inet_service`; maps write `key : value`. */
  readonly type: string;
  /** Interval sets hold ranges; their elements never overlap (the compiler makes them disjoint). */
  readonly interval: boolean;
}

export interface NftSet extends NftSetShape {
  /** Rendered elements, sorted and unique. Map elements read `key : value`. */
  readonly elements: readonly string[];
}

export interface NftBaseHook {
  readonly hook: 'ingress' | 'forward';
  /** The one link an ingress chain is bound to (by name: the kernel binds it whenever the link exists). */
  readonly device?: string;
  readonly priority: number;
  readonly policy: 'accept' | 'drop';
}

export interface NftChain {
  readonly name: string;
  /** Present for base chains, which the kernel calls from a netfilter hook. */
  readonly base?: NftBaseHook;
  readonly rules: readonly string[];
}

export interface Ruleset {
  /** Table name in the `inet` family; always starts with `rampart-`. */
  readonly table: string;
  readonly sets: ReadonlyMap<string, NftSet>;
  readonly chains: ReadonlyMap<string, NftChain>;
}

export function isMap(set: NftSetShape): boolean {
  return set.type.includes(' : ');
}

/**
 * Single-field interval sets are replaced whole when they change: nft checks each added element against the
 * whole set in userspace (0.84 s per add at 100k elements, enforcement.md §5.2), and their elements are computed
 * unions anyway. Concatenated interval sets (pipapo) take single elements in ~6 ms at any size.
 */
export function isPlainInterval(set: NftSetShape): boolean {
  return set.interval && !set.type.includes(' . ');
}

/** The key part of an element: the whole element for a set, the text before ` : ` for a map. */
export function elementKey(set: NftSetShape, element: string): string {
  if (!isMap(set)) return element;
  const at = element.indexOf(' : ');
  return at < 0 ? element : element.slice(0, at);
}

export function sameShape(a: NftSetShape, b: NftSetShape): boolean {
  return a.type === b.type && a.interval === b.interval;
}

export function sameChain(a: NftChain, b: NftChain): boolean {
  if (a === b) return true;
  if (a.rules.length !== b.rules.length) return false;
  if (a.base !== b.base && JSON.stringify(a.base) !== JSON.stringify(b.base)) return false;
  for (let i = 0; i < a.rules.length; i++) if (a.rules[i] !== b.rules[i]) return false;
  return true;
}

export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
