/** Subnet records as EC2's `Subnet` shape. */
import type { Subnet } from '../../api/ec2/types.ts';
import { cidrSize, parseCidr } from '../../core/net/cidr.ts';
import { wireTags } from '../tags/tag-rules.ts';
import type { SubnetRecord } from '../vpcs/records.ts';

/** EC2 reserves five addresses in every subnet: network, router, DNS, future use, broadcast (aws-semantics.md §3.14). */
export const RESERVED_ADDRESSES_PER_SUBNET = 5;

export function subnetToWire(s: SubnetRecord, ownerId: string, region: string, addressesInUse = 0): Subnet {
  return {
    SubnetId: s.id,
    SubnetArn: `arn:aws:ec2:${region}:${ownerId}:subnet/${s.id}`,
    VpcId: s.parentId,
    OwnerId: ownerId,
    State: 'available',
    CidrBlock: s.cidrBlock,
    AvailableIpAddressCount: cidrSize(parseCidr(s.cidrBlock)!) - RESERVED_ADDRESSES_PER_SUBNET - addressesInUse,
    AvailabilityZone: s.availabilityZone,
    AvailabilityZoneId: s.availabilityZoneId,
    DefaultForAz: s.defaultForAz,
    MapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    MapCustomerOwnedIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Ipv6Native: false,
    EnableDns64: s.enableDns64 ?? false,
    PrivateDnsNameOptionsOnLaunch: {
      HostnameType: s.privateDnsHostnameTypeOnLaunch ?? 'ip-name',
      EnableResourceNameDnsARecord: s.enableResourceNameDnsARecordOnLaunch ?? false,
      EnableResourceNameDnsAAAARecord: false,
    },
    Tags: wireTags(s.tags),
  };
}
