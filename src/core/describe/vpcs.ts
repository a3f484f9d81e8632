/** describe-vpcs → Vpc. The primary `CidrBlock` comes first: the DNS resolver sits at its base + 2 (§8.2). */
import type { Cidr } from '../net/cidr.ts';
import type { Vpc } from '../model/network.ts';
import type { DescribeItem } from './describe-item.ts';
import { optionalCidr, requiredCidr } from './address-fields.ts';
import { readTags } from './tags.ts';

/** Association states that no longer give the VPC or subnet the block. */
const GONE = new Set(['disassociating', 'disassociated', 'failing', 'failed']);

export function readVpc(raw: DescribeItem): Vpc {
  const vpcId = raw.requiredString('VpcId');
  const item = raw.named(vpcId);
  const cidrBlocks: Cidr[] = [requiredCidr(item, 'CidrBlock', 4)];
  for (const assoc of item.list('CidrBlockAssociationSet')) {
    if (GONE.has(assoc.child('CidrBlockState')?.optionalString('State') ?? 'associated')) continue;
    const cidr = requiredCidr(assoc, 'CidrBlock', 4);
    if (!cidrBlocks.some((c) => c.text === cidr.text)) cidrBlocks.push(cidr);
  }
  return {
    vpcId,
    ownerId: item.optionalString('OwnerId'),
    cidrBlocks,
    ipv6CidrBlocks: readIpv6Associations(item, 'Ipv6CidrBlockAssociationSet'),
    isDefault: item.optionalBoolean('IsDefault') ?? false,
    tags: readTags(item),
  };
}

/** `Ipv6CidrBlockAssociationSet` of a VPC or subnet, without blocks being (or already) disassociated. */
export function readIpv6Associations(item: DescribeItem, key: string): Cidr[] {
  const out: Cidr[] = [];
  for (const assoc of item.list(key)) {
    if (GONE.has(assoc.child('Ipv6CidrBlockState')?.optionalString('State') ?? 'associated')) continue;
    const cidr = optionalCidr(assoc, 'Ipv6CidrBlock', 6);
    if (cidr) out.push(cidr);
  }
  return out;
}
