/**
 * describe-addresses → the Elastic IPs associated with interfaces. An Elastic IP on an interface's primary private
 * address is that interface's public address (the internet gateway maps it 1:1, docs/semantics.md §1). An Elastic
 * IP on a secondary private address is not modelled (the model has one public address per interface): skipped.
 * Unassociated addresses, and those on interfaces outside the snapshot, change nothing.
 */
import { ipEquals, type IpAddress } from '../net/ip.ts';
import type { Instance, NetworkInterface } from '../model/network.ts';
import type { DescribeItem } from './describe-item.ts';
import { optionalIp, requiredIp } from './address-fields.ts';

interface ElasticIp {
  readonly publicIp: IpAddress;
  readonly networkInterfaceId?: string;
  readonly instanceId?: string;
  readonly privateIp?: IpAddress;
}

export function readElasticIp(raw: DescribeItem): ElasticIp {
  const publicIp = requiredIp(raw, 'PublicIp', 4);
  const item = raw.named(raw.optionalString('AllocationId') ?? raw.requiredString('PublicIp'));
  return {
    publicIp,
    networkInterfaceId: item.optionalString('NetworkInterfaceId'),
    instanceId: item.optionalString('InstanceId'),
    privateIp: optionalIp(item, 'PrivateIpAddress', 4),
  };
}

/** The interfaces with the Elastic IPs applied; interfaces without one are returned unchanged. */
export function applyElasticIps(
  interfaces: readonly NetworkInterface[],
  instances: readonly Instance[],
  addresses: readonly ElasticIp[],
): NetworkInterface[] {
  const publicById = new Map<string, IpAddress>();
  for (const a of addresses) {
    const eniId = a.networkInterfaceId ?? instances.find((i) => i.instanceId === a.instanceId)?.networkInterfaceIds[0];
    if (!eniId) continue;
    const eni = interfaces.find((i) => i.networkInterfaceId === eniId);
    if (!eni) continue;
    if (a.privateIp && eni.privateIps[0] && !ipEquals(a.privateIp, eni.privateIps[0])) continue; // secondary address
    publicById.set(eniId, a.publicIp);
  }
  return interfaces.map((i) => {
    const publicIp = publicById.get(i.networkInterfaceId);
    return publicIp ? { ...i, publicIp } : i;
  });
}
