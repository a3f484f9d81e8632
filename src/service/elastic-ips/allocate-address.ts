/**
 * AllocateAddress: an Elastic IP from Amazon's pool (public-ipv4-pool.ts), Domain `vpc` (EC2-Classic is gone),
 * network border group = the region, at most `elasticIpsPerRegion` (5) per account and region → AddressLimitExceeded.
 * `Address` allocates that address if nobody here holds it (EC2 recovers a released address; Rampart, with no other
 * accounts competing, allows any public address — UNCONFIRMED). BYOIP, IPAM and customer-owned pools are not modelled.
 */
import type { AllocateAddressRequest, AllocateAddressResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { parseIpv4Number } from '../../core/net/ip.ts';
import type { RequestContext } from '../context.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import { drawPublicIpv4, publicAddressesInUse } from './public-ipv4-pool.ts';
import type { ElasticIpRecord } from './records.ts';

function requestedAddress(text: string): string {
  const n = parseIpv4Number(text);
  const isPrivate = n !== undefined && (n >>> 24 === 10 || n >>> 20 === 0xac1 || n >>> 16 === 0xc0a8 || n >>> 24 === 127 || n >>> 24 === 0);
  if (n === undefined || isPrivate) throw ec2Error('InvalidParameterValue', `Value (${text}) for parameter address is invalid. It is not a public IPv4 address.`);
  return text;
}

export async function allocateAddress(input: AllocateAddressRequest, ctx: RequestContext): Promise<AllocateAddressResult> {
  if (input.Domain === 'standard') throw ec2Error('InvalidParameterValue', 'EC2-Classic addresses (Domain standard) no longer exist; use Domain vpc.');
  if (input.NetworkBorderGroup !== undefined && input.NetworkBorderGroup !== ctx.region) {
    throw ec2Error('InvalidParameterValue', `Value (${input.NetworkBorderGroup}) for parameter networkBorderGroup is invalid.`);
  }
  if ((input.PublicIpv4Pool !== undefined && input.PublicIpv4Pool !== 'amazon') || input.CustomerOwnedIpv4Pool !== undefined || input.IpamPoolId !== undefined) {
    throw ec2Error('InvalidParameterValue', 'Rampart allocates from the amazon pool only.');
  }
  const wanted = input.Address !== undefined ? requestedAddress(input.Address) : undefined;
  const tags = tagsFromSpecifications(input.TagSpecifications, 'elastic-ip', ctx.quotas.tagsPerResource);
  const eip = await ctx.write((tx) => {
    if (tx.count('elastic-ip') >= ctx.quotas.elasticIpsPerRegion) throw ec2Error('AddressLimitExceeded');
    const taken = publicAddressesInUse(tx);
    if (wanted !== undefined && taken.has(wanted)) throw ec2Error('InvalidParameterValue', `Address ${wanted} is already allocated.`);
    return tx.put<ElasticIpRecord>({
      kind: 'elastic-ip',
      id: ctx.newId('eipalloc'),
      publicIp: wanted ?? drawPublicIpv4(taken),
      networkBorderGroup: ctx.region,
      ...(tags ? { tags } : {}),
    });
  });
  return { PublicIp: eip.publicIp, AllocationId: eip.id, PublicIpv4Pool: 'amazon', NetworkBorderGroup: eip.networkBorderGroup, Domain: 'vpc' };
}
