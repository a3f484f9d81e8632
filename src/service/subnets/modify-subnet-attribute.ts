/**
 * ModifySubnetAttribute (M: "You can only modify one attribute at a time"): `MapPublicIpOnLaunch` (whether instances
 * launched into the subnet get a public IPv4 address, issue 5 §3), and the IPv4 DNS settings `EnableDns64`,
 * `PrivateDnsHostnameTypeOnLaunch`, `EnableResourceNameDnsARecordOnLaunch`, which are kept and shown by DescribeSubnets.
 * Rampart subnets have no IPv6 block and are not on an Outpost, so turning on the IPv6 attributes
 * (`AssignIpv6AddressOnCreation`, `EnableResourceNameDnsAAAARecordOnLaunch`) or the Outposts ones is refused with
 * `InvalidParameterValue`; turning the IPv6 ones off is the no-op it is in AWS. Codes for "no attribute" and "several
 * attributes" are UNCONFIRMED (MissingParameter, InvalidParameterCombination).
 */
import type { ModifySubnetAttributeRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { SubnetRecord } from '../vpcs/records.ts';
import { requireSubnet } from '../vpcs/lookup.ts';

const ATTRIBUTES = [
  'MapPublicIpOnLaunch',
  'AssignIpv6AddressOnCreation',
  'MapCustomerOwnedIpOnLaunch',
  'CustomerOwnedIpv4Pool',
  'EnableDns64',
  'PrivateDnsHostnameTypeOnLaunch',
  'EnableResourceNameDnsARecordOnLaunch',
  'EnableResourceNameDnsAAAARecordOnLaunch',
  'EnableLniAtDeviceIndex',
  'DisableLniAtDeviceIndex',
] as const satisfies readonly (keyof ModifySubnetAttributeRequest)[];

/** The change to the subnet record the one named attribute asks for. */
function changeFor(input: ModifySubnetAttributeRequest, subnetId: string): Partial<SubnetRecord> {
  const flag = (name: string, value: { Value?: boolean } | undefined): boolean => {
    if (value?.Value === undefined) throw ec2Error('MissingParameter', `${name}.Value`);
    return value.Value;
  };
  if (input.MapPublicIpOnLaunch) return { mapPublicIpOnLaunch: flag('MapPublicIpOnLaunch', input.MapPublicIpOnLaunch) };
  if (input.EnableDns64) return { enableDns64: flag('EnableDns64', input.EnableDns64) };
  if (input.EnableResourceNameDnsARecordOnLaunch) {
    return { enableResourceNameDnsARecordOnLaunch: flag('EnableResourceNameDnsARecordOnLaunch', input.EnableResourceNameDnsARecordOnLaunch) };
  }
  if (input.PrivateDnsHostnameTypeOnLaunch) return { privateDnsHostnameTypeOnLaunch: input.PrivateDnsHostnameTypeOnLaunch };
  if (input.AssignIpv6AddressOnCreation || input.EnableResourceNameDnsAAAARecordOnLaunch) {
    const [name, value] = input.AssignIpv6AddressOnCreation
      ? ['AssignIpv6AddressOnCreation', input.AssignIpv6AddressOnCreation]
      : ['EnableResourceNameDnsAAAARecordOnLaunch', input.EnableResourceNameDnsAAAARecordOnLaunch];
    if (flag(name, value)) throw ec2Error('InvalidParameterValue', `Subnet ${subnetId} has no IPv6 CIDR block; ${name} can't be enabled.`);
    return {};
  }
  throw ec2Error('InvalidParameterValue', `Subnet ${subnetId} is not on an Outpost; customer-owned IP and local network interface attributes do not apply.`);
}

export async function modifySubnetAttribute(input: ModifySubnetAttributeRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  const named = ATTRIBUTES.filter((a) => input[a] !== undefined);
  // MapCustomerOwnedIpOnLaunch and CustomerOwnedIpv4Pool "act as a single attribute" (M).
  const attributes = named.filter((a) => a !== 'CustomerOwnedIpv4Pool' || !named.includes('MapCustomerOwnedIpOnLaunch'));
  if (attributes.length === 0) throw ec2Error('MissingParameter', 'attribute');
  if (attributes.length > 1) throw ec2Error('InvalidParameterCombination', `You can only modify one attribute at a time; got ${attributes.join(', ')}.`);
  await ctx.write((tx) => {
    const subnet = requireSubnet(tx, input.SubnetId);
    const change = changeFor(input, subnet.id);
    if (Object.keys(change).length > 0) tx.put<SubnetRecord>({ ...subnet, ...change });
  });
  return {};
}
