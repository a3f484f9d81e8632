/**
 * describe-route-tables → RouteTable: routes (destination CIDR, IPv6 CIDR or prefix list; target `local`, an
 * internet gateway, or anything else by id; `blackhole` routes inactive) and associations (subnet or main).
 */
import type { Route, RouteTable, RouteTableAssociation, RouteTarget } from '../model/network.ts';
import type { DescribeItem } from './describe-item.ts';
import { optionalCidr } from './address-fields.ts';
import { readTags } from './tags.ts';

/** Route target keys other than GatewayId, in the order the model lists them. */
const OTHER_TARGET_KEYS = [
  'NatGatewayId',
  'TransitGatewayId',
  'VpcPeeringConnectionId',
  'NetworkInterfaceId',
  'InstanceId',
  'EgressOnlyInternetGatewayId',
  'LocalGatewayId',
  'CarrierGatewayId',
  'CoreNetworkArn',
  'OdbNetworkArn',
];

export function readRouteTable(raw: DescribeItem): RouteTable {
  const routeTableId = raw.requiredString('RouteTableId');
  const item = raw.named(routeTableId);
  const associations: RouteTableAssociation[] = [];
  for (const a of item.list('Associations')) {
    const state = a.child('AssociationState')?.optionalString('State') ?? 'associated';
    if (state === 'disassociated' || state === 'disassociating' || state === 'failed') continue;
    associations.push({
      associationId: a.optionalString('RouteTableAssociationId') ?? '',
      subnetId: a.optionalString('SubnetId'),
      main: a.optionalBoolean('Main') ?? false,
    });
  }
  return {
    routeTableId,
    vpcId: item.requiredString('VpcId'),
    routes: item.list('Routes').map(readRoute),
    associations,
    tags: readTags(item),
  };
}

function readRoute(item: DescribeItem): Route {
  const prefixListId = item.optionalString('DestinationPrefixListId');
  const destination =
    optionalCidr(item, 'DestinationCidrBlock', 4) ?? optionalCidr(item, 'DestinationIpv6CidrBlock', 6) ?? (prefixListId ? { prefixListId } : undefined);
  if (!destination) {
    throw item.fail('MissingParameter', 'a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId');
  }
  return { destination, target: readTarget(item), active: (item.optionalString('State') ?? 'active') !== 'blackhole' };
}

function readTarget(item: DescribeItem): RouteTarget {
  const gateway = item.optionalString('GatewayId');
  if (gateway === 'local') return { kind: 'local' };
  if (gateway?.startsWith('igw-')) return { kind: 'internet-gateway', id: gateway };
  if (gateway) return { kind: 'other', id: gateway }; // vgw-, vpce-, …
  for (const key of OTHER_TARGET_KEYS) {
    const id = item.optionalString(key);
    if (id) return { kind: 'other', id };
  }
  // A blackhole route to a deleted target may name nothing at all.
  return { kind: 'other', id: 'unknown' };
}
