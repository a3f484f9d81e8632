/**
 * A snapshot with every list in id order (rules too), for comparing two engines' views of one estate: an engine kept
 * in step by incremental updates against one built afresh from the committed state.
 */
import type { Snapshot } from '../../src/core/model/snapshot.ts';

const byId = <T>(xs: readonly T[], id: (x: T) => string): T[] => [...xs].sort((a, b) => id(a).localeCompare(id(b)));

export function canonicalSnapshot(s: Snapshot): unknown {
  return {
    vpcs: byId(s.vpcs, (v) => v.vpcId),
    subnets: byId(s.subnets, (x) => x.subnetId),
    groups: byId(s.securityGroups, (g) => g.groupId).map((g) => ({ ...g, ingress: byId(g.ingress, (r) => r.ruleId), egress: byId(g.egress, (r) => r.ruleId) })),
    acls: byId(s.networkAcls, (a) => a.networkAclId),
    tables: byId(s.routeTables, (t) => t.routeTableId),
    gateways: byId(s.internetGateways, (g) => g.internetGatewayId),
    interfaces: byId(s.networkInterfaces, (e) => e.networkInterfaceId),
    prefixLists: byId(s.prefixLists, (p) => p.prefixListId),
  };
}
