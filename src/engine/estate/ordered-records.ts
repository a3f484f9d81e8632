/**
 * Model records by id, in snapshot order. Each record gets an order number when first inserted and keeps it when
 * replaced (as `Map` keeps a replaced key's position), so `snapshot()` lists records in this order and "first in
 * snapshot order" means the same thing for an engine updated step by step and one built from its snapshot.
 */
export class OrderedRecords<T> {
  private readonly byId = new Map<string, { value: T; order: number }>();
  private nextOrder = 0;

  set(id: string, value: T): void {
    const existing = this.byId.get(id);
    if (existing) existing.value = value;
    else this.byId.set(id, { value, order: this.nextOrder++ });
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.value;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  delete(id: string): boolean {
    return this.byId.delete(id);
  }

  /** The record's position in snapshot order (larger = later), or Infinity when absent. */
  orderOf(id: string): number {
    return this.byId.get(id)?.order ?? Infinity;
  }

  get size(): number {
    return this.byId.size;
  }

  values(): T[] {
    return [...this.byId.values()].map((r) => r.value);
  }
}
