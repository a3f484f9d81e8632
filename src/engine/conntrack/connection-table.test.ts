import { describe, expect, it } from 'vitest';
import { ConnectionTable } from './connection-table.ts';

describe('ConnectionTable', () => {
  it('an entry is live strictly before its expiry; an expired entry is removed when met', () => {
    const table = new ConnectionTable(4);
    table.insert4(1, 2, 3, 4, 42, 100, 0);
    expect(table.lookup4(1, 2, 3, 4, 99.5)).toBeGreaterThanOrEqual(0);
    const slot = table.lookup([1, 2, 3, 4], 99.5);
    expect([table.stateAt(slot), table.expiryAt(slot)]).toEqual([42, 100]);
    expect(table.lookup4(1, 2, 3, 4, 100)).toBe(-1);
    expect(table.size).toBe(0);
  });

  it('refresh and overwrite change state and expiry in place', () => {
    const table = new ConnectionTable(4);
    const slot = table.insert4(9, 9, 9, 9, 1, 10, 0);
    table.refresh(slot, 2, 50);
    expect(table.lookup4(9, 9, 9, 9, 40)).toBe(slot);
    expect(table.stateAt(slot)).toBe(2);
    table.insert([9, 9, 9, 9], 3, 60, 40);
    expect(table.size).toBe(1);
    expect(table.stateAt(table.lookup4(9, 9, 9, 9, 55))).toBe(3);
    expect(table.delete([9, 9, 9, 9])).toBe(true);
    expect(table.delete([9, 9, 9, 9])).toBe(false);
  });

  it('sweep removes exactly the expired entries, however they are clustered', () => {
    const table = new ConnectionTable(4, 16);
    for (let i = 0; i < 1000; i++) table.insert4(i, i >> 3, 0, 0, i, i % 2 === 0 ? 10 : 1000, 0);
    expect(table.sweep(10)).toBe(500);
    expect(table.size).toBe(500);
    for (let i = 0; i < 1000; i++) expect(table.lookup4(i, i >> 3, 0, 0, 10) >= 0).toBe(i % 2 === 1);
  });

  it('growth drops entries that expired before the latest clock reading instead of growing for them', () => {
    const table = new ConnectionTable(4, 1024);
    for (let i = 0; i < 700; i++) table.insert4(i, 0, 0, 0, 0, 5, 0);
    const capacity = table.capacity;
    for (let i = 0; i < 700; i++) table.insert4(i, 1, 0, 0, 0, 500, 6); // all earlier entries expired at t=6
    expect(table.capacity).toBe(capacity);
    expect(table.size).toBe(700);
  });

  it('holds 200k entries with growth from a small table', () => {
    const table = new ConnectionTable(4, 16);
    for (let i = 0; i < 200_000; i++) table.insert4(i, ~i, i * 31, 7, i, 1e9, 0);
    expect(table.size).toBe(200_000);
    for (let i = 0; i < 200_000; i += 97) expect(table.stateAt(table.lookup4(i, ~i, i * 31, 7, 1))).toBe(i);
  });
});
