/**
 * The compiled form of one nftables table: named sets, maps and chains, each already rendered to nft text
 * fragments. It is the desired state that `apply/` diffs against what it last loaded, so every piece is a plain
 * value compared by content: a chain is its ordered rule lines, a set its sorted element strings.
 */

export interface NftSet {
  readonly name: string;
  /** nft key type, e.g. `ipv4_addr`, `ipv4_addr . inet_proto . inet_service`; maps write `key : value`. */
  readonly type: string;
  /** Interval sets hold ranges; their elements never overlap (the compiler makes them disjoint). */
  readonly interval: boolean;
  /** Rendered elements, sorted and unique. Map elements read `key : value`. */
  readonly elements: readonly string[];
}

export interface NftBaseHook {
  readonly hook: 'prerouting' | 'forward' | 'postrouting';
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

export function isMap(set: NftSet): boolean {
  return set.type.includes(' : ');
}

/** The key part of an element: the whole element for a set, the text before ` : ` for a map. */
export function elementKey(set: NftSet, element: string): string {
  if (!isMap(set)) return element;
  const at = element.indexOf(' : ');
  return at < 0 ? element : element.slice(0, at);
}

/** Collects sets and chains while a compiler runs; `build()` freezes them into a Ruleset. */
export class RulesetBuilder {
  private readonly sets = new Map<string, NftSet>();
  private readonly chains = new Map<string, NftChain>();

  constructor(private readonly table: string) {}

  addSet(name: string, type: string, elements: Iterable<string>, interval = false): void {
    if (this.sets.has(name)) throw new Error(`nft set ${name} compiled twice`);
    const sorted = [...new Set(elements)].sort();
    this.sets.set(name, { name, type, interval, elements: sorted });
  }

  hasSet(name: string): boolean {
    return this.sets.has(name);
  }

  addChain(name: string, rules: readonly string[], base?: NftBaseHook): void {
    if (this.chains.has(name)) throw new Error(`nft chain ${name} compiled twice`);
    this.chains.set(name, base ? { name, base, rules } : { name, rules });
  }

  hasChain(name: string): boolean {
    return this.chains.has(name);
  }

  build(): Ruleset {
    const byName = <T>(m: Map<string, T>): Map<string, T> => new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { table: this.table, sets: byName(this.sets), chains: byName(this.chains) };
  }
}
