/**
 * What a request asks of an interface's private addresses (M, CreateNetworkInterface and
 * InstanceNetworkInterfaceSpecification): `PrivateIpAddress` (the primary), `PrivateIpAddresses.N` (with at most one
 * `Primary`), `SecondaryPrivateIpAddressCount` ("You can't specify this option and specify more than one private IP
 * address using privateIpAddresses"). Unmarked listed addresses are secondaries, unless nothing names a primary: then
 * the first listed is the primary (UNCONFIRMED). IPv6 and prefixes need subnet features Rampart does not model yet and
 * are refused openly.
 */
import type { InstanceIpv6Address, Ipv4PrefixSpecificationRequest, PrivateIpAddressSpecification } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { MAX_PRIVATE_ADDRESSES_PER_INTERFACE } from './private-addresses.ts';

export interface AddressRequest {
  readonly primary?: string;
  readonly secondaries: readonly string[];
  readonly secondaryCount: number;
}

export interface AddressParameters {
  readonly PrivateIpAddress?: string;
  readonly PrivateIpAddresses?: readonly PrivateIpAddressSpecification[];
  readonly SecondaryPrivateIpAddressCount?: number;
  readonly Ipv6AddressCount?: number;
  readonly Ipv6Addresses?: readonly InstanceIpv6Address[];
  readonly Ipv4Prefixes?: readonly Ipv4PrefixSpecificationRequest[];
  readonly Ipv4PrefixCount?: number;
  readonly Ipv6Prefixes?: readonly unknown[];
  readonly Ipv6PrefixCount?: number;
}

export function refuseUnmodelledAddressing(p: AddressParameters): void {
  if ((p.Ipv6AddressCount ?? 0) > 0 || (p.Ipv6Addresses?.length ?? 0) > 0) {
    // Rampart's subnets have no IPv6 block yet; EC2 refuses IPv6 addresses in such a subnet (wording UNCONFIRMED).
    throw ec2Error('InvalidParameterValue', 'The subnet has no IPv6 CIDR block: IPv6 addresses cannot be assigned.');
  }
  if ((p.Ipv4Prefixes?.length ?? 0) > 0 || (p.Ipv4PrefixCount ?? 0) > 0 || (p.Ipv6Prefixes?.length ?? 0) > 0 || (p.Ipv6PrefixCount ?? 0) > 0) {
    throw ec2Error('InvalidParameterValue', 'Rampart does not support IP prefixes on network interfaces yet.');
  }
}

export function addressRequestOf(p: AddressParameters): AddressRequest {
  refuseUnmodelledAddressing(p);
  const listed = p.PrivateIpAddresses ?? [];
  const marked = listed.filter((a) => a.Primary === true);
  if (marked.length > 1) throw ec2Error('InvalidParameterValue', 'Only one private IP address can be designated as primary.');
  for (const a of listed) if (a.PrivateIpAddress === undefined) throw ec2Error('MissingParameter', 'PrivateIpAddresses.N.PrivateIpAddress');
  if (p.PrivateIpAddress !== undefined && marked.length === 1 && marked[0].PrivateIpAddress !== p.PrivateIpAddress) {
    throw ec2Error('InvalidParameterValue', 'If you specify PrivateIpAddress, you cannot designate another address in PrivateIpAddresses as primary.');
  }
  const count = p.SecondaryPrivateIpAddressCount ?? 0;
  if (!Number.isInteger(count) || count < 0) throw ec2Error('InvalidParameterValue', `Value (${count}) for parameter secondaryPrivateIpAddressCount is invalid.`);
  if (count > 0 && listed.length > 1) {
    throw ec2Error('InvalidParameterCombination', 'You cannot specify SecondaryPrivateIpAddressCount together with more than one address in PrivateIpAddresses.');
  }
  const primary = p.PrivateIpAddress ?? marked[0]?.PrivateIpAddress ?? listed[0]?.PrivateIpAddress;
  const secondaries = [...new Set(listed.map((a) => a.PrivateIpAddress!).filter((a) => a !== primary))];
  if (1 + secondaries.length + count > MAX_PRIVATE_ADDRESSES_PER_INTERFACE) throw ec2Error('PrivateIpAddressLimitExceeded');
  return { ...(primary !== undefined ? { primary } : {}), secondaries, secondaryCount: count };
}

/** How many addresses of the subnet the request takes. */
export const addressesNeeded = (r: AddressRequest): number => 1 + r.secondaries.length + r.secondaryCount;
