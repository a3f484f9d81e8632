/**
 * describe-instances → Instance, plus the network interfaces each instance carries. Interfaces are ordered by
 * `Attachment.DeviceIndex`, so the primary interface (device 0) comes first: an instance's address is its primary
 * interface's primary private address, and its groups are that interface's groups (aws-semantics.md §4.4).
 */
import type { Instance, NetworkInterface } from '../model/network.ts';
import type { DescribeItem } from './describe-item.ts';
import { readNetworkInterface } from './network-interfaces.ts';
import { readTags } from './tags.ts';

export interface InstanceWithInterfaces {
  readonly instance: Instance;
  readonly interfaces: readonly NetworkInterface[];
}

export function readInstanceReservation(reservation: DescribeItem): InstanceWithInterfaces[] {
  return reservation.list('Instances').map(readInstance);
}

function readInstance(raw: DescribeItem): InstanceWithInterfaces {
  const instanceId = raw.requiredString('InstanceId');
  const item = raw.named(instanceId);
  const subnetId = item.optionalString('SubnetId');
  const vpcId = item.optionalString('VpcId');
  const attached = item.list('NetworkInterfaces').map((ni, order) => ({
    deviceIndex: ni.child('Attachment')?.optionalInteger('DeviceIndex') ?? order,
    networkInterface: readNetworkInterface(ni, { instanceId, subnetId, vpcId }),
  }));
  attached.sort((a, b) => a.deviceIndex - b.deviceIndex);
  const interfaces = attached.map((a) => a.networkInterface);
  return {
    instance: {
      instanceId,
      subnetId,
      vpcId,
      state: item.child('State')?.optionalString('Name') ?? 'unknown',
      networkInterfaceIds: interfaces.map((i) => i.networkInterfaceId),
      tags: readTags(item),
    },
    interfaces,
  };
}
