import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegionState } from './region-state.ts';
import { RegionTx } from './region-tx.ts';
import { groupNameKey } from './unique-keys.ts';

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

  it('counts a kind as its list does, through puts, kind changes and deletes', () => {
    const kinds = ['vpc', 'subnet', 'security-group'] as const;
    const op = fc.oneof(
      fc.record({ put: fc.constantFrom(...kinds), id: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ del: fc.constant(true), id: fc.integer({ min: 1, max: 6 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const tx = new RegionTx(base());
        for (const o of ops) {
          // Ids shared across kinds, so a put can turn a committed subnet into another kind.
          const id = o.id <= 2 ? `subnet-${o.id}` : `r-${o.id}`;
          if ('put' in o) tx.put({ kind: o.put, id, parentId: 'vpc-1' });
          else tx.delete(id);
        }
        for (const kind of kinds) expect(tx.count(kind)).toBe(tx.list(kind).length);
      }),
    );
  });

  it('finds a group by name through the index, as a walk of the VPC would, across puts, deletes and applies', () => {
    const group = (id: string, vpc: string, name: string) => ({ kind: 'security-group', id, parentId: vpc, groupName: name });
    const op = fc.oneof(
      fc.record({ put: fc.constantFrom('web', 'Web', 'db'), vpc: fc.constantFrom('vpc-1', 'vpc-2'), id: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ del: fc.constant(true), id: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ commit: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 14 }), (ops) => {
        const state = base();
        let tx = new RegionTx(state);
        const walk = (vpc: string, name: string) =>
          tx.children<ReturnType<typeof group>>(vpc, 'security-group').find((g) => g.groupName.toLowerCase() === name.toLowerCase());
        for (const o of ops) {
          if ('put' in o) {
            // As CreateSecurityGroup does: a name already taken in the VPC is refused, so names stay unique.
            if (!walk(o.vpc, o.put) && !tx.get(`sg-${o.id}`)) tx.put(group(`sg-${o.id}`, o.vpc, o.put));
          } else if ('del' in o) tx.delete(`sg-${o.id}`);
          else {
            state.apply(tx.changes());
            tx = new RegionTx(state);
          }
          for (const vpc of ['vpc-1', 'vpc-2'])
            for (const name of ['web', 'WEB', 'db', 'app']) {
              expect(tx.findByKey(groupNameKey(vpc, name))?.id).toBe(walk(vpc, name)?.id);
              expect(state.findByKey(groupNameKey(vpc, name))?.id).toBe(
                state.children<ReturnType<typeof group>>(vpc, 'security-group').find((g) => g.groupName.toLowerCase() === name.toLowerCase())?.id,
              );
            }
        }
      }),
    );
  });
});
