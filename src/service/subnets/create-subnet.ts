/**
 * CreateSubnet (aws-semantics.md §3.14): an IPv4 /16–/28 block inside the VPC's block (InvalidSubnet.Range), not
 * overlapping another subnet (InvalidSubnet.Conflict), in one of the region's zones; it joins the default ACL.
 */
import type { CreateSubnetRequest, CreateSubnetResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { cidrCovers, cidrsOverlap, parseCidr } from '../../core/net/cidr.ts';
import { parseSubnetCidrBlock } from '../../core/validate/cidr-block.ts';
import type { RequestContext } from '../context.ts';
import { findRegion, zonesOf, type ZoneInfo } from '../regions/catalogue.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import type { SubnetRecord } from '../vpcs/records.ts';
import { requireVpc } from '../vpcs/lookup.ts';
import { addSubnet } from './add-subnet.ts';
import { subnetToWire } from './to-wire.ts';

function chooseZone(input: CreateSubnetRequest, region: string): ZoneInfo {
  const zones = zonesOf(findRegion(region)!);
  const names = zones.map((z) => z.zoneName).join(', ');
  if (input.AvailabilityZone !== undefined) {
    const z = zones.find((zone) => zone.zoneName === input.AvailabilityZone);
    if (!z) throw ec2Error('InvalidParameterValue', `Value (${input.AvailabilityZone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${names}.`);
    if (input.AvailabilityZoneId !== undefined && input.AvailabilityZoneId !== z.zoneId) {
      throw ec2Error('InvalidParameterCombination', 'The parameters AvailabilityZone and AvailabilityZoneId do not name the same zone.');
    }
    return z;
  }
  if (input.AvailabilityZoneId !== undefined) {
    const z = zones.find((zone) => zone.zoneId === input.AvailabilityZoneId);
    if (!z) throw ec2Error('InvalidParameterValue', `Value (${input.AvailabilityZoneId}) for parameter availabilityZoneId is invalid.`);
    return z;
  }
  // AWS picks a zone for you; Rampart picks the first, so runs are reproducible.
  return zones[0];
}

export async function createSubnet(input: CreateSubnetRequest, ctx: RequestContext): Promise<CreateSubnetResult> {
  if (input.Ipv6CidrBlock || input.Ipv6Native || input.Ipv4IpamPoolId || input.Ipv6IpamPoolId) {
    throw ec2Error('InvalidParameterValue', 'Rampart does not support IPv6 subnets or IPAM pools yet.');
  }
  if (input.CidrBlock === undefined) throw ec2Error('MissingParameter', 'CidrBlock');
  const cidr = parseSubnetCidrBlock(input.CidrBlock);
  const zone = chooseZone(input, ctx.region);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'subnet', ctx.quotas.tagsPerResource);
  const subnet = await ctx.write((tx) => {
    const vpc = requireVpc(tx, input.VpcId);
    if (!cidrCovers(parseCidr(vpc.cidrBlock)!, cidr)) throw ec2Error('InvalidSubnet.Range', input.CidrBlock!);
    const siblings = tx.children<SubnetRecord>(vpc.id, 'subnet');
    if (siblings.some((s) => cidrsOverlap(parseCidr(s.cidrBlock)!, cidr))) throw ec2Error('InvalidSubnet.Conflict', cidr.text);
    if (siblings.length >= ctx.quotas.subnetsPerVpc) throw ec2Error('SubnetLimitExceeded');
    return addSubnet(tx, ctx, vpc, { cidr, zone, mapPublicIpOnLaunch: false, defaultForAz: false, tags });
  });
  return { Subnet: { ...subnetToWire(subnet, ctx.accountId, ctx.region), State: 'pending' } };
}
