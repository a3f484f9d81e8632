/**
 * DescribeNetworkInterfaces' filters (M), also used under `network-interface.` by DescribeInstances. Each accessor
 * gives all of an interface's values for the filter (all its private addresses, all its groups…).
 */
import type { FilterTable } from '../describe/filters.ts';
import type { SecurityGroupRecord } from '../security-groups/records.ts';
import type { ResourceView } from '../state/resource.ts';
import { privateDnsName } from './dns-names.ts';
import { primaryAddress, type NetworkInterfaceRecord } from './records.ts';
import { associationToWire, interfaceStatus } from './to-wire.ts';

export function networkInterfaceFilters(view: ResourceView, ownerId: string, region: string): FilterTable<NetworkInterfaceRecord> {
  const ctx = { view, ownerId, region };
  const groupName = (id: string): string | undefined => view.getOf<SecurityGroupRecord>('security-group', id)?.groupName;
  const primaryAssociation = (e: NetworkInterfaceRecord) => primaryAddress(e).association;
  return {
    'addresses.association.owner-id': (e) => e.privateAddresses.flatMap((a) => (a.association ? [associationToWire(ctx, e, a.association).IpOwnerId] : [])),
    'addresses.association.public-ip': (e) => e.privateAddresses.flatMap((a) => (a.association ? [a.association.publicIp] : [])),
    'addresses.primary': (e) => e.privateAddresses.map((a) => a.primary),
    'addresses.private-ip-address': (e) => e.privateAddresses.map((a) => a.address),
    'association.allocation-id': (e) => primaryAssociation(e)?.allocationId,
    'association.association-id': (e) => primaryAssociation(e)?.associationId,
    'association.ip-owner-id': (e) => {
      const a = primaryAssociation(e);
      return a ? associationToWire(ctx, e, a).IpOwnerId : undefined;
    },
    'association.public-ip': (e) => primaryAssociation(e)?.publicIp,
    'association.public-dns-name': (e) => {
      const a = primaryAssociation(e);
      return a ? associationToWire(ctx, e, a).PublicDnsName : undefined;
    },
    'attachment.attach-time': (e) => e.attachment?.attachTime,
    'attachment.attachment-id': (e) => e.attachment?.attachmentId,
    'attachment.delete-on-termination': (e) => e.attachment?.deleteOnTermination,
    'attachment.device-index': (e) => e.attachment?.deviceIndex,
    'attachment.instance-id': (e) => e.attachment?.instanceId,
    'attachment.instance-owner-id': (e) => (e.attachment ? ownerId : undefined),
    'attachment.network-card-index': (e) => (e.attachment ? 0 : undefined),
    'attachment.status': (e) => (e.attachment ? 'attached' : undefined),
    'availability-zone': (e) => e.availabilityZone,
    'availability-zone-id': (e) => e.availabilityZoneId,
    description: (e) => e.description,
    'group-id': (e) => e.groupIds,
    'group-name': (e) => e.groupIds.map(groupName),
    'interface-type': (e) => e.interfaceType,
    'ipv6-addresses.ipv6-address': () => [],
    'mac-address': (e) => e.macAddress,
    'network-interface-id': (e) => e.id,
    'owner-id': () => ownerId,
    'private-dns-name': (e) => privateDnsName(primaryAddress(e).address, region),
    'private-ip-address': (e) => e.privateAddresses.map((a) => a.address),
    'requester-managed': () => false,
    'source-dest-check': (e) => e.sourceDestCheck,
    status: interfaceStatus,
    'subnet-id': (e) => e.parentId,
    'vpc-id': (e) => e.vpcId,
  };
}
