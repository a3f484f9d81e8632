/** Finding VPCs and subnets named in a request, with EC2's Malformed / NotFound codes. */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import type { SubnetRecord, VpcRecord } from './records.ts';
import { REGION_RECORD_ID, type RegionRecord } from '../regions/region-record.ts';

export function requireVpc(view: ResourceView, vpcId: string): VpcRecord {
  requireWellFormedId('vpc', vpcId);
  const vpc = view.getOf<VpcRecord>('vpc', vpcId);
  if (!vpc) throw ec2Error('InvalidVpcID.NotFound', vpcId);
  return vpc;
}

export function requireSubnet(view: ResourceView, subnetId: string): SubnetRecord {
  requireWellFormedId('subnet', subnetId);
  const subnet = view.getOf<SubnetRecord>('subnet', subnetId);
  if (!subnet) throw ec2Error('InvalidSubnetID.NotFound', subnetId);
  return subnet;
}

/** The account+region's default VPC, if it has one (it can be deleted). */
export function defaultVpcOf(view: ResourceView): VpcRecord | undefined {
  const id = view.getOf<RegionRecord>('region', REGION_RECORD_ID)?.defaultVpcId;
  return id === undefined ? undefined : view.getOf<VpcRecord>('vpc', id);
}
