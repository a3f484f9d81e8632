/**
 * TerminateInstances (M): all named instances or none — an unknown id fails the call. Idempotent: terminating a
 * terminated instance succeeds again. A protected instance (DisableApiTermination) answers OperationNotPermitted
 * (observed message) and, in Rampart, stops the whole call (EC2 still terminates instances of other zones:
 * not modelled). Interfaces with DeleteOnTermination are deleted, the others detached and kept; their Amazon public
 * IPs are released, Elastic IPs stay allocated (on kept interfaces, associated).
 */
import type { TerminateInstancesRequest, TerminateInstancesResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { releaseElasticIpsOf } from '../elastic-ips/associations.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { RegionTx } from '../state/region-tx.ts';
import { requireInstance } from './lookup.ts';
import type { InstanceRecord } from './records.ts';
import { dropExpiredInstances } from './run-instances.ts';
import { STATES } from './to-wire.ts';

function releaseInterface(tx: RegionTx, eni: NetworkInterfaceRecord): void {
  if (eni.attachment?.deleteOnTermination) {
    releaseElasticIpsOf(tx, eni);
    tx.delete(eni.id);
    return;
  }
  const { attachment: _gone, wantsAmazonPublicIp: _w, ...kept } = eni;
  tx.put<NetworkInterfaceRecord>({
    ...kept,
    privateAddresses: eni.privateAddresses.map((a) => {
      if (!a.association || a.association.allocationId) return a;
      const { association: _amazon, ...rest } = a;
      return rest;
    }),
  });
}

export async function terminateInstances(input: TerminateInstancesRequest, ctx: RequestContext): Promise<TerminateInstancesResult> {
  const changes = await ctx.write((tx) => {
    const instances = [...new Set(input.InstanceIds)].map((id) => requireInstance(tx, id, ctx.now));
    const protectedOne = instances.find((i) => i.state === 'running' && i.disableApiTermination);
    if (protectedOne) {
      throw ec2Error('OperationNotPermitted', `The instance '${protectedOne.id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
    }
    dropExpiredInstances(tx, ctx.now);
    return instances.map((i) => {
      if (i.state === 'terminated') return { InstanceId: i.id, CurrentState: STATES.terminated, PreviousState: STATES.terminated };
      for (const id of i.networkInterfaceIds) {
        const eni = tx.getOf<NetworkInterfaceRecord>('network-interface', id);
        if (eni) releaseInterface(tx, eni);
      }
      tx.put<InstanceRecord>({ ...i, state: 'terminated', terminatedAt: ctx.now.toISOString(), networkInterfaceIds: [] });
      return { InstanceId: i.id, CurrentState: STATES['shutting-down'], PreviousState: STATES.running };
    });
  });
  return { TerminatingInstances: changes };
}
