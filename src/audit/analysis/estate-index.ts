/**
 * Look-ups the checks share, built once per audit: groups, prefix lists, interfaces by group, subnets, the NACL
 * and route table of each subnet (explicit association, else the VPC's default NACL / main table; aws-semantics.md
 * §6.8, docs/semantics.md §2 and §4), and who references whom (group-references.ts).
 */
import type { NetworkAcl } from '../../core/model/network-acl.ts';
import type { NetworkInterface, PrefixList, RouteTable, Subnet, Vpc } from '../../core/model/network.ts';
import type { SecurityGroup, SecurityGroupRule } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { groupReferences, type GroupReferences } from './group-references.ts';

export interface EstateIndex {
  readonly groups: ReadonlyMap<string, SecurityGroup>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly interfacesByGroup: ReadonlyMap<string, readonly NetworkInterface[]>;
  /** Every group reference of every rule, with its target. */
  readonly references: GroupReferences;
  naclOfSubnet(subnetId: string): NetworkAcl | undefined;
  routeTableOfSubnet(subnetId: string): RouteTable | undefined;
  rulesOf(group: SecurityGroup): readonly SecurityGroupRule[];
}

export function indexEstate(snapshot: Snapshot): EstateIndex {
  const groups = new Map(snapshot.securityGroups.map((g) => [g.groupId, g]));
  const interfacesByGroup = new Map<string, NetworkInterface[]>();
  for (const eni of snapshot.networkInterfaces) {
    for (const g of new Set(eni.groupIds)) push(interfacesByGroup, g, eni);
  }
  const naclBySubnet = new Map<string, NetworkAcl>();
  const defaultNaclByVpc = new Map<string, NetworkAcl>();
  for (const acl of snapshot.networkAcls) {
    for (const a of acl.associations) naclBySubnet.set(a.subnetId, acl);
    if (acl.isDefault) defaultNaclByVpc.set(acl.vpcId, acl);
  }
  const tableBySubnet = new Map<string, RouteTable>();
  const mainTableByVpc = new Map<string, RouteTable>();
  for (const t of snapshot.routeTables) {
    for (const a of t.associations) {
      if (a.subnetId) tableBySubnet.set(a.subnetId, t);
      if (a.main) mainTableByVpc.set(t.vpcId, t);
    }
  }
  const subnets = new Map(snapshot.subnets.map((s) => [s.subnetId, s]));
  const vpcOfSubnet = (id: string) => subnets.get(id)?.vpcId;
  return {
    groups,
    prefixLists: new Map(snapshot.prefixLists.map((p) => [p.prefixListId, p])),
    vpcs: new Map(snapshot.vpcs.map((v) => [v.vpcId, v])),
    subnets,
    interfacesByGroup,
    references: groupReferences(snapshot.securityGroups),
    naclOfSubnet: (id) => naclBySubnet.get(id) ?? defaultNaclByVpc.get(vpcOfSubnet(id) ?? ''),
    routeTableOfSubnet: (id) => tableBySubnet.get(id) ?? mainTableByVpc.get(vpcOfSubnet(id) ?? ''),
    rulesOf: (g) => [...g.ingress, ...g.egress],
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
