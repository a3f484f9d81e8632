/** describe-subnets → Subnet. */
import type { Subnet } from '../model/network.ts';
import type { DescribeItem } from './describe-item.ts';
import { requiredCidr } from './address-fields.ts';
import { readTags } from './tags.ts';
import { readIpv6Associations } from './vpcs.ts';

export function readSubnet(raw: DescribeItem): Subnet {
  const subnetId = raw.requiredString('SubnetId');
  const item = raw.named(subnetId);
  if (!item.has('CidrBlock') && item.optionalBoolean('Ipv6Native')) {
    // The core model gives every subnet an IPv4 block; IPv6-only subnets are not modelled yet.
    throw item.fail('InvalidParameterValue', 'IPv6-only subnets (Ipv6Native) are not supported by Rampart snapshots yet');
  }
  return {
    subnetId,
    vpcId: item.requiredString('VpcId'),
    cidr: requiredCidr(item, 'CidrBlock', 4),
    ipv6Cidrs: readIpv6Associations(item, 'Ipv6CidrBlockAssociationSet'),
    availabilityZone: item.optionalString('AvailabilityZone'),
    mapPublicIpOnLaunch: item.optionalBoolean('MapPublicIpOnLaunch') ?? false,
    defaultForAz: item.optionalBoolean('DefaultForAz') ?? false,
    tags: readTags(item),
  };
}
