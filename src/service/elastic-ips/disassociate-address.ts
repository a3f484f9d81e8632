/**
 * DisassociateAddress (M): by association id ("This is an idempotent operation": an association this address had
 * before answers success again; one that never existed is InvalidAssociationID.NotFound). The interface's primary
 * address gets a new Amazon public IP where EC2 gives one (associations.ts).
 */
import type { DisassociateAddressRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { disassociateElasticIp } from './associations.ts';
import { requireElasticIp } from './lookup.ts';
import type { ElasticIpRecord } from './records.ts';

export async function disassociateAddress(input: DisassociateAddressRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    if (input.AssociationId === undefined) {
      const eip = requireElasticIp(tx, { PublicIp: input.PublicIp });
      disassociateElasticIp(tx, eip);
      return;
    }
    const id = input.AssociationId;
    const all = tx.list<ElasticIpRecord>('elastic-ip');
    const current = all.find((e) => e.association?.associationId === id);
    if (current) {
      disassociateElasticIp(tx, current);
      return;
    }
    if (!all.some((e) => e.pastAssociationIds?.includes(id))) throw ec2Error('InvalidAssociationID.NotFound', id);
  });
  return {};
}
