import { describe, expect, it } from 'vitest';
import { RegionState } from './region-state.ts';
import { RegionTx } from './region-tx.ts';

describe('RegionTx', () => {
  const base = (): RegionState =>
    new RegionState('111111111111', 'us-east-1', [
      { kind: 'vpc', id: 'vpc-1' },
      { kind: 'subnet', id: 'subnet-1', parentId: 'vpc-1' },
      { kind: 'subnet', id: 'subnet-2', parentId: 'vpc-1' },
    ]);

  it('reads its own writes and leaves the committed state alone until applied', () => {
    const state = base();
    const tx = new RegionTx(state);
    tx.put({ kind: 'subnet', id: 'subnet-3', parentId: 'vpc-1' });
    tx.delete('subnet-1');
    expect(tx.children('vpc-1', 'subnet').map((r) => r.id)).toEqual(['subnet-2', 'subnet-3']);
    expect(state.children('vpc-1', 'subnet').map((r) => r.id)).toEqual(['subnet-1', 'subnet-2']);
    state.apply(tx.changes());
    expect(state.children('vpc-1', 'subnet').map((r) => r.id)).toEqual(['subnet-2', 'subnet-3']);
    expect(state.version).toBe(1);
  });

  it('moves a resource between parents and drops a put that is deleted again', () => {
    const state = base();
    const tx = new RegionTx(state);
    tx.put({ kind: 'subnet', id: 'subnet-2', parentId: 'vpc-2' });
    tx.put({ kind: 'vpc', id: 'vpc-9' });
    tx.delete('vpc-9');
    expect(tx.children('vpc-1').map((r) => r.id)).toEqual(['subnet-1']);
    expect(tx.changes()).toEqual({ puts: [{ kind: 'subnet', id: 'subnet-2', parentId: 'vpc-2' }], deletes: [] });
    state.apply(tx.changes());
    expect(state.children('vpc-2').map((r) => r.id)).toEqual(['subnet-2']);
    expect(state.children('vpc-1').map((r) => r.id)).toEqual(['subnet-1']);
  });
});
