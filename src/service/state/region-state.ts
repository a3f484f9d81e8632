/**
 * The committed resources of one account in one region, held in memory with indexes by kind and by parent. The store
 * is the durable copy; this is what reads are served from. It changes only through `apply`, called after the store
 * has committed a transaction's change set, so a reader never sees a half-applied change.
 */
import type { Resource, ResourceView } from './resource.ts';
import { uniqueKeyOf } from './unique-keys.ts';

export interface ResourceChanges {
  readonly puts: readonly Resource[];
  readonly deletes: readonly string[];
}

export class RegionState implements ResourceView {
  private readonly byId = new Map<string, Resource>();
  private readonly byKind = new Map<string, Map<string, Resource>>();
  private readonly byParent = new Map<string, Map<string, Resource>>();
  private readonly byKey = new Map<string, Resource>();
  /** Incremented by every applied change set; caches (the engine, describe pages) key on it. */
  version = 0;

  constructor(
    readonly accountId: string,
    readonly region: string,
    resources: Iterable<Resource> = [],
  ) {
    for (const r of resources) this.insert(r);
  }

  get(id: string): Resource | undefined {
    return this.byId.get(id);
  }

  getOf<R extends Resource>(kind: R['kind'], id: string): R | undefined {
    const r = this.byId.get(id);
    return r && r.kind === kind ? (r as R) : undefined;
  }

  list<R extends Resource>(kind: R['kind']): R[] {
    const m = this.byKind.get(kind);
    return m ? ([...m.values()] as R[]) : [];
  }

  children<R extends Resource>(parentId: string, kind?: R['kind']): R[] {
    const m = this.byParent.get(parentId);
    if (!m) return [];
    const all = [...m.values()];
    return (kind === undefined ? all : all.filter((r) => r.kind === kind)) as R[];
  }

  /** Every resource id, in insertion order. */
  ids(): IterableIterator<string> {
    return this.byId.keys();
  }

  count(kind: string): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  findByKey<R extends Resource>(key: string): R | undefined {
    return this.byKey.get(key) as R | undefined;
  }

  apply(changes: ResourceChanges): void {
    for (const id of changes.deletes) this.remove(id);
    for (const r of changes.puts) this.insert(r);
    this.version++;
  }

  private insert(r: Resource): void {
    const old = this.byId.get(r.id);
    if (old && old.parentId !== r.parentId && old.parentId !== undefined) this.byParent.get(old.parentId)?.delete(r.id);
    if (old) this.forgetKey(old);
    this.byId.set(r.id, r);
    const key = uniqueKeyOf(r);
    if (key !== undefined) this.byKey.set(key, r);
    let k = this.byKind.get(r.kind);
    if (!k) this.byKind.set(r.kind, (k = new Map()));
    k.set(r.id, r);
    if (r.parentId !== undefined) {
      let p = this.byParent.get(r.parentId);
      if (!p) this.byParent.set(r.parentId, (p = new Map()));
      p.set(r.id, r);
    }
  }

  private remove(id: string): void {
    const r = this.byId.get(id);
    if (!r) return;
    this.byId.delete(id);
    this.byKind.get(r.kind)?.delete(id);
    if (r.parentId !== undefined) this.byParent.get(r.parentId)?.delete(id);
    this.forgetKey(r);
  }

  private forgetKey(r: Resource): void {
    const key = uniqueKeyOf(r);
    if (key !== undefined && this.byKey.get(key)?.id === r.id) this.byKey.delete(key);
  }
}
