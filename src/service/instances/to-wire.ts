/**
 * Instance records as EC2's `Instance` shape, after the CLI-EX outputs of run-instances and describe-instances. Two
 * moments: the RunInstances answer (`pending`, code 0; interfaces `attaching`; no public address yet, PublicDnsName
 * "") and every describe afterwards (`running`, code 16, the public address shown). A terminated instance keeps its
 * identity but loses its network fields, as EC2's do. Rampart has no EBS: BlockDeviceMappings is empty.
 */
import type { Instance, InstanceState } from '../../api/ec2/types.ts';
import { privateDnsName } from '../network-interfaces/dns-names.ts';
import { primaryAddress, type NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import { associationToWire, groupIdentifiers, instanceNetworkInterfaceToWire, type WireContext } from '../network-interfaces/to-wire.ts';
import type { InstanceRecord } from './records.ts';

export const STATES = {
  pending: { Code: 0, Name: 'pending' },
  running: { Code: 16, Name: 'running' },
  'shutting-down': { Code: 32, Name: 'shutting-down' },
  terminated: { Code: 48, Name: 'terminated' },
} as const satisfies Record<string, InstanceState>;

/** `User initiated (2024-05-01 12:00:00 GMT)` — EC2's transition reason on terminated instances. */
const userInitiated = (iso: string): string => `User initiated (${iso.slice(0, 19).replace('T', ' ')} GMT)`;

export function interfacesOf(ctx: WireContext, i: InstanceRecord): NetworkInterfaceRecord[] {
  return i.networkInterfaceIds.map((id) => ctx.view.getOf<NetworkInterfaceRecord>('network-interface', id)).filter((e): e is NetworkInterfaceRecord => e !== undefined);
}

export function instanceToWire(ctx: WireContext, i: InstanceRecord, launching = false): Instance {
  const terminated = i.state === 'terminated';
  const enis = terminated ? [] : interfacesOf(ctx, i);
  const primary = enis[0];
  const address = primary && primaryAddress(primary);
  const publicAssociation = !launching && address?.association ? associationToWire(ctx, primary, address.association) : undefined;
  const metadata = i.metadataOptions ?? {};
  return {
    AmiLaunchIndex: i.amiLaunchIndex,
    ImageId: i.imageId,
    InstanceId: i.id,
    InstanceType: i.instanceType as Instance['InstanceType'],
    ...(i.keyName !== undefined ? { KeyName: i.keyName } : {}),
    LaunchTime: new Date(i.launchTime),
    Monitoring: { State: i.monitoring ? 'enabled' : 'disabled' },
    Placement: { AvailabilityZone: i.availabilityZone, GroupName: '', Tenancy: 'default' },
    PrivateDnsName: address ? privateDnsName(address.address, ctx.region) : '',
    ...(address ? { PrivateIpAddress: address.address } : {}),
    ProductCodes: [],
    PublicDnsName: publicAssociation?.PublicDnsName ?? '',
    ...(publicAssociation ? { PublicIpAddress: publicAssociation.PublicIp } : {}),
    State: launching ? STATES.pending : STATES[i.state],
    StateTransitionReason: terminated && i.terminatedAt ? userInitiated(i.terminatedAt) : '',
    ...(terminated ? {} : { SubnetId: i.subnetId, VpcId: i.vpcId }),
    Architecture: 'x86_64',
    BlockDeviceMappings: [],
    ClientToken: i.clientToken ?? '',
    EbsOptimized: i.ebsOptimized,
    EnaSupport: true,
    Hypervisor: 'xen',
    NetworkInterfaces: enis.map((e) => {
      const wire = instanceNetworkInterfaceToWire(ctx, e, launching);
      if (!launching) return wire;
      // No public address in the RunInstances answer (CLI-EX); it shows once the instance runs.
      const { Association: _later, ...rest } = wire;
      return { ...rest, PrivateIpAddresses: rest.PrivateIpAddresses?.map(({ Association: _a, ...p }) => p) };
    }),
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SecurityGroups: primary ? groupIdentifiers(ctx.view, primary.groupIds) : [],
    ...(primary ? { SourceDestCheck: primary.sourceDestCheck } : {}),
    ...(launching
      ? { StateReason: { Code: 'pending', Message: 'pending' } }
      : terminated
        ? { StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } }
        : {}),
    // CLI-EX shows `Tags: []` on an untagged instance.
    Tags: (i.tags ?? []).map((t) => ({ Key: t.key, Value: t.value })),
    VirtualizationType: 'hvm',
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: launching ? 'pending' : 'applied',
      HttpTokens: metadata.HttpTokens ?? 'optional',
      HttpPutResponseHopLimit: metadata.HttpPutResponseHopLimit ?? 1,
      HttpEndpoint: metadata.HttpEndpoint ?? 'enabled',
      HttpProtocolIpv6: metadata.HttpProtocolIpv6 ?? 'disabled',
      InstanceMetadataTags: metadata.InstanceMetadataTags ?? 'disabled',
    },
    EnclaveOptions: { Enabled: false },
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    UsageOperationUpdateTime: new Date(i.launchTime),
    PrivateDnsNameOptions: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    MaintenanceOptions: { AutoRecovery: 'default' },
  };
}
