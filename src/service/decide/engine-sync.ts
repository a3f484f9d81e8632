/**
 * Keeps an account+region's engine in step with a committed change set, through the engine's incremental updates:
 * only what the transaction touched is recompiled. Called synchronously right after the change set reached memory,
 * so no decision can run between the two (one event-loop turn): the engine never shows half a change.
 */
import type { Engine } from '../../engine/index.ts';
import type { NetworkAclRecord } from '../network-acls/records.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { PrefixListRecord } from '../prefix-lists/records.ts';
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from '../security-groups/records.ts';
import type { Resource, ResourceView } from '../state/resource.ts';
import type { InternetGatewayRecord, RouteTableRecord, SubnetRecord, VpcRecord } from '../vpcs/records.ts';
import { internetGatewayModel, networkAclModel, networkInterfaceModel, prefixListModel, routeTableModel, securityGroupModel, subnetModel, vpcModel } from './build-snapshot.ts';

/** `puts` as committed; `deleted` the records as they were before their deletion. */
export function applyToEngine(engine: Engine, view: ResourceView, ownerId: string, puts: readonly Resource[], deleted: readonly Resource[]): void {
  const groups = new Set<string>();
  const removedGroups = new Set<string>();
  // Prefix lists first: rules that reference a list must find it.
  for (const r of puts) if (r.kind === 'prefix-list') engine.upsertPrefixList(prefixListModel(r as PrefixListRecord, ownerId));
  for (const r of puts) {
    switch (r.kind) {
      case 'vpc':
        engine.upsertVpc(vpcModel(r as VpcRecord, ownerId));
        break;
      case 'subnet':
        engine.upsertSubnet(subnetModel(r as SubnetRecord));
        break;
      case 'security-group':
        groups.add(r.id);
        break;
      case 'security-group-rule':
        groups.add((r as SecurityGroupRuleRecord).parentId);
        break;
      case 'network-acl':
        engine.upsertNetworkAcl(networkAclModel(r as NetworkAclRecord, ownerId));
        break;
      case 'route-table':
        engine.upsertRouteTable(routeTableModel(r as RouteTableRecord));
        break;
      case 'internet-gateway':
        engine.upsertInternetGateway(internetGatewayModel(r as InternetGatewayRecord));
        break;
    }
  }
  // Interfaces go before their groups and subnets do, and come after them (below); an Elastic IP change rewrites the
  // interface record too (elastic-ips/associations.ts), so interfaces are all the engine needs of addresses.
  // Instances do not reach the incremental engine (it has no update for them and decides by interface): a rebuild
  // takes them from the snapshot.
  for (const r of deleted) if (r.kind === 'network-interface') engine.removeInterface(r.id);
  for (const r of deleted) {
    if (r.kind === 'security-group') removedGroups.add(r.id);
    else if (r.kind === 'security-group-rule') groups.add((r as SecurityGroupRuleRecord).parentId);
  }
  for (const id of groups) {
    const g = view.getOf<SecurityGroupRecord>('security-group', id);
    if (g) engine.upsertSecurityGroup(securityGroupModel(view, g, ownerId));
  }
  for (const r of puts) if (r.kind === 'network-interface') engine.upsertInterface(networkInterfaceModel(r as NetworkInterfaceRecord, ownerId));
  for (const id of removedGroups) engine.removeSecurityGroup(id);
  for (const r of deleted) {
    switch (r.kind) {
      case 'network-acl':
        engine.removeNetworkAcl(r.id);
        break;
      case 'route-table':
        engine.removeRouteTable(r.id);
        break;
      case 'internet-gateway':
        engine.removeInternetGateway(r.id);
        break;
      case 'subnet':
        engine.removeSubnet(r.id);
        break;
      case 'prefix-list':
        engine.removePrefixList(r.id);
        break;
    }
  }
  // VPCs last: everything inside them is gone by now.
  for (const r of deleted) if (r.kind === 'vpc') engine.removeVpc(r.id);
}
