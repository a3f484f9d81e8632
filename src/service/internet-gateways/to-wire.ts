/**
 * Internet gateway records as EC2's `InternetGateway` shape. An attachment reads `available` — what EC2 answers for
 * an internet gateway (CLI-EX describe-internet-gateways; the model's `attachment.state` filter doc), although the
 * model's AttachmentStatus enum says `attached`. `Attachments: []` and `Tags: []` when empty (CLI-EX).
 */
import type { AttachmentStatus, InternetGateway } from '../../api/ec2/types.ts';
import { wireTags } from '../tags/tag-rules.ts';
import type { InternetGatewayRecord } from '../vpcs/records.ts';

export const ATTACHED_STATE = 'available' as AttachmentStatus;

export function internetGatewayToWire(g: InternetGatewayRecord, ownerId: string): InternetGateway {
  return {
    Attachments: g.attachedVpcIds.map((vpcId) => ({ State: ATTACHED_STATE, VpcId: vpcId })),
    InternetGatewayId: g.id,
    OwnerId: ownerId,
    Tags: wireTags(g.tags) ?? [],
  };
}
