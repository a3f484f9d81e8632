/**
 * AttachInternetGateway: one gateway per VPC and one VPC per gateway. A gateway already attached (anywhere) is
 * `Resource.AlreadyAssociated` "resource igw-… is already attached to network vpc-…"; a VPC that already has a gateway
 * is refused with the same code (code and wording for this second case UNCONFIRMED). Routes in the VPC's tables that
 * name this gateway become active again (their state is computed, route-tables/to-wire.ts).
 */
import type { AttachInternetGatewayRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { InternetGatewayRecord } from '../vpcs/records.ts';
import { requireVpc } from '../vpcs/lookup.ts';
import { gatewayOfVpc, requireInternetGateway } from './lookup.ts';

export async function attachInternetGateway(input: AttachInternetGatewayRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const gateway = requireInternetGateway(tx, input.InternetGatewayId);
    const vpc = requireVpc(tx, input.VpcId);
    if (gateway.attachedVpcIds.length > 0) {
      throw ec2Error('Resource.AlreadyAssociated', `resource ${gateway.id} is already attached to network ${gateway.attachedVpcIds[0]}`);
    }
    const other = gatewayOfVpc(tx, vpc.id);
    if (other) throw ec2Error('Resource.AlreadyAssociated', `Network ${vpc.id} already has an internet gateway attached (${other.id})`);
    tx.put<InternetGatewayRecord>({ ...gateway, attachedVpcIds: [vpc.id] });
  });
  return {};
}
