/**
 * The part of a snapshot one router's table depends on, indexed by id, with the reverse indexes the incremental
 * compiler needs to find what a change touches (which interfaces carry a group, which interfaces sit in a
 * subnet). Immutable: `withChanges` returns a new model that shares every untouched map and set with the old one
 * (copy on write), so the previous compiled state stays valid.
 *
 * Collections keep the snapshot's order; a changed object keeps its place and a new one goes last. Order matters
 * only where the snapshot is ambiguous (two ACLs associated with one subnet: the first wins, docs/semantics.md §1).
 */
import type { NetworkAcl } from '../../core/model/network-acl.ts';
import type { InternetGateway, NetworkInterface, PrefixList, RouteTable } from '../../core/model/network.ts';
import type { SecurityGroup } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import type { GatewayMode } from './base-chains.ts';
import type { ModelChange } from './model-changes.ts';
import { interfaceLinkName } from './nft-names.ts';

export interface RouterScope {
  readonly vpcId: string;
  /** `inet` table name; must start with `rampart-`. */
  readonly table: string;
}

export interface RouterModel {
  readonly scope: RouterScope;
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  /** This VPC's interfaces. */
  readonly interfaces: ReadonlyMap<string, NetworkInterface>;
  /** Other VPCs' interfaces: their IPv6 addresses are not reachable from here (no peering). */
  readonly foreignInterfaces: ReadonlyMap<string, NetworkInterface>;
  readonly networkAcls: ReadonlyMap<string, NetworkAcl>;
  readonly routeTables: ReadonlyMap<string, RouteTable>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  readonly internetGateways: ReadonlyMap<string, InternetGateway>;
  /** Group id → this VPC's interfaces carrying it (whether or not the group exists). */
  readonly carriers: ReadonlyMap<string, ReadonlySet<string>>;
  /** The same, only interfaces with an IPv4 (IPv6) address: a reference to a group without one matches nothing. */
  readonly carriers4: ReadonlyMap<string, ReadonlySet<string>>;
  readonly carriers6: ReadonlyMap<string, ReadonlySet<string>>;
  /** Subnet id → this VPC's interfaces in it. */
  readonly subnetInterfaces: ReadonlyMap<string, ReadonlySet<string>>;
  /** Link name → interface id, to catch the (≈ 3.5e12 to 1) hash collision of two link names. */
  readonly links: ReadonlyMap<string, string>;
}

export class LinkNameCollisionError extends Error {}

const byId = <T>(items: readonly T[], id: (t: T) => string): Map<string, T> => new Map(items.map((i) => [id(i), i]));

export function modelFromSnapshot(snapshot: Snapshot, scope: RouterScope): RouterModel {
  if (!scope.table.startsWith('rampart-')) throw new Error(`table name ${scope.table} must start with rampart-`);
  const local = snapshot.networkInterfaces.filter((n) => n.vpcId === scope.vpcId);
  const model: RouterModel = {
    scope,
    securityGroups: byId(snapshot.securityGroups, (g) => g.groupId),
    interfaces: new Map(),
    foreignInterfaces: byId(
      snapshot.networkInterfaces.filter((n) => n.vpcId !== scope.vpcId),
      (n) => n.networkInterfaceId,
    ),
    networkAcls: byId(snapshot.networkAcls, (a) => a.networkAclId),
    routeTables: byId(snapshot.routeTables, (t) => t.routeTableId),
    prefixLists: byId(snapshot.prefixLists, (p) => p.prefixListId),
    internetGateways: byId(snapshot.internetGateways, (g) => g.internetGatewayId),
    carriers: new Map(),
    carriers4: new Map(),
    carriers6: new Map(),
    subnetInterfaces: new Map(),
    links: new Map(),
  };
  const writable = new CopyOnWrite(model);
  for (const n of local) writable.putLocalInterface(n);
  return writable.result();
}

/** A new model with the changes applied; the old model is not modified. */
export function withChanges(model: RouterModel, changes: readonly ModelChange[]): RouterModel {
  const writable = new CopyOnWrite(model);
  for (const c of changes) writable.apply(c);
  return writable.result();
}

export function gatewayModeOf(model: RouterModel): GatewayMode {
  // A snapshot without any route table or gateway says nothing about routing: the route stage is open (§2).
  if (model.routeTables.size === 0 && model.internetGateways.size === 0) return 'unrouted';
  for (const g of model.internetGateways.values()) if (g.attachedVpcIds.includes(model.scope.vpcId)) return 'routed';
  return 'none';
}

export function attachedGatewayIds(model: RouterModel): Set<string> {
  return new Set([...model.internetGateways.values()].filter((g) => g.attachedVpcIds.includes(model.scope.vpcId)).map((g) => g.internetGatewayId));
}

/** Copies each map or set of the model the first time a change writes to it. */
class CopyOnWrite {
  private readonly copied = new Set<object>();
  private m: { -readonly [K in keyof RouterModel]: RouterModel[K] };

  constructor(model: RouterModel) {
    this.m = { ...model };
  }

  result(): RouterModel {
    return this.m;
  }

  apply(c: ModelChange): void {
    switch (c.kind) {
      case 'securityGroup':
        return this.put('securityGroups', c.id, c.after);
      case 'networkAcl':
        return this.put('networkAcls', c.id, c.after);
      case 'routeTable':
        return this.put('routeTables', c.id, c.after);
      case 'prefixList':
        return this.put('prefixLists', c.id, c.after);
      case 'internetGateway':
        return this.put('internetGateways', c.id, c.after);
      case 'networkInterface': {
        const before = this.m.interfaces.get(c.id);
        if (before) this.removeLocalInterface(before);
        this.put('foreignInterfaces', c.id, undefined);
        if (c.after?.vpcId === this.m.scope.vpcId) this.putLocalInterface(c.after);
        else if (c.after) this.put('foreignInterfaces', c.id, c.after);
      }
    }
  }

  putLocalInterface(n: NetworkInterface): void {
    const link = interfaceLinkName(n.networkInterfaceId);
    const owner = this.m.links.get(link);
    if (owner !== undefined && owner !== n.networkInterfaceId) throw new LinkNameCollisionError(`link name ${link} collides for ${owner} and ${n.networkInterfaceId}`);
    this.put('interfaces', n.networkInterfaceId, n);
    this.put('links', link, n.networkInterfaceId);
    for (const g of n.groupIds) {
      this.addToIndex('carriers', g, n.networkInterfaceId);
      if (n.privateIps.length > 0) this.addToIndex('carriers4', g, n.networkInterfaceId);
      if (n.ipv6Addresses.length > 0) this.addToIndex('carriers6', g, n.networkInterfaceId);
    }
    this.addToIndex('subnetInterfaces', n.subnetId, n.networkInterfaceId);
  }

  private removeLocalInterface(n: NetworkInterface): void {
    this.put('interfaces', n.networkInterfaceId, undefined);
    this.put('links', interfaceLinkName(n.networkInterfaceId), undefined);
    for (const g of n.groupIds) for (const index of INDEXES_BY_GROUP) this.removeFromIndex(index, g, n.networkInterfaceId);
    this.removeFromIndex('subnetInterfaces', n.subnetId, n.networkInterfaceId);
  }

  private writableMap<K extends MapKeys>(key: K): Map<string, MapValue<K>> {
    const current = this.m[key] as ReadonlyMap<string, MapValue<K>>;
    if (this.copied.has(current)) return current as Map<string, MapValue<K>>;
    const copy = new Map(current);
    this.copied.add(copy);
    (this.m as Record<K, unknown>)[key] = copy;
    return copy;
  }

  private put<K extends MapKeys>(key: K, id: string, value: MapValue<K> | undefined): void {
    const current = this.m[key] as ReadonlyMap<string, MapValue<K>>;
    if (value === undefined) {
      if (current.has(id)) this.writableMap(key).delete(id);
    } else this.writableMap(key).set(id, value);
  }

  private addToIndex(key: IndexKey, id: string, member: string): void {
    const map = this.writableMap(key) as Map<string, ReadonlySet<string>>;
    const set = map.get(id);
    if (set && this.copied.has(set)) return void (set as Set<string>).add(member);
    const copy = new Set(set ?? []).add(member);
    this.copied.add(copy);
    map.set(id, copy);
  }

  private removeFromIndex(key: IndexKey, id: string, member: string): void {
    const set = this.m[key].get(id);
    if (!set?.has(member)) return;
    const map = this.writableMap(key) as Map<string, ReadonlySet<string>>;
    if (set.size === 1) return void map.delete(id);
    const copy = this.copied.has(set) ? (set as Set<string>) : new Set(set);
    this.copied.add(copy);
    copy.delete(member);
    map.set(id, copy);
  }
}

type IndexKey = 'carriers' | 'carriers4' | 'carriers6' | 'subnetInterfaces';
const INDEXES_BY_GROUP = ['carriers', 'carriers4', 'carriers6'] as const;

type MapKeys = { [K in keyof RouterModel]: RouterModel[K] extends ReadonlyMap<string, unknown> ? K : never }[keyof RouterModel];
type MapValue<K extends MapKeys> = RouterModel[K] extends ReadonlyMap<string, infer V> ? V : never;
