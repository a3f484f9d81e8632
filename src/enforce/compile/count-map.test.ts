import { describe, expect, it } from 'vitest';
import { CountMap } from './count-map.ts';

describe('CountMap', () => {
  it('behaves like a plain map of counts through many updates and merges, and never changes an older version', () => {
    let map = CountMap.of(new Map([['a', 1]]));
    const model = new Map([['a', 1]]);
    const versions: Array<[CountMap, string]> = [];
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let step = 0; step < 3000; step++) {
      const deltas = new Map<string, number>();
      for (let i = 0; i < 1 + Math.floor(random() * 5); i++) {
        const key = `k${Math.floor(random() * 400)}`;
        const have = (model.get(key) ?? 0) + (deltas.get(key) ?? 0);
        const delta = have > 0 && random() < 0.5 ? -1 : 1;
        deltas.set(key, (deltas.get(key) ?? 0) + delta);
      }
      for (const [k, d] of deltas) {
        const n = (model.get(k) ?? 0) + d;
        if (n > 0) model.set(k, n);
        else model.delete(k);
      }
      map = map.plus(deltas);
      if (step % 500 === 0) versions.push([map, JSON.stringify([...model].sort())]);
      expect(map.size).toBe(model.size);
    }
    expect(map.keys().sort()).toEqual([...model.keys()].sort());
    for (const [k, n] of model) expect(map.get(k)).toBe(n);
    for (const [old, snapshot] of versions) expect(JSON.stringify(old.keys().sort().map((k) => [k, old.get(k)]))).toBe(snapshot);
  });

  it('refuses to count below zero', () => {
    expect(() => CountMap.EMPTY.plus(new Map([['x', -1]]))).toThrow(/below zero/);
  });
});
