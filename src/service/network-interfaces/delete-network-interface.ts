/**
 * DeleteNetworkInterface (M: "You must detach the network interface before you can delete it"): an attached interface
 * answers InvalidNetworkInterface.InUse "Interface: [eni-…] in use." (observed). Its Elastic IPs stay allocated.
 */
import type { DeleteNetworkInterfaceRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { releaseElasticIpsOf } from '../elastic-ips/associations.ts';
import { requireNetworkInterface } from './lookup.ts';

export async function deleteNetworkInterface(input: DeleteNetworkInterfaceRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const eni = requireNetworkInterface(tx, input.NetworkInterfaceId);
    if (eni.attachment) throw ec2Error('InvalidNetworkInterface.InUse', eni.id);
    releaseElasticIpsOf(tx, eni);
    tx.delete(eni.id);
  });
  return {};
}
