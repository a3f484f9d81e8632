/**
 * DescribeInstances' filters (M): the instance's own, `instance.group-*` on its groups (the primary interface's,
 * aws-semantics.md §4.4), and `network-interface.*` on any of its interfaces (the interface filters of
 * DescribeNetworkInterfaces under that prefix, plus group-name). Filters Rampart has nothing for (block devices,
 * capacity reservations, IAM profiles, spot…) are answered as EC2 answers a filter no instance matches.
 */
import type { FilterAccessor, FilterTable, FilterValue } from '../describe/filters.ts';
import { privateDnsName } from '../network-interfaces/dns-names.ts';
import { networkInterfaceFilters } from '../network-interfaces/interface-filters.ts';
import { primaryAddress, type NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import { associationToWire, type WireContext } from '../network-interfaces/to-wire.ts';
import type { SecurityGroupRecord } from '../security-groups/records.ts';
import type { InstanceRecord } from './records.ts';
import { interfacesOf, STATES } from './to-wire.ts';

const NOTHING: FilterAccessor<InstanceRecord> = () => [];
const UNMODELLED = [
  'affinity', 'block-device-mapping.attach-time', 'block-device-mapping.delete-on-termination', 'block-device-mapping.device-name',
  'block-device-mapping.status', 'block-device-mapping.volume-id', 'boot-mode', 'capacity-reservation-id', 'host-id',
  'iam-instance-profile.arn', 'iam-instance-profile.id', 'instance-lifecycle', 'ipv6-address', 'kernel-id', 'outpost-arn',
  'placement-group-name', 'placement-partition-number', 'platform', 'product-code', 'product-code.type', 'ramdisk-id',
  'spot-instance-request-id', 'network-interface.ipv6-address', 'network-interface.ipv6-addresses.ipv6-address',
] as const;

export function instanceFilters(ctx: WireContext): FilterTable<InstanceRecord> {
  const enis = (i: InstanceRecord): NetworkInterfaceRecord[] => (i.state === 'terminated' ? [] : interfacesOf(ctx, i));
  const primary = (i: InstanceRecord): NetworkInterfaceRecord | undefined => enis(i)[0];
  const groupName = (id: string): string | undefined => ctx.view.getOf<SecurityGroupRecord>('security-group', id)?.groupName;
  const publicIp = (i: InstanceRecord): string | undefined => {
    const p = primary(i);
    return p && primaryAddress(p).association?.publicIp;
  };
  const table: Record<string, FilterAccessor<InstanceRecord>> = {
    architecture: () => 'x86_64',
    'availability-zone': (i) => i.availabilityZone,
    'client-token': (i) => i.clientToken,
    'dns-name': (i) => {
      const p = primary(i);
      const a = p && primaryAddress(p).association;
      return p && a ? associationToWire(ctx, p, a).PublicDnsName : undefined;
    },
    'ebs-optimized': (i) => i.ebsOptimized,
    'ena-support': () => true,
    hypervisor: () => 'xen',
    'image-id': (i) => i.imageId,
    'instance-id': (i) => i.id,
    'instance-state-code': (i) => STATES[i.state].Code,
    'instance-state-name': (i) => i.state,
    'instance-type': (i) => i.instanceType,
    'instance.group-id': (i) => primary(i)?.groupIds ?? [],
    'instance.group-name': (i) => (primary(i)?.groupIds ?? []).map(groupName),
    'ip-address': publicIp,
    'key-name': (i) => i.keyName,
    'launch-index': (i) => i.amiLaunchIndex,
    'launch-time': (i) => i.launchTime,
    'monitoring-state': (i) => (i.monitoring ? 'enabled' : 'disabled'),
    'owner-id': () => ctx.ownerId,
    'platform-details': () => 'Linux/UNIX',
    'private-dns-name': (i) => {
      const p = primary(i);
      return p && privateDnsName(primaryAddress(p).address, ctx.region);
    },
    'private-ip-address': (i) => {
      const p = primary(i);
      return p && primaryAddress(p).address;
    },
    reason: (i) => (i.state === 'terminated' ? 'User initiated' : undefined),
    'requester-id': NOTHING,
    'reservation-id': (i) => i.reservationId,
    'root-device-name': () => '/dev/xvda',
    'root-device-type': () => 'ebs',
    'source-dest-check': (i) => primary(i)?.sourceDestCheck,
    'state-reason-code': (i) => (i.state === 'terminated' ? 'Client.UserInitiatedShutdown' : undefined),
    'subnet-id': (i) => (i.state === 'terminated' ? undefined : i.subnetId),
    tenancy: () => 'default',
    'virtualization-type': () => 'hvm',
    'vpc-id': (i) => (i.state === 'terminated' ? undefined : i.vpcId),
    'network-interface.group-name': (i) => enis(i).flatMap((e) => e.groupIds.map(groupName)),
  };
  for (const name of UNMODELLED) table[name] = NOTHING;
  for (const [name, accessor] of Object.entries(networkInterfaceFilters(ctx.view, ctx.ownerId, ctx.region))) {
    const key = `network-interface.${name}`;
    if (Object.hasOwn(table, key)) continue;
    table[key] = (i) => {
      const values: FilterValue[] = [];
      for (const e of enis(i)) {
        const v = accessor(e);
        if (typeof v === 'object' && v !== null) values.push(...v);
        else values.push(v);
      }
      return values;
    };
  }
  return table;
}
