/**
 * A resource as the control plane keeps it: a plain JSON-serialisable record with a kind, an id, an optional parent
 * (the VPC of a subnet, the group of a rule…) and its tags. Each service family defines its own record type on top
 * (src/service/<family>/records.ts); the store keeps them as opaque JSON.
 */
import type { Tag } from '../../core/model/tag.ts';

export interface Resource {
  readonly kind: string;
  readonly id: string;
  readonly parentId?: string;
  readonly tags?: readonly Tag[];
}

/** Read access to one account+region's resources: the committed state, or a transaction's view of it. */
export interface ResourceView {
  get(id: string): Resource | undefined;
  /** The resource with this id if it is of this kind. */
  getOf<R extends Resource>(kind: R['kind'], id: string): R | undefined;
  list<R extends Resource>(kind: R['kind']): R[];
  /** Resources whose parentId is `parentId`, optionally of one kind. */
  children<R extends Resource>(parentId: string, kind?: R['kind']): R[];
  count(kind: string): number;
  /** The resource whose unique key (unique-keys.ts) is `key`. */
  findByKey<R extends Resource>(key: string): R | undefined;
}
