/** DescribeSubnets with its filters and pagination. */
import type { DescribeSubnetsRequest, DescribeSubnetsResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters, type FilterTable } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import type { SubnetRecord } from '../vpcs/records.ts';
import { subnetToWire } from './to-wire.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { ResourceView } from '../state/resource.ts';

/** Private addresses interfaces hold in the subnet: AvailableIpAddressCount leaves them out (§3.14). */
const addressesInUse = (view: ResourceView, s: SubnetRecord): number =>
  view.children<NetworkInterfaceRecord>(s.id, 'network-interface').reduce((n, e) => n + e.privateAddresses.length, 0);

function subnetFilters(view: ResourceView, ownerId: string, region: string): FilterTable<SubnetRecord> {
  const count = (s: SubnetRecord): number | undefined => subnetToWire(s, ownerId, region, addressesInUse(view, s)).AvailableIpAddressCount;
  return {
    'availability-zone': (s) => s.availabilityZone,
    'availability-zone-id': (s) => s.availabilityZoneId,
    availabilityZone: (s) => s.availabilityZone,
    'available-ip-address-count': count,
    availableIpAddressCount: count,
    'cidr-block': (s) => s.cidrBlock,
    cidr: (s) => s.cidrBlock,
    cidrBlock: (s) => s.cidrBlock,
    'default-for-az': (s) => s.defaultForAz,
    defaultForAz: (s) => s.defaultForAz,
    'map-public-ip-on-launch': (s) => s.mapPublicIpOnLaunch,
    'owner-id': () => ownerId,
    state: () => 'available',
    'subnet-arn': (s) => `arn:aws:ec2:${region}:${ownerId}:subnet/${s.id}`,
    'subnet-id': (s) => s.id,
    'vpc-id': (s) => s.parentId,
  };
}

export function describeSubnets(input: DescribeSubnetsRequest, ctx: RequestContext): DescribeSubnetsResult {
  let subnets = ctx.view.list<SubnetRecord>('subnet');
  if (input.SubnetIds && input.SubnetIds.length > 0) {
    const wanted = new Set(input.SubnetIds);
    for (const id of wanted) if (!ctx.view.getOf<SubnetRecord>('subnet', id)) throw ec2Error('InvalidSubnetID.NotFound', id);
    subnets = subnets.filter((s) => wanted.has(s.id));
  }
  const filtered = applyFilters(subnets, input.Filters, subnetFilters(ctx.view, ctx.accountId, ctx.region));
  const page = paginate(filtered, (s) => s.id, input.MaxResults, input.NextToken);
  return { Subnets: page.items.map((s) => subnetToWire(s, ctx.accountId, ctx.region, addressesInUse(ctx.view, s))), NextToken: page.nextToken };
}
