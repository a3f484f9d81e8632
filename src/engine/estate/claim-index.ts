/**
 * "Which record names this key": subnet → its NACL, VPC → its default NACL, subnet → its route table, address → its
 * interface. A snapshot may be inconsistent (two ACLs claiming one subnet, one address on two interfaces in
 * overlapping VPCs); the answer is then the claimant first in snapshot order (docs/semantics.md, chosen), which stays
 * the same however the claims arrived. Claims are added and withdrawn in O(1); a key with one claimant (the normal
 * case) costs one map entry and no extra object.
 */
export class ClaimIndex<K> {
  /** key → the single claimant, or claimant → number of claims when several claim it. */
  private readonly claims = new Map<K, string | Map<string, number>>();

  constructor(private readonly orderOf: (ownerId: string) => number) {}

  claim(key: K, ownerId: string): void {
    const current = this.claims.get(key);
    if (current === undefined) {
      this.claims.set(key, ownerId);
    } else if (typeof current === 'string') {
      const owners = new Map<string, number>([[current, 1]]);
      owners.set(ownerId, (owners.get(ownerId) ?? 0) + 1);
      this.claims.set(key, owners);
    } else {
      current.set(ownerId, (current.get(ownerId) ?? 0) + 1);
    }
  }

  release(key: K, ownerId: string): void {
    const current = this.claims.get(key);
    if (current === undefined) return;
    if (typeof current === 'string') {
      if (current === ownerId) this.claims.delete(key);
      return;
    }
    const n = current.get(ownerId);
    if (n === undefined) return;
    if (n > 1) current.set(ownerId, n - 1);
    else current.delete(ownerId);
    if (current.size === 1 && current.values().next().value === 1) this.claims.set(key, current.keys().next().value!);
  }

  resolve(key: K): string | undefined {
    const current = this.claims.get(key);
    if (current === undefined || typeof current === 'string') return current;
    let best: string | undefined;
    let bestOrder = Infinity;
    for (const owner of current.keys()) {
      const order = this.orderOf(owner);
      if (best === undefined || order < bestOrder) {
        bestOrder = order;
        best = owner;
      }
    }
    return best;
  }
}
