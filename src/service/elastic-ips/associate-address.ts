/**
 * AssociateAddress (M): an Elastic IP onto an instance (which must have exactly one interface: else InvalidInstanceID
 * "There are multiple interfaces attached to instance…", observed) or an interface (not both), on its primary or a
 * named private address. "If the Elastic IP address is already associated with a different instance, it is
 * disassociated from that instance" unless AllowReassociation=false (Resource.AlreadyAssociated); an address already
 * mapped at the target is replaced. A new association id each time.
 */
import type { AssociateAddressRequest, AssociateAddressResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { requireRunningInstance } from '../instances/lookup.ts';
import { requireNetworkInterface } from '../network-interfaces/lookup.ts';
import { primaryAddress, type NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { RegionTx } from '../state/region-tx.ts';
import { associateElasticIp } from './associations.ts';
import { requireElasticIp } from './lookup.ts';

function targetInterface(tx: RegionTx, input: AssociateAddressRequest, now: Date): NetworkInterfaceRecord {
  if (input.InstanceId !== undefined && input.NetworkInterfaceId !== undefined) {
    throw ec2Error('InvalidParameterCombination', 'You can specify either the instance ID or the network interface ID, but not both.');
  }
  if (input.NetworkInterfaceId !== undefined) return requireNetworkInterface(tx, input.NetworkInterfaceId);
  if (input.InstanceId === undefined) throw ec2Error('MissingParameter', 'InstanceId');
  const instance = requireRunningInstance(tx, input.InstanceId, now);
  if (instance.networkInterfaceIds.length !== 1) {
    throw ec2Error('InvalidInstanceID', `There are multiple interfaces attached to instance '${instance.id}'. Please specify an interface ID for the operation instead.`);
  }
  return requireNetworkInterface(tx, instance.networkInterfaceIds[0]);
}

export async function associateAddress(input: AssociateAddressRequest, ctx: RequestContext): Promise<AssociateAddressResult> {
  const associationId = await ctx.write((tx) => {
    const eip = requireElasticIp(tx, input);
    const eni = targetInterface(tx, input, ctx.now);
    const privateIp = input.PrivateIpAddress ?? primaryAddress(eni).address;
    if (!eni.privateAddresses.some((a) => a.address === privateIp)) {
      // Wording UNCONFIRMED.
      throw ec2Error('InvalidParameterValue', `The private IP address ${privateIp} is not assigned to network interface ${eni.id}.`);
    }
    const current = eip.association;
    const sameTarget = current?.networkInterfaceId === eni.id && current.privateIpAddress === privateIp;
    if (current && !sameTarget && input.AllowReassociation === false) {
      throw ec2Error('Resource.AlreadyAssociated', `resource ${eip.id} is already associated with associate-id ${current.associationId}`);
    }
    return associateElasticIp(tx, ctx, eip, eni.id, privateIp);
  });
  return { AssociationId: associationId };
}
