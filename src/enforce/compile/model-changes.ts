/**
 * A change to the model, as the control plane makes them: one object created, replaced or deleted. The control
 * plane can hand these over directly; `changesBetween` derives them from a new snapshot. With snapshots that
 * share unchanged objects (as an immutable store produces them), that costs one pointer comparison per object;
 * objects that are new copies are compared by value.
 *
 * Only the kinds a router's table depends on are here: VPCs, subnets and instances shape the lab's topology
 * (lab-plan.ts), not the ruleset.
 */
import type { NetworkAcl } from '../../core/model/network-acl.ts';
import type { InternetGateway, NetworkInterface, PrefixList, RouteTable } from '../../core/model/network.ts';
import type { SecurityGroup } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import type { RouterModel } from './router-model.ts';

/** `after` undefined = deleted. */
export type ModelChange =
  | { readonly kind: 'securityGroup'; readonly id: string; readonly after?: SecurityGroup }
  | { readonly kind: 'networkInterface'; readonly id: string; readonly after?: NetworkInterface }
  | { readonly kind: 'networkAcl'; readonly id: string; readonly after?: NetworkAcl }
  | { readonly kind: 'routeTable'; readonly id: string; readonly after?: RouteTable }
  | { readonly kind: 'prefixList'; readonly id: string; readonly after?: PrefixList }
  | { readonly kind: 'internetGateway'; readonly id: string; readonly after?: InternetGateway };

const sameValue = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

function diffCollection<K extends ModelChange['kind'], T>(
  kind: K,
  before: ReadonlyMap<string, T>,
  after: readonly T[],
  id: (t: T) => string,
  out: ModelChange[],
  beforeAlso?: ReadonlyMap<string, T>,
): void {
  const seen = new Set<string>();
  for (const item of after) {
    const key = id(item);
    seen.add(key);
    const old = before.get(key) ?? beforeAlso?.get(key);
    if (old === undefined || !sameValue(old, item)) out.push({ kind, id: key, after: item } as ModelChange);
  }
  for (const key of before.keys()) if (!seen.has(key)) out.push({ kind, id: key } as ModelChange);
  if (beforeAlso) for (const key of beforeAlso.keys()) if (!seen.has(key)) out.push({ kind, id: key } as ModelChange);
}

/** The changes that turn `model` into the model of `next` (same scope). */
export function changesBetween(model: RouterModel, next: Snapshot): ModelChange[] {
  const out: ModelChange[] = [];
  diffCollection('securityGroup', model.securityGroups, next.securityGroups, (g) => g.groupId, out);
  diffCollection('networkInterface', model.interfaces, next.networkInterfaces, (n) => n.networkInterfaceId, out, model.foreignInterfaces);
  diffCollection('networkAcl', model.networkAcls, next.networkAcls, (a) => a.networkAclId, out);
  diffCollection('routeTable', model.routeTables, next.routeTables, (t) => t.routeTableId, out);
  diffCollection('prefixList', model.prefixLists, next.prefixLists, (p) => p.prefixListId, out);
  diffCollection('internetGateway', model.internetGateways, next.internetGateways, (g) => g.internetGatewayId, out);
  return out;
}
