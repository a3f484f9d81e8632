/**
 * ReleaseAddress (M): "[Default VPC] Releasing an Elastic IP address automatically disassociates it … [Nondefault VPC]
 * You must disassociate the Elastic IP address before you can release it. Otherwise, Amazon EC2 returns an error
 * (InvalidIPAddress.InUse)." A NetworkBorderGroup other than the address's answers InvalidAddress.NotFound (M).
 */
import type { ReleaseAddressRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import { defaultVpcOf } from '../vpcs/lookup.ts';
import { disassociateElasticIp } from './associations.ts';
import { requireElasticIp } from './lookup.ts';

export async function releaseAddress(input: ReleaseAddressRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const eip = requireElasticIp(tx, input);
    if (input.NetworkBorderGroup !== undefined && input.NetworkBorderGroup !== eip.networkBorderGroup) throw ec2Error('InvalidAddress.NotFound', eip.publicIp);
    if (eip.association) {
      const eni = tx.getOf<NetworkInterfaceRecord>('network-interface', eip.association.networkInterfaceId);
      if (eni && eni.vpcId !== defaultVpcOf(tx)?.id) throw ec2Error('InvalidIPAddress.InUse', eip.publicIp);
      disassociateElasticIp(tx, eip);
    }
    tx.delete(eip.id);
  });
  return {};
}
