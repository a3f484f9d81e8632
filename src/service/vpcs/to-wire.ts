/** VPC records as EC2's `Vpc` shape. */
import type { Vpc } from '../../api/ec2/types.ts';
import { wireTags } from '../tags/tag-rules.ts';
import type { VpcRecord } from './records.ts';

export function vpcToWire(v: VpcRecord, ownerId: string): Vpc {
  return {
    VpcId: v.id,
    OwnerId: ownerId,
    State: 'available',
    CidrBlock: v.cidrBlock,
    CidrBlockAssociationSet: [{ AssociationId: v.cidrAssociationId, CidrBlock: v.cidrBlock, CidrBlockState: { State: 'associated' } }],
    DhcpOptionsId: v.dhcpOptionsId,
    InstanceTenancy: v.instanceTenancy,
    IsDefault: v.isDefault,
    Tags: wireTags(v.tags),
  };
}
