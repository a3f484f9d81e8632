/**
 * DisassociateRouteTable (M): removes a subnet's explicit association; the subnet falls back to its VPC's main table.
 * An unknown `rtbassoc-` id → `InvalidAssociationID.NotFound`. The main association can't be removed this way
 * (only replaced, with ReplaceRouteTableAssociation): `InvalidParameterValue` (code and wording UNCONFIRMED).
 */
import type { DisassociateRouteTableRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { RouteTableRecord } from '../vpcs/records.ts';
import { requireRouteTableAssociation } from './lookup.ts';

export async function disassociateRouteTable(input: DisassociateRouteTableRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const { table, association } = requireRouteTableAssociation(tx, input.AssociationId);
    if (association.main) throw ec2Error('InvalidParameterValue', `cannot disassociate the main route table association ${association.associationId}`);
    tx.put<RouteTableRecord>({ ...table, associations: table.associations.filter((a) => a !== association) });
  });
  return {};
}
