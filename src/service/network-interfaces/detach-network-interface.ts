/**
 * DetachNetworkInterface: by attachment id (InvalidAttachmentID.NotFound for one that names nothing). The primary
 * interface cannot leave its instance: "The network interface at device index 0 cannot be detached."
 * (OperationNotPermitted, observed). The interface becomes `available` with its addresses and Elastic IPs.
 */
import type { DetachNetworkInterfaceRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { InstanceRecord } from '../instances/records.ts';
import { requireAttachment } from './lookup.ts';
import type { NetworkInterfaceRecord } from './records.ts';

export async function detachNetworkInterface(input: DetachNetworkInterfaceRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const eni = requireAttachment(tx, input.AttachmentId);
    const attachment = eni.attachment!;
    if (attachment.deviceIndex === 0) throw ec2Error('OperationNotPermitted', 'The network interface at device index 0 cannot be detached.');
    const { attachment: _gone, ...detached } = eni;
    tx.put<NetworkInterfaceRecord>(detached);
    const instance = tx.getOf<InstanceRecord>('instance', attachment.instanceId);
    if (instance) tx.put<InstanceRecord>({ ...instance, networkInterfaceIds: instance.networkInterfaceIds.filter((id) => id !== eni.id) });
  });
  return {};
}
