/**
 * The units a router's table is made of, each compiled on its own from the model (a pure function of the model
 * and the unit's key), and which units a change can touch. This is what makes a change cost what it changes:
 * one rule in one group recompiles that group, one interface's groups recompile that interface.
 *
 *   base          fixed chains and maps                        depends on the gateway mode
 *   group:<sg>    the group's chains and CIDR sets              the group, while some interface here carries it;
 *                                                               prefix lists it refers to; whether the groups it
 *                                                               refers to have IPv4 / IPv6 members here
 *   eni:<eni>     the interface's map and set elements, its     the interface; whether its groups exist, which
 *                 (shared) judging chain                        (family, protocol) they open in each direction,
 *                                                               and how costly each is to judge (their order in
 *                                                               the judging chain)
 *   foreign:<eni> another VPC's IPv6 addresses                  that interface
 *   prefix:<pl>   the prefix list's set elements                the list
 *   subnet:<sn>   boundary chains, NACL, route stage            the subnet, while it has interfaces here; ACLs,
 *                                                               route tables, gateways, prefix lists, gateway mode
 *
 * `unitsTouchedBy` must name every unit whose fragment a change can alter; compile.test.ts checks that after
 * random change sequences the incremental result equals a full compile.
 */
import type { Direction, SecurityGroup } from '../../core/model/security-group.ts';
import { formatIp } from '../../core/net/ip.ts';
import { cidrRange, formatRange, mergeRanges } from './address-ranges.ts';
import { compileBase } from './base-chains.ts';
import { FragmentBuilder, type Fragment } from './fragment.ts';
import { compileGroup, judgingCost, untrackableMask } from './group-chains.ts';
import { compileInterface } from './interface-dispatch.ts';
import type { ModelChange } from './model-changes.ts';
import { networkAclOfSubnet } from './network-acl.ts';
import { interfaceLinkName, names, TABLE_OBJECTS as T } from './nft-names.ts';
import { routeTableOfSubnet } from './route-stage.ts';
import { attachedGatewayIds, gatewayModeOf, type RouterModel } from './router-model.ts';
import { compileSubnet } from './subnet-chains.ts';

export type UnitKey = string;

export function allUnits(model: RouterModel): UnitKey[] {
  const keys: UnitKey[] = ['base'];
  for (const id of model.carriers.keys()) if (model.securityGroups.has(id)) keys.push(`group:${id}`);
  for (const id of model.interfaces.keys()) keys.push(`eni:${id}`);
  for (const id of model.foreignInterfaces.keys()) keys.push(`foreign:${id}`);
  for (const id of model.prefixLists.keys()) keys.push(`prefix:${id}`);
  for (const id of model.subnetInterfaces.keys()) keys.push(`subnet:${id}`);
  return keys;
}

/** The unit's fragment, or undefined when the unit does not exist in this model. */
export function compileUnit(model: RouterModel, key: UnitKey): Fragment | undefined {
  const at = key.indexOf(':');
  const kind = at < 0 ? key : key.slice(0, at);
  const id = key.slice(at + 1);
  switch (kind) {
    case 'base':
      return compileBase(gatewayModeOf(model));
    case 'group': {
      const group = model.securityGroups.get(id);
      if (!group || !model.carriers.has(id)) return undefined;
      return compileGroup(group, {
        prefixListFamily: (p) => model.prefixLists.get(p)?.addressFamily,
        hasMembers: (g, family) => (family === 4 ? model.carriers4 : model.carriers6).has(g),
      });
    }
    case 'eni': {
      const eni = model.interfaces.get(id);
      if (!eni) return undefined;
      const groups = eni.groupIds.map((g) => model.securityGroups.get(g)).filter((g): g is SecurityGroup => g !== undefined);
      const untrackable = { ingress: 0, egress: 0 };
      for (const g of groups) for (const d of DIRECTIONS) untrackable[d] |= factsOf(g).untrackable[d];
      const cheapestFirst = (d: Direction): string[] => groups.map((g, i) => ({ g, i, cost: factsOf(g).cost[d] })).sort((a, b) => a.cost - b.cost || a.i - b.i).map((x) => x.g.groupId);
      return compileInterface(eni, { link: interfaceLinkName(id), groupIds: { ingress: cheapestFirst('ingress'), egress: cheapestFirst('egress') }, untrackable });
    }
    case 'foreign': {
      const eni = model.foreignInterfaces.get(id);
      if (!eni) return undefined;
      const b = new FragmentBuilder();
      b.contribute(T.otherVpcIpv6, eni.ipv6Addresses.map(formatIp));
      return b.build();
    }
    case 'prefix': {
      const list = model.prefixLists.get(id);
      if (!list) return undefined;
      const b = new FragmentBuilder();
      const ranges = mergeRanges(list.entries.filter((e) => e.cidr.family === list.addressFamily).map((e) => cidrRange(e.cidr)));
      b.contribute(names.prefixList(id, list.addressFamily), ranges.map(formatRange));
      return b.build();
    }
    case 'subnet': {
      if (!model.subnetInterfaces.has(id)) return undefined;
      const vpcId = model.scope.vpcId;
      return compileSubnet(id, {
        mode: gatewayModeOf(model),
        networkAcl: networkAclOfSubnet(model.networkAcls.values(), id, vpcId),
        routeTable: routeTableOfSubnet(model.routeTables.values(), id, vpcId),
        attachedGatewayIds: attachedGatewayIds(model),
        prefixList: (p) => model.prefixLists.get(p),
      });
    }
  }
  throw new Error(`unknown unit ${key}`);
}

const DIRECTIONS = ['ingress', 'egress'] as const;

/** What an interface's unit needs to know about each of its groups. */
interface GroupFacts {
  readonly untrackable: Record<Direction, number>;
  readonly cost: Record<Direction, number>;
}

/** Per group object; groups are immutable, so the memo never goes stale. */
const facts = new WeakMap<SecurityGroup, GroupFacts>();
function factsOf(g: SecurityGroup): GroupFacts {
  let f = facts.get(g);
  if (!f) {
    f = { untrackable: { ingress: untrackableMask(g, 'ingress'), egress: untrackableMask(g, 'egress') }, cost: { ingress: judgingCost(g, 'ingress'), egress: judgingCost(g, 'egress') } };
    facts.set(g, f);
  }
  return f;
}

const sameFacts = (a: SecurityGroup | undefined, b: SecurityGroup | undefined): boolean => {
  if (!a || !b) return a === b;
  const x = factsOf(a);
  const y = factsOf(b);
  return DIRECTIONS.every((d) => x.untrackable[d] === y.untrackable[d] && x.cost[d] === y.cost[d]);
};

const refersToPrefixList = (g: SecurityGroup, id: string): boolean => [...g.ingress, ...g.egress].some((r) => r.peer.kind === 'prefix-list' && r.peer.prefixListId === id);
const refersToGroup = (g: SecurityGroup, ids: ReadonlySet<string>): boolean => [...g.ingress, ...g.egress].some((r) => r.peer.kind === 'group' && ids.has(r.peer.groupId));

/** Every unit whose fragment may differ between `before` and `after`, the models around `changes`. */
export function unitsTouchedBy(before: RouterModel, after: RouterModel, changes: readonly ModelChange[]): Set<UnitKey> {
  const touched = new Set<UnitKey>();
  let subnets = false;
  const flips = (m: 'carriers' | 'carriers4' | 'carriers6' | 'subnetInterfaces', id: string): boolean => before[m].has(id) !== after[m].has(id);
  for (const c of changes) {
    switch (c.kind) {
      case 'securityGroup': {
        touched.add(`group:${c.id}`);
        // Interfaces see a group only through its existence, its untrackable masks and its judging cost.
        if (!sameFacts(before.securityGroups.get(c.id), after.securityGroups.get(c.id))) {
          for (const eni of after.carriers.get(c.id) ?? []) touched.add(`eni:${eni}`);
        }
        break;
      }
      case 'networkInterface': {
        const old = before.interfaces.get(c.id);
        const now = after.interfaces.get(c.id);
        if (old || now) touched.add(`eni:${c.id}`);
        const emptied = new Set<string>();
        for (const g of [...(old?.groupIds ?? []), ...(now?.groupIds ?? [])]) {
          if (flips('carriers', g)) touched.add(`group:${g}`);
          if (flips('carriers4', g) || flips('carriers6', g)) emptied.add(g);
        }
        // A group that gains its first or loses its last member of a family changes the chains referring to it.
        if (emptied.size > 0) {
          for (const g of after.carriers.keys()) {
            const group = after.securityGroups.get(g);
            if (group && refersToGroup(group, emptied)) touched.add(`group:${g}`);
          }
        }
        for (const s of [old?.subnetId, now?.subnetId]) if (s !== undefined && flips('subnetInterfaces', s)) touched.add(`subnet:${s}`);
        if (before.foreignInterfaces.has(c.id) || after.foreignInterfaces.has(c.id)) touched.add(`foreign:${c.id}`);
        break;
      }
      case 'prefixList': {
        touched.add(`prefix:${c.id}`);
        for (const g of after.carriers.keys()) {
          const group = after.securityGroups.get(g);
          if (group && refersToPrefixList(group, c.id)) touched.add(`group:${g}`);
        }
        subnets = true; // routes can point at prefix lists
        break;
      }
      case 'networkAcl':
      case 'routeTable':
      case 'internetGateway':
        subnets = true;
    }
  }
  if (gatewayModeOf(before) !== gatewayModeOf(after)) {
    touched.add('base');
    subnets = true;
  }
  if (subnets) for (const s of new Set([...before.subnetInterfaces.keys(), ...after.subnetInterfaces.keys()])) touched.add(`subnet:${s}`);
  return touched;
}
