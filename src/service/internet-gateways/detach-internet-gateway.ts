/**
 * DetachInternetGateway: the gateway must be attached to that VPC, else `Gateway.NotAttached` "resource igw-… is not
 * attached to network vpc-…". "The VPC must not contain any running instances with Elastic IP addresses or public IPv4
 * addresses" (M): while an interface of the VPC has a public address mapped, `DependencyViolation` "Network vpc-… has
 * some mapped public address(es). Please unmap those public address(es) before detaching the gateway." (as commonly
 * reported; UNCONFIRMED). Routes to the gateway stay and show `blackhole` until it is attached again (M route.state).
 */
import type { DetachInternetGatewayRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { RegionTx } from '../state/region-tx.ts';
import type { InternetGatewayRecord } from '../vpcs/records.ts';
import { requireVpc } from '../vpcs/lookup.ts';
import { requireInternetGateway } from './lookup.ts';

function hasMappedPublicAddress(tx: RegionTx, vpcId: string): boolean {
  return tx.list<NetworkInterfaceRecord>('network-interface').some((eni) => eni.vpcId === vpcId && eni.privateAddresses.some((a) => a.association !== undefined));
}

export async function detachInternetGateway(input: DetachInternetGatewayRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const gateway = requireInternetGateway(tx, input.InternetGatewayId);
    const vpc = requireVpc(tx, input.VpcId);
    if (!gateway.attachedVpcIds.includes(vpc.id)) throw ec2Error('Gateway.NotAttached', gateway.id, vpc.id);
    if (hasMappedPublicAddress(tx, vpc.id)) {
      throw ec2Error('DependencyViolation', `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
    }
    tx.put<InternetGatewayRecord>({ ...gateway, attachedVpcIds: gateway.attachedVpcIds.filter((id) => id !== vpc.id) });
  });
  return {};
}
