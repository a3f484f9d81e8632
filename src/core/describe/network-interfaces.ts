/**
 * Network interfaces from describe-network-interfaces (`NetworkInterfaces`) and from describe-instances
 * (`Reservations[].Instances[].NetworkInterfaces`): the two shapes share the members read here. The public address
 * is `Association.PublicIp` (the primary private address's public or Elastic IP, translated 1:1 by the internet
 * gateway); private addresses are listed primary first; connection-tracking timeouts default as in
 * model/network.ts when `ConnectionTrackingConfiguration` is absent (aws-semantics.md §5.8).
 */
import { DEFAULT_CONNECTION_TRACKING, type ConnectionTrackingTimeouts, type NetworkInterface } from '../model/network.ts';
import { ipEquals, type IpAddress } from '../net/ip.ts';
import type { DescribeItem } from './describe-item.ts';
import { optionalIp, requiredIp } from './address-fields.ts';
import { readTags } from './tags.ts';

/** Where an interface inside describe-instances sits, for the members its own shape may leave out. */
export interface InstanceContext {
  readonly instanceId: string;
  readonly subnetId?: string;
  readonly vpcId?: string;
}

export function readNetworkInterface(raw: DescribeItem, instance?: InstanceContext): NetworkInterface {
  const networkInterfaceId = raw.requiredString('NetworkInterfaceId');
  const item = raw.named(networkInterfaceId);
  const subnetId = item.optionalString('SubnetId') ?? instance?.subnetId;
  const vpcId = item.optionalString('VpcId') ?? instance?.vpcId;
  if (!subnetId) throw item.fail('MissingParameter', 'the required key SubnetId is missing');
  if (!vpcId) throw item.fail('MissingParameter', 'the required key VpcId is missing');
  const association = item.child('Association');
  return {
    networkInterfaceId,
    subnetId,
    vpcId,
    ownerId: item.optionalString('OwnerId'),
    privateIps: readPrivateIps(item),
    ipv6Addresses: item.list('Ipv6Addresses').map((a) => requiredIp(a, 'Ipv6Address', 6)),
    publicIp: association && optionalIp(association, 'PublicIp', 4),
    groupIds: item.list('Groups').map((g) => g.requiredString('GroupId')),
    instanceId: instance?.instanceId ?? item.child('Attachment')?.optionalString('InstanceId'),
    connectionTracking: readConnectionTracking(item),
    sourceDestCheck: item.optionalBoolean('SourceDestCheck') ?? true,
    description: item.optionalString('Description') || undefined,
    // describe-network-interfaces calls it TagSet; interfaces inside describe-instances carry no tags.
    tags: readTags(item, 'TagSet'),
  };
}

/** `PrivateIpAddress` is the primary; `PrivateIpAddresses` lists all of them with a `Primary` flag. */
function readPrivateIps(item: DescribeItem): IpAddress[] {
  const primary = optionalIp(item, 'PrivateIpAddress', 4);
  const listed = item.list('PrivateIpAddresses').map((p) => ({ ip: requiredIp(p, 'PrivateIpAddress', 4), primary: p.optionalBoolean('Primary') ?? false }));
  const ordered = [
    ...(primary ? [primary] : []),
    ...listed.filter((p) => p.primary).map((p) => p.ip),
    ...listed.filter((p) => !p.primary).map((p) => p.ip),
  ];
  const out: IpAddress[] = [];
  for (const ip of ordered) if (!out.some((o) => ipEquals(o, ip))) out.push(ip);
  return out;
}

function readConnectionTracking(item: DescribeItem): ConnectionTrackingTimeouts {
  const c = item.child('ConnectionTrackingConfiguration');
  if (!c) return DEFAULT_CONNECTION_TRACKING;
  return {
    tcpEstablishedTimeout: seconds(c, 'TcpEstablishedTimeout') ?? DEFAULT_CONNECTION_TRACKING.tcpEstablishedTimeout,
    udpTimeout: seconds(c, 'UdpTimeout') ?? DEFAULT_CONNECTION_TRACKING.udpTimeout,
    udpStreamTimeout: seconds(c, 'UdpStreamTimeout') ?? DEFAULT_CONNECTION_TRACKING.udpStreamTimeout,
  };
}

function seconds(item: DescribeItem, key: string): number | undefined {
  const n = item.optionalInteger(key);
  if (n !== undefined && n <= 0) throw item.fail('InvalidParameterValue', `a timeout must be a positive number of seconds, found ${n}`, key);
  return n;
}
