/**
 * The default VPC an account gets in a region the first time it uses that region (aws-semantics.md §3.13; issue 5 §4):
 * 172.31.0.0/16, one default /20 subnet per zone that maps public IPs on launch, an attached internet gateway with a
 * 0.0.0.0/0 route in the main route table, and the default group and ACL every VPC has.
 */
import { parseCidr } from '../../core/net/cidr.ts';
import { findRegion, zonesOf } from '../regions/catalogue.ts';
import { REGION_RECORD_ID, type RegionRecord } from '../regions/region-record.ts';
import { addSubnet } from '../subnets/add-subnet.ts';
import type { IdSource } from '../ids.ts';
import type { RegionTx } from '../state/region-tx.ts';
import type { InternetGatewayRecord, RouteTableRecord } from './records.ts';
import { createVpcWithDefaults } from './vpc-lifecycle.ts';

export const DEFAULT_VPC_CIDR = '172.31.0.0/16';

export function createRegionDefaults(tx: RegionTx, ids: IdSource): void {
  const vpc = createVpcWithDefaults(tx, ids, { cidr: parseCidr(DEFAULT_VPC_CIDR)!, isDefault: true, instanceTenancy: 'default' });
  const igw = tx.put<InternetGatewayRecord>({ kind: 'internet-gateway', id: ids.newId('igw'), attachedVpcIds: [vpc.id] });
  const main = tx.children<RouteTableRecord>(vpc.id, 'route-table')[0];
  tx.put<RouteTableRecord>({
    ...main,
    routes: [...main.routes, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id, origin: 'CreateRoute' }],
  });
  const region = findRegion(tx.region);
  zonesOf(region!).forEach((zone, i) => {
    // AWS numbers default subnets 172.31.0.0/20, 172.31.16.0/20, 172.31.32.0/20, … one per zone.
    addSubnet(tx, ids, vpc, { cidr: parseCidr(`172.31.${i * 16}.0/20`)!, zone, mapPublicIpOnLaunch: true, defaultForAz: true });
  });
  tx.put<RegionRecord>({ kind: 'region', id: REGION_RECORD_ID, defaultVpcId: vpc.id });
}
