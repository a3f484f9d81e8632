/** Elastic IP records as EC2's `Address` shape (CLI-EX describe-addresses): Domain `vpc`, pool `amazon`. */
import type { Address } from '../../api/ec2/types.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { ResourceView } from '../state/resource.ts';
import { wireTags } from '../tags/tag-rules.ts';
import type { ElasticIpRecord } from './records.ts';

export function addressToWire(view: ResourceView, ownerId: string, e: ElasticIpRecord): Address {
  const a = e.association;
  const eni = a && view.getOf<NetworkInterfaceRecord>('network-interface', a.networkInterfaceId);
  return {
    AllocationId: e.id,
    PublicIp: e.publicIp,
    Domain: 'vpc',
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: e.networkBorderGroup,
    ...(a
      ? {
          AssociationId: a.associationId,
          NetworkInterfaceId: a.networkInterfaceId,
          NetworkInterfaceOwnerId: ownerId,
          PrivateIpAddress: a.privateIpAddress,
          ...(eni?.attachment ? { InstanceId: eni.attachment.instanceId } : {}),
          ...(eni ? { SubnetId: eni.parentId } : {}),
        }
      : {}),
    Tags: wireTags(e.tags),
  };
}
