/**
 * AssociateRouteTable (M): a subnet of the table's VPC, not yet explicitly associated with any table, starts using
 * this table instead of the main one; the answer is the new `rtbassoc-` id with state `associated` (CLI-EX). A subnet
 * already associated → `Resource.AlreadyAssociated` "the specified association for route table rtb-… conflicts with an
 * existing association"; a subnet of another VPC → `InvalidParameterValue` (wording UNCONFIRMED). Gateway (edge)
 * associations are not modelled and are refused openly.
 */
import type { AssociateRouteTableRequest, AssociateRouteTableResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { RouteTableRecord } from '../vpcs/records.ts';
import { requireSubnet } from '../vpcs/lookup.ts';
import { explicitTableOf, requireRouteTable } from './lookup.ts';

export async function associateRouteTable(input: AssociateRouteTableRequest, ctx: RequestContext): Promise<AssociateRouteTableResult> {
  if (input.GatewayId !== undefined || input.PublicIpv4Pool !== undefined) {
    throw ec2Error('InvalidParameterValue', 'Rampart does not model gateway route table associations yet; associate subnets only.');
  }
  if (input.SubnetId === undefined) throw ec2Error('MissingParameter', 'subnetId');
  const subnetId = input.SubnetId;
  const associationId = await ctx.write((tx) => {
    const table = requireRouteTable(tx, input.RouteTableId);
    const subnet = requireSubnet(tx, subnetId);
    if (subnet.parentId !== table.parentId) {
      throw ec2Error('InvalidParameterValue', `Route table ${table.id} and subnet ${subnet.id} belong to different networks.`);
    }
    const current = explicitTableOf(tx, subnet.parentId, subnet.id);
    if (current) throw ec2Error('Resource.AlreadyAssociated', `the specified association for route table ${current.id} conflicts with an existing association`);
    const id = ctx.newId('rtbassoc');
    tx.put<RouteTableRecord>({ ...table, associations: [...table.associations, { associationId: id, main: false, subnetId: subnet.id }] });
    return id;
  });
  return { AssociationId: associationId, AssociationState: { State: 'associated' } };
}
