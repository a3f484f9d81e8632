import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WordKeyTable } from './word-key-table.ts';

const word = fc.constantFrom(0, 1, -1, 7, 0x7fffffff, -0x80000000, 123456789);
const key4 = fc.tuple(word, word, word, word);

describe('WordKeyTable', () => {
  it('behaves like a Map under random inserts, removals and lookups, through growth and backward-shift deletion', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('insert', 'insert', 'remove', 'find'), key4, fc.integer()), { maxLength: 400 }),
        (ops) => {
          const table = new WordKeyTable(4, 2, 1, 16);
          const model = new Map<string, [number, number]>();
          for (const [kind, key, value] of ops) {
            const id = key.join(',');
            if (kind === 'insert') {
              const slot = table.insert4(...key);
              expect(table.lastInsertCreated).toBe(!model.has(id));
              table.setValue(slot, value, 1);
              table.setFloat(slot, value / 2);
              model.set(id, [value, value / 2]);
            } else if (kind === 'remove') {
              expect(table.remove(key)).toBe(model.delete(id));
            } else {
              const slot = table.find4(...key);
              expect(slot >= 0).toBe(model.has(id));
              expect(table.find(key)).toBe(slot);
            }
            expect(table.size).toBe(model.size);
          }
          for (const [id, [value, half]] of model) {
            const slot = table.find(id.split(',').map(Number));
            expect(slot).toBeGreaterThanOrEqual(0);
            expect([table.value(slot, 0), table.value(slot, 1), table.float(slot)]).toEqual([0, value, half]);
          }
          expect(table.capacity * 0.7).toBeGreaterThanOrEqual(table.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('array and unrolled entry points agree for 2- and 5-word keys; a key differing in any word is another key', () => {
    const table = new WordKeyTable(5, 1, 0, 16);
    const keys = Array.from({ length: 300 }, (_, i) => [i % 7, i, -i, i * 65537, 3] as const);
    for (const k of keys) table.insert(k);
    for (const k of keys) {
      expect(table.find5(...k)).toBe(table.find(k));
      expect(table.find5(k[0], k[1], k[2], k[3], 4)).toBe(-1);
    }
    const pairs = new WordKeyTable(2, 1, 0, 16);
    for (let i = 0; i < 300; i++) pairs.insert([i % 5, i * 7919]);
    for (let i = 0; i < 300; i++) {
      expect(pairs.find2(i % 5, i * 7919)).toBe(pairs.find([i % 5, i * 7919]));
      expect(pairs.find2(i % 5, i * 7919)).toBeGreaterThanOrEqual(0);
      expect(pairs.find2((i % 5) + 1, i * 7919)).toBe(-1);
    }
    expect(table.size).toBe(300);
    expect(table.byteLength).toBeGreaterThan(0);
  });
});
