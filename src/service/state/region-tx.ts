/**
 * A transaction over one account+region: reads see the committed state plus this transaction's own writes; writes
 * are collected as a change set and touch nothing until the caller commits them. Throwing inside a transaction simply
 * drops the change set — the EC2 rule "a failed call changes nothing".
 */
import type { Resource, ResourceView } from './resource.ts';
import type { RegionState, ResourceChanges } from './region-state.ts';
import { uniqueKeyOf } from './unique-keys.ts';

export class RegionTx implements ResourceView {
  private readonly puts = new Map<string, Resource>();
  private readonly deletes = new Set<string>();

  constructor(private readonly base: RegionState) {}

  get accountId(): string {
    return this.base.accountId;
  }

  get region(): string {
    return this.base.region;
  }

  get(id: string): Resource | undefined {
    if (this.deletes.has(id)) return undefined;
    return this.puts.get(id) ?? this.base.get(id);
  }

  getOf<R extends Resource>(kind: R['kind'], id: string): R | undefined {
    const r = this.get(id);
    return r && r.kind === kind ? (r as R) : undefined;
  }

  list<R extends Resource>(kind: R['kind']): R[] {
    return this.overlay(this.base.list<R>(kind), (r) => r.kind === kind);
  }

  children<R extends Resource>(parentId: string, kind?: R['kind']): R[] {
    return this.overlay(this.base.children<R>(parentId, kind), (r) => r.parentId === parentId && (kind === undefined || r.kind === kind));
  }

  /** The committed count corrected by this transaction's own writes: O(writes), not O(resources) (quota checks). */
  count(kind: string): number {
    let n = this.base.count(kind);
    for (const [id, r] of this.puts) {
      const committed = this.base.get(id);
      if (r.kind === kind && committed?.kind !== kind) n++;
      else if (r.kind !== kind && committed?.kind === kind) n--;
    }
    for (const id of this.deletes) if (this.base.get(id)?.kind === kind && !this.puts.has(id)) n--;
    return n;
  }

  /** This transaction's own writes first (O(writes)), then the committed index, unless this transaction changed it. */
  findByKey<R extends Resource>(key: string): R | undefined {
    for (const r of this.puts.values()) if (uniqueKeyOf(r) === key) return r as R;
    const committed = this.base.findByKey<R>(key);
    return committed && !this.deletes.has(committed.id) && !this.puts.has(committed.id) ? committed : undefined;
  }

  put<R extends Resource>(r: R): R {
    this.deletes.delete(r.id);
    this.puts.set(r.id, r);
    return r;
  }

  delete(id: string): void {
    this.puts.delete(id);
    if (this.base.get(id)) this.deletes.add(id);
  }

  changes(): ResourceChanges {
    return { puts: [...this.puts.values()], deletes: [...this.deletes] };
  }

  private overlay<R extends Resource>(committed: R[], matches: (r: Resource) => boolean): R[] {
    if (this.puts.size === 0 && this.deletes.size === 0) return committed;
    const out: R[] = [];
    const seen = new Set<string>();
    for (const r of committed) {
      seen.add(r.id);
      if (this.deletes.has(r.id)) continue;
      const replaced = this.puts.get(r.id);
      if (replaced === undefined) out.push(r);
      else if (matches(replaced)) out.push(replaced as R);
    }
    for (const r of this.puts.values()) if (!seen.has(r.id) && matches(r)) out.push(r as R);
    return out;
  }
}
