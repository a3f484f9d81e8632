/**
 * The interfaces each launched instance gets (aws-semantics.md §3.16): without `NetworkInterface.N`, one new primary
 * interface in `SubnetId` — or, without one, the default subnet of the default VPC (in `Placement.AvailabilityZone`
 * if given; VPCIdNotSpecified when there is no default VPC) — with the instance-level groups (ids, or names in the
 * default VPC only) or the VPC's default group. With `NetworkInterface.N`, one per item: new ones with their own
 * subnet, groups and addresses, or existing available ones by id. A public IP from Amazon's pool goes to device 0
 * when AssociatePublicIpAddress says so or, unsaid, when the subnet maps public IPs on launch — only for a single new
 * interface (M: "only for eth0 … only for a new ENI … only one ENI in the request").
 */
import type { InstanceNetworkInterfaceSpecification } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Quotas } from '../../core/quotas.ts';
import { addressRequestOf, refuseUnmodelledAddressing, type AddressRequest } from '../network-interfaces/address-request.ts';
import { connectionTrackingFrom } from '../network-interfaces/connection-tracking.ts';
import { interfaceGroupIds } from '../network-interfaces/interface-groups.ts';
import { requireNetworkInterface } from '../network-interfaces/lookup.ts';
import type { ConnectionTrackingRecord, NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import { requireGroupByNameInDefaultVpc } from '../security-groups/lookup.ts';
import type { ResourceView } from '../state/resource.ts';
import { defaultVpcOf, requireSubnet } from '../vpcs/lookup.ts';
import type { SubnetRecord } from '../vpcs/records.ts';
import type { LaunchSpec } from './launch-spec.ts';

export interface NewInterfacePlan {
  readonly kind: 'new';
  readonly deviceIndex: number;
  readonly subnet: SubnetRecord;
  readonly groupIds: readonly string[];
  readonly addresses: AddressRequest;
  readonly description?: string;
  readonly deleteOnTermination: boolean;
  readonly connectionTracking?: ConnectionTrackingRecord;
  readonly interfaceType?: string;
  readonly publicIp: boolean;
}

export interface ExistingInterfacePlan {
  readonly kind: 'existing';
  readonly deviceIndex: number;
  readonly eni: NetworkInterfaceRecord;
  readonly subnet: SubnetRecord;
  readonly deleteOnTermination: boolean;
}

export type InterfacePlan = NewInterfacePlan | ExistingInterfacePlan;

const combination = (message: string) => ec2Error('InvalidParameterCombination', message);

function defaultSubnet(view: ResourceView, zone: string | undefined): SubnetRecord {
  const vpc = defaultVpcOf(view);
  if (!vpc) throw ec2Error('VPCIdNotSpecified');
  const candidates = view
    .children<SubnetRecord>(vpc.id, 'subnet')
    .filter((s) => s.defaultForAz && (zone === undefined || s.availabilityZone === zone))
    .sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone));
  if (candidates.length === 0) {
    if (zone !== undefined) throw ec2Error('InvalidParameterValue', `Value (${zone}) for parameter availabilityZone is invalid. The default VPC has no default subnet there.`);
    throw ec2Error('VPCIdNotSpecified');
  }
  // EC2 picks a default subnet; Rampart the first zone's, so runs are reproducible.
  return candidates[0];
}

function groupsFor(view: ResourceView, subnet: SubnetRecord, quotas: Quotas, ids: readonly string[] | undefined, names: readonly string[] | undefined): string[] {
  const byName = (names ?? []).map((n) => requireGroupByNameInDefaultVpc(view, n).id);
  const all = [...(ids ?? []), ...byName];
  return interfaceGroupIds({ view, subnet, limit: quotas.securityGroupsPerInterface, tooMany: () => ec2Error('SecurityGroupsPerInstanceLimitExceeded') }, all);
}

function subnetFor(view: ResourceView, subnetId: string | undefined, zone: string | undefined): SubnetRecord {
  if (subnetId === undefined) return defaultSubnet(view, zone);
  const subnet = requireSubnet(view, subnetId);
  if (zone !== undefined && zone !== subnet.availabilityZone) {
    throw ec2Error('InvalidParameterValue', `Value (${zone}) for parameter availabilityZone is invalid. Subnet '${subnet.id}' is in the availability zone ${subnet.availabilityZone}`);
  }
  return subnet;
}

function planFromItem(view: ResourceView, spec: LaunchSpec, quotas: Quotas, ni: InstanceNetworkInterfaceSpecification, single: boolean, primarySubnet: SubnetRecord | undefined): InterfacePlan {
  const deviceIndex = ni.DeviceIndex!;
  if ((ni.NetworkCardIndex ?? 0) !== 0) throw ec2Error('InvalidParameterValue', 'Rampart models network card index 0 only.');
  if (ni.AssociatePublicIpAddress === true) {
    if (deviceIndex !== 0) throw combination('The associatePublicIPAddress parameter can only be specified for the network interface with DeviceIndex 0.');
    if (!single) throw combination('The associatePublicIPAddress parameter cannot be specified when launching with multiple network interfaces.');
    if (ni.NetworkInterfaceId !== undefined) throw combination('The associatePublicIPAddress parameter cannot be specified for a network interface with an ID.');
  }
  if (ni.NetworkInterfaceId !== undefined) {
    const own = [ni.SubnetId, ni.Groups?.length ? ni.Groups : undefined, ni.PrivateIpAddress, ni.PrivateIpAddresses?.length ? 1 : undefined, ni.SecondaryPrivateIpAddressCount, ni.Description, ni.ConnectionTrackingSpecification];
    // Wording UNCONFIRMED: an existing interface brings its own subnet, groups and addresses.
    if (own.some((v) => v !== undefined)) throw combination('A network interface ID may not be combined with subnet, groups, addresses, description or connection tracking for the same network interface.');
    if (ni.DeleteOnTermination === true) throw combination('DeleteOnTermination can be true only for a network interface created at launch.');
    const eni = requireNetworkInterface(view, ni.NetworkInterfaceId);
    if (eni.attachment) throw ec2Error('InvalidNetworkInterface.InUse', eni.id);
    return { kind: 'existing', deviceIndex, eni, subnet: requireSubnet(view, eni.parentId), deleteOnTermination: false };
  }
  const subnet = ni.SubnetId !== undefined || deviceIndex === 0 || !primarySubnet ? subnetFor(view, ni.SubnetId, spec.availabilityZone) : primarySubnet;
  return {
    kind: 'new',
    deviceIndex,
    subnet,
    groupIds: groupsFor(view, subnet, quotas, ni.Groups, undefined),
    addresses: addressRequestOf(ni),
    description: ni.Description,
    deleteOnTermination: ni.DeleteOnTermination ?? true,
    connectionTracking: connectionTrackingFrom(ni.ConnectionTrackingSpecification),
    interfaceType: ni.InterfaceType,
    publicIp: single && deviceIndex === 0 && (ni.AssociatePublicIpAddress ?? subnet.mapPublicIpOnLaunch),
  };
}

export function interfacePlans(view: ResourceView, spec: LaunchSpec, quotas: Quotas): InterfacePlan[] {
  if (!spec.networkInterfaces) {
    refuseUnmodelledAddressing({ Ipv6AddressCount: spec.ipv6AddressCount, Ipv6Addresses: spec.ipv6Addresses as never });
    const subnet = subnetFor(view, spec.subnetId, spec.availabilityZone);
    return [
      {
        kind: 'new',
        deviceIndex: 0,
        subnet,
        groupIds: groupsFor(view, subnet, quotas, spec.securityGroupIds, spec.securityGroupNames),
        addresses: { ...(spec.privateIpAddress !== undefined ? { primary: spec.privateIpAddress } : {}), secondaries: [], secondaryCount: 0 },
        deleteOnTermination: true,
        publicIp: subnet.mapPublicIpOnLaunch,
      },
    ];
  }
  const items = [...spec.networkInterfaces];
  const indexes = new Set<number>();
  for (const ni of items) {
    // Wording of the next three UNCONFIRMED.
    if (ni.DeviceIndex === undefined || !Number.isInteger(ni.DeviceIndex) || ni.DeviceIndex < 0) throw ec2Error('InvalidParameterValue', 'Each network interface requires a device index.');
    if (indexes.has(ni.DeviceIndex)) throw ec2Error('InvalidParameterValue', `More than one network interface has device index ${ni.DeviceIndex}.`);
    indexes.add(ni.DeviceIndex);
  }
  if (!indexes.has(0)) throw ec2Error('InvalidParameterValue', 'A network interface with device index 0 is required.');
  items.sort((a, b) => a.DeviceIndex! - b.DeviceIndex!);
  const single = items.length === 1;
  const plans: InterfacePlan[] = [];
  for (const ni of items) plans.push(planFromItem(view, spec, quotas, ni, single, plans[0]?.subnet));
  const zone = plans[0].subnet.availabilityZone;
  if (plans.some((p) => p.subnet.availabilityZone !== zone)) {
    throw combination('You may not attach a network interface to an instance if they are not in the same availability zone');
  }
  return plans;
}
