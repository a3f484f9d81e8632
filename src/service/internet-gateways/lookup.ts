/** Finding internet gateways named in a request, and the gateway of a VPC (aws-semantics.md §2 codes). */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import type { InternetGatewayRecord } from '../vpcs/records.ts';

export function requireInternetGateway(view: ResourceView, internetGatewayId: string): InternetGatewayRecord {
  requireWellFormedId('igw', internetGatewayId);
  const gateway = view.getOf<InternetGatewayRecord>('internet-gateway', internetGatewayId);
  if (!gateway) throw ec2Error('InvalidInternetGatewayID.NotFound', internetGatewayId);
  return gateway;
}

/** The internet gateway attached to `vpcId`, if any (a VPC has at most one). */
export function gatewayOfVpc(view: ResourceView, vpcId: string): InternetGatewayRecord | undefined {
  return view.list<InternetGatewayRecord>('internet-gateway').find((g) => g.attachedVpcIds.includes(vpcId));
}
