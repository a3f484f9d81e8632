/**
 * Interface records as EC2's `NetworkInterface` (DescribeNetworkInterfaces) and `InstanceNetworkInterface`
 * (inside instances) shapes, after the CLI-EX outputs: `Groups` with names, empty `Ipv6Addresses`, every private
 * address with its DNS name and, when mapped, its public address (`Association`, IpOwnerId `amazon` for Amazon's pool,
 * the account for an Elastic IP), `TagSet` always written on the interface shape.
 */
import type { GroupIdentifier, InstanceNetworkInterface, NetworkInterface, NetworkInterfaceAssociation } from '../../api/ec2/types.ts';
import type { SecurityGroupRecord } from '../security-groups/records.ts';
import type { ResourceView } from '../state/resource.ts';
import { defaultVpcOf } from '../vpcs/lookup.ts';
import { connectionTrackingToWire } from './connection-tracking.ts';
import { privateDnsName, publicDnsName } from './dns-names.ts';
import { primaryAddress, type NetworkInterfaceRecord, type PublicAddressRecord } from './records.ts';

export interface WireContext {
  readonly view: ResourceView;
  readonly ownerId: string;
  readonly region: string;
}

export function groupIdentifiers(view: ResourceView, groupIds: readonly string[]): GroupIdentifier[] {
  return groupIds.map((id) => ({ GroupId: id, GroupName: view.getOf<SecurityGroupRecord>('security-group', id)?.groupName }));
}

const hasDnsHostnames = (ctx: WireContext, vpcId: string): boolean => defaultVpcOf(ctx.view)?.id === vpcId;

export function associationToWire(ctx: WireContext, eni: NetworkInterfaceRecord, a: PublicAddressRecord): NetworkInterfaceAssociation {
  return {
    ...(a.allocationId ? { AllocationId: a.allocationId, AssociationId: a.associationId } : {}),
    IpOwnerId: a.allocationId ? ctx.ownerId : 'amazon',
    PublicDnsName: publicDnsName(a.publicIp, ctx.region, hasDnsHostnames(ctx, eni.vpcId)),
    PublicIp: a.publicIp,
  };
}

/** Status as EC2 reports it: `in-use` when attached, else `available` (CreateNetworkInterface answers `pending`). */
export const interfaceStatus = (eni: NetworkInterfaceRecord): 'in-use' | 'available' => (eni.attachment ? 'in-use' : 'available');

export function networkInterfaceToWire(ctx: WireContext, eni: NetworkInterfaceRecord): NetworkInterface {
  const primary = primaryAddress(eni);
  return {
    ...(primary.association ? { Association: associationToWire(ctx, eni, primary.association) } : {}),
    ...(eni.attachment
      ? {
          Attachment: {
            AttachTime: new Date(eni.attachment.attachTime),
            AttachmentId: eni.attachment.attachmentId,
            DeleteOnTermination: eni.attachment.deleteOnTermination,
            DeviceIndex: eni.attachment.deviceIndex,
            NetworkCardIndex: 0,
            InstanceId: eni.attachment.instanceId,
            InstanceOwnerId: ctx.ownerId,
            Status: 'attached',
          },
        }
      : {}),
    AvailabilityZone: eni.availabilityZone,
    AvailabilityZoneId: eni.availabilityZoneId,
    ConnectionTrackingConfiguration: connectionTrackingToWire(eni.connectionTracking),
    Description: eni.description,
    Groups: groupIdentifiers(ctx.view, eni.groupIds),
    InterfaceType: eni.interfaceType as NetworkInterface['InterfaceType'],
    Ipv6Addresses: [],
    MacAddress: eni.macAddress,
    NetworkInterfaceId: eni.id,
    OwnerId: ctx.ownerId,
    PrivateDnsName: privateDnsName(primary.address, ctx.region),
    PrivateIpAddress: primary.address,
    PrivateIpAddresses: eni.privateAddresses.map((a) => ({
      ...(a.association ? { Association: associationToWire(ctx, eni, a.association) } : {}),
      Primary: a.primary,
      PrivateDnsName: privateDnsName(a.address, ctx.region),
      PrivateIpAddress: a.address,
    })),
    RequesterManaged: false,
    SourceDestCheck: eni.sourceDestCheck,
    Status: interfaceStatus(eni),
    SubnetId: eni.parentId,
    TagSet: (eni.tags ?? []).map((t) => ({ Key: t.key, Value: t.value })),
    VpcId: eni.vpcId,
  };
}

export function instanceNetworkInterfaceToWire(ctx: WireContext, eni: NetworkInterfaceRecord, attaching = false): InstanceNetworkInterface {
  const wire = networkInterfaceToWire(ctx, eni);
  const association = (a: NetworkInterfaceAssociation | undefined) => a && { IpOwnerId: a.IpOwnerId, PublicDnsName: a.PublicDnsName, PublicIp: a.PublicIp };
  return {
    ...(wire.Association ? { Association: association(wire.Association) } : {}),
    ...(eni.attachment
      ? {
          Attachment: {
            AttachTime: new Date(eni.attachment.attachTime),
            AttachmentId: eni.attachment.attachmentId,
            DeleteOnTermination: eni.attachment.deleteOnTermination,
            DeviceIndex: eni.attachment.deviceIndex,
            // RunInstances answers `attaching` (CLI-EX); describes show `attached`.
            Status: attaching ? 'attaching' : 'attached',
            NetworkCardIndex: 0,
          },
        }
      : {}),
    Description: wire.Description,
    Groups: wire.Groups,
    Ipv6Addresses: [],
    MacAddress: wire.MacAddress,
    NetworkInterfaceId: eni.id,
    OwnerId: ctx.ownerId,
    PrivateDnsName: wire.PrivateDnsName,
    PrivateIpAddress: wire.PrivateIpAddress,
    PrivateIpAddresses: wire.PrivateIpAddresses!.map((p) => ({ ...(p.Association ? { Association: association(p.Association) } : {}), Primary: p.Primary, PrivateDnsName: p.PrivateDnsName, PrivateIpAddress: p.PrivateIpAddress })),
    SourceDestCheck: eni.sourceDestCheck,
    Status: 'in-use',
    SubnetId: eni.parentId,
    VpcId: eni.vpcId,
    InterfaceType: eni.interfaceType,
    ConnectionTrackingConfiguration: wire.ConnectionTrackingConfiguration,
  };
}
