/**
 * DescribeAddresses (M): by public IP (InvalidAddress.NotFound) or allocation id (InvalidAllocationID.NotFound), with
 * the filters allocation-id, association-id, domain, instance-id, network-border-group, network-interface-id,
 * network-interface-owner-id, private-ip-address, public-ip, public-ipv4-pool and tags. Not paginated (M).
 */
import type { DescribeAddressesRequest, DescribeAddressesResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters } from '../describe/filters.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { ElasticIpRecord } from './records.ts';
import { addressToWire } from './to-wire.ts';

export function describeAddresses(input: DescribeAddressesRequest, ctx: RequestContext): DescribeAddressesResult {
  let addresses = ctx.view.list<ElasticIpRecord>('elastic-ip');
  for (const ip of input.PublicIps ?? []) if (!addresses.some((e) => e.publicIp === ip)) throw ec2Error('InvalidAddress.NotFound', ip);
  for (const id of input.AllocationIds ?? []) if (!addresses.some((e) => e.id === id)) throw ec2Error('InvalidAllocationID.NotFound', id);
  if ((input.PublicIps?.length ?? 0) > 0 || (input.AllocationIds?.length ?? 0) > 0) {
    const ips = new Set(input.PublicIps ?? []);
    const ids = new Set(input.AllocationIds ?? []);
    addresses = addresses.filter((e) => ips.has(e.publicIp) || ids.has(e.id));
  }
  const instanceOf = (e: ElasticIpRecord): string | undefined =>
    e.association && ctx.view.getOf<NetworkInterfaceRecord>('network-interface', e.association.networkInterfaceId)?.attachment?.instanceId;
  const filtered = applyFilters(addresses, input.Filters, {
    'allocation-id': (e) => e.id,
    'association-id': (e) => e.association?.associationId,
    domain: () => 'vpc',
    'instance-id': instanceOf,
    'network-border-group': (e) => e.networkBorderGroup,
    'network-interface-id': (e) => e.association?.networkInterfaceId,
    'network-interface-owner-id': (e) => (e.association ? ctx.accountId : undefined),
    'private-ip-address': (e) => e.association?.privateIpAddress,
    'public-ip': (e) => e.publicIp,
    'public-ipv4-pool': () => 'amazon',
  });
  return { Addresses: filtered.map((e) => addressToWire(ctx.view, ctx.accountId, e)) };
}
