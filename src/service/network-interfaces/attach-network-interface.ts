/**
 * AttachNetworkInterface: an available interface onto a running instance at a free device index, in the instance's
 * Availability Zone ("You may not attach a network interface to an instance if they are not in the same availability
 * zone", observed as InvalidParameterCombination). An attached interface answers InvalidNetworkInterface.InUse; a
 * taken device index InvalidParameterValue (wording UNCONFIRMED). DeleteOnTermination starts false.
 */
import type { AttachNetworkInterfaceRequest, AttachNetworkInterfaceResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { requireRunningInstance } from '../instances/lookup.ts';
import type { InstanceRecord } from '../instances/records.ts';
import type { ResourceView } from '../state/resource.ts';
import { requireNetworkInterface } from './lookup.ts';
import type { NetworkInterfaceRecord } from './records.ts';

export async function attachNetworkInterface(input: AttachNetworkInterfaceRequest, ctx: RequestContext): Promise<AttachNetworkInterfaceResult> {
  if (!Number.isInteger(input.DeviceIndex) || input.DeviceIndex < 0) {
    throw ec2Error('InvalidParameterValue', `Value (${input.DeviceIndex}) for parameter deviceIndex is invalid.`);
  }
  if ((input.NetworkCardIndex ?? 0) !== 0) throw ec2Error('InvalidParameterValue', 'Rampart models network card index 0 only.');
  const attachmentId = await ctx.write((tx) => {
    const eni = requireNetworkInterface(tx, input.NetworkInterfaceId);
    const instance = requireRunningInstance(tx, input.InstanceId, ctx.now);
    if (eni.attachment) throw ec2Error('InvalidNetworkInterface.InUse', eni.id);
    if (eni.availabilityZone !== instance.availabilityZone) {
      throw ec2Error('InvalidParameterCombination', 'You may not attach a network interface to an instance if they are not in the same availability zone');
    }
    const taken = instance.networkInterfaceIds.some((id) => tx.getOf<NetworkInterfaceRecord>('network-interface', id)?.attachment?.deviceIndex === input.DeviceIndex);
    if (taken) throw ec2Error('InvalidParameterValue', `Instance '${instance.id}' already has an interface attached at device index '${input.DeviceIndex}'.`);
    const id = ctx.newId('eni-attach');
    tx.put<NetworkInterfaceRecord>({
      ...eni,
      attachment: { attachmentId: id, instanceId: instance.id, deviceIndex: input.DeviceIndex, deleteOnTermination: false, attachTime: ctx.now.toISOString() },
    });
    tx.put<InstanceRecord>({ ...instance, networkInterfaceIds: orderByDevice(tx, [...instance.networkInterfaceIds, eni.id]) });
    return id;
  });
  return { AttachmentId: attachmentId, NetworkCardIndex: 0 };
}

/** Interface ids in device-index order, as instances list them. */
export function orderByDevice(view: ResourceView, ids: readonly string[]): string[] {
  const index = (id: string): number => view.getOf<NetworkInterfaceRecord>('network-interface', id)?.attachment?.deviceIndex ?? Number.MAX_SAFE_INTEGER;
  return [...ids].sort((a, b) => index(a) - index(b));
}
