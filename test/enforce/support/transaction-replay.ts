/**
 * Replays an nft transaction of the kind ruleset-delta.ts renders onto a Ruleset, in memory, as strictly as nft
 * does (deleting a missing element, adding one twice, deleting a chain that still has rules or a set that a rule
 * still names, and referring to a chain or set that does not exist are errors). Tests use it to check that a
 * delta turns the previous table into the next one without a kernel.
 */
import { elementKey, isMap, type NftBaseHook, type NftChain, type NftSet, type NftSetShape, type Ruleset } from '../../../src/enforce/compile/ruleset.ts';

interface MutableSet {
  shape: NftSetShape;
  /** key → element */
  elements: Map<string, string>;
}

export class ReplayError extends Error {}

const listOf = (body: string): string[] =>
  body
    .trim()
    .replace(/^\{\s*/, '')
    .replace(/\s*\}$/, '')
    .split(', ')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);

export function replayTransaction(ruleset: Ruleset, transaction: string): Ruleset {
  const sets = new Map<string, MutableSet>([...ruleset.sets].map(([n, s]) => [n, { shape: { name: s.name, type: s.type, interval: s.interval }, elements: new Map(s.elements.map((e) => [elementKey(s, e), e])) }]));
  const chains = new Map<string, { base?: NftBaseHook; rules: string[] }>([...ruleset.chains].map(([n, c]) => [n, { base: c.base, rules: [...c.rules] }]));
  const prefix = `inet ${ruleset.table} `;
  const need = <T>(m: Map<string, T>, name: string, what: string): T => {
    const v = m.get(name);
    if (!v) throw new ReplayError(`${what} ${name} does not exist`);
    return v;
  };
  for (const line of transaction.split('\n').filter((l) => l.length > 0)) {
    const m = /^(add|delete|flush) (set|map|chain|element|rule) (.*)$/.exec(line);
    if (!m || !m[3].startsWith(prefix)) throw new ReplayError(`unexpected command: ${line}`);
    const [, verb, kind] = m;
    const rest = m[3].slice(prefix.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const tail = space < 0 ? '' : rest.slice(space + 1);
    const op = `${verb} ${kind}`;
    if (op === 'add set' || op === 'add map') {
      if (sets.has(name)) throw new ReplayError(`set ${name} exists`);
      const type = /type ([^;]+);/.exec(tail)![1];
      sets.set(name, { shape: { name, type, interval: tail.includes('flags interval') }, elements: new Map() });
    } else if (op === 'add chain') {
      if (chains.has(name)) throw new ReplayError(`chain ${name} exists`);
      const hook = /type filter hook (\w+)(?: device "([^"]+)")? priority (-?\d+); policy (\w+);/.exec(tail);
      const base: NftBaseHook | undefined = hook
        ? { hook: hook[1] as NftBaseHook['hook'], ...(hook[2] === undefined ? {} : { device: hook[2] }), priority: Number(hook[3]), policy: hook[4] as 'accept' | 'drop' }
        : undefined;
      chains.set(name, base ? { base, rules: [] } : { rules: [] });
    } else if (op === 'add rule') {
      for (const ref of tail.matchAll(/@([\w.-]+)/g)) need(sets, ref[1], 'set');
      for (const ref of tail.matchAll(/(?:jump|goto) ([\w.-]+)/g)) need(chains, ref[1], 'chain');
      need(chains, name, 'chain').rules.push(tail);
    } else if (op === 'flush chain') {
      need(chains, name, 'chain').rules = [];
    } else if (op === 'delete chain') {
      if (need(chains, name, 'chain').rules.length > 0) throw new ReplayError(`chain ${name} is not empty`);
      const refers = (text: string): boolean => new RegExp(`(?:jump|goto) ${name.replace(/[.]/g, '\\.')}(?![\\w.-])`).test(text);
      for (const [c, chain] of chains) if (chain.rules.some(refers)) throw new ReplayError(`chain ${name} is still used by chain ${c}`);
      for (const s of sets.values()) for (const e of s.elements.values()) if (refers(e)) throw new ReplayError(`chain ${name} is still used by map ${s.shape.name}`);
      chains.delete(name);
    } else if (op === 'add element') {
      const set = need(sets, name, 'set');
      for (const e of listOf(tail)) {
        const key = elementKey(set.shape, e);
        if (set.elements.has(key)) throw new ReplayError(`element ${key} exists in ${name}`);
        for (const ref of e.matchAll(/(?:jump|goto) ([\w.-]+)/g)) need(chains, ref[1], 'chain');
        set.elements.set(key, e);
      }
    } else if (op === 'delete element') {
      const set = need(sets, name, 'set');
      for (const key of listOf(tail)) if (!set.elements.delete(key)) throw new ReplayError(`element ${key} missing from ${name}`);
    } else if (op === 'flush set' || op === 'flush map') {
      need(sets, name, 'set').elements.clear();
    } else if (op === 'delete set' || op === 'delete map') {
      need(sets, name, 'set');
      for (const [c, chain] of chains) if (chain.rules.some((r) => r.includes(`@${name} `) || r.endsWith(`@${name}`))) throw new ReplayError(`set ${name} is still used by chain ${c}`);
      sets.delete(name);
    } else throw new ReplayError(`unexpected command: ${line}`);
  }
  for (const [n, c] of chains) for (const r of c.rules) for (const ref of r.matchAll(/(?:jump|goto) ([\w.-]+)/g)) if (!chains.has(ref[1])) throw new ReplayError(`chain ${n} refers to missing ${ref[1]}`);
  for (const s of sets.values()) if (isMap(s.shape)) for (const e of s.elements.values()) for (const ref of e.matchAll(/(?:jump|goto) ([\w.-]+)/g)) if (!chains.has(ref[1])) throw new ReplayError(`map ${s.shape.name} refers to missing ${ref[1]}`);

  const sortedNames = <T>(m: Map<string, T>): string[] => [...m.keys()].sort();
  const outSets = new Map<string, NftSet>();
  for (const n of sortedNames(sets)) {
    const s = sets.get(n)!;
    outSets.set(n, { ...s.shape, elements: [...s.elements.values()].sort() });
  }
  const outChains = new Map<string, NftChain>();
  for (const n of sortedNames(chains)) {
    const c = chains.get(n)!;
    outChains.set(n, c.base ? { name: n, base: c.base, rules: c.rules } : { name: n, rules: c.rules });
  }
  return { table: ruleset.table, sets: outSets, chains: outChains };
}
