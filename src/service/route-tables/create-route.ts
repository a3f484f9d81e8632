/**
 * CreateRoute (M CreateRoute doc): an IPv4 destination, canonicalised (100.68.0.18/18 → 100.68.0.0/18), to an internet
 * gateway attached to the table's VPC. EC2's answers:
 * - a destination the table already routes → `RouteAlreadyExists` "The route identified by X already exists.";
 * - a gateway that does not exist → `InvalidGatewayID.NotFound`; one not attached to this VPC → `InvalidParameterValue`
 *   "route table rtb-… and network gateway igw-… belong to different networks";
 * - a destination equal to or inside the VPC's block → `InvalidParameterValue` (such routes may only target an
 *   interface or instance).
 * Rampart models internet-gateway targets only: NAT gateways, interfaces, instances, peering, transit gateways and
 * the other targets, and IPv6 or prefix-list destinations, are refused openly with `InvalidParameterValue` rather
 * than half-supported. Message wordings and the missing-parameter codes are UNCONFIRMED.
 */
import type { CreateRouteRequest, CreateRouteResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { cidrCovers, parseCidr } from '../../core/net/cidr.ts';
import type { RequestContext } from '../context.ts';
import type { InternetGatewayRecord, RouteTableRecord, VpcRecord } from '../vpcs/records.ts';
import { requireRouteTable } from './lookup.ts';

const UNMODELLED_TARGETS = [
  'EgressOnlyInternetGatewayId',
  'InstanceId',
  'NetworkInterfaceId',
  'VpcPeeringConnectionId',
  'NatGatewayId',
  'TransitGatewayId',
  'LocalGatewayId',
  'CarrierGatewayId',
  'VpcEndpointId',
  'CoreNetworkArn',
  'OdbNetworkArn',
] as const satisfies readonly (keyof CreateRouteRequest)[];

export function parseDestination(text: string): string {
  const cidr = parseCidr(text.trim(), 4);
  if (!cidr) throw ec2Error('InvalidParameterValue', `Value (${text}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
  return cidr.text;
}

export async function createRoute(input: CreateRouteRequest, ctx: RequestContext): Promise<CreateRouteResult> {
  if (input.DestinationIpv6CidrBlock !== undefined || input.DestinationPrefixListId !== undefined) {
    throw ec2Error('InvalidParameterValue', 'Rampart models IPv4 destination CIDR blocks only; IPv6 and prefix-list routes are not supported yet.');
  }
  const unmodelled = UNMODELLED_TARGETS.filter((t) => input[t] !== undefined);
  if (unmodelled.length > 0) {
    throw ec2Error('InvalidParameterValue', `Rampart models internet gateway route targets only; ${unmodelled.join(', ')} is not supported yet.`);
  }
  if (input.DestinationCidrBlock === undefined) throw ec2Error('MissingParameter', 'destinationCidrBlock');
  if (input.GatewayId === undefined) throw ec2Error('MissingParameter', 'gatewayId');
  const destination = parseDestination(input.DestinationCidrBlock);
  const gatewayId = input.GatewayId;
  await ctx.write((tx) => {
    const table = requireRouteTable(tx, input.RouteTableId);
    if (table.routes.some((r) => r.destinationCidrBlock === destination)) throw ec2Error('RouteAlreadyExists', destination);
    const gateway = tx.getOf<InternetGatewayRecord>('internet-gateway', gatewayId);
    if (!gateway) throw ec2Error('InvalidGatewayID.NotFound', gatewayId);
    if (!gateway.attachedVpcIds.includes(table.parentId)) {
      throw ec2Error('InvalidParameterValue', `route table ${table.id} and network gateway ${gateway.id} belong to different networks`);
    }
    const vpc = tx.getOf<VpcRecord>('vpc', table.parentId)!;
    if (cidrCovers(parseCidr(vpc.cidrBlock)!, parseCidr(destination)!)) {
      throw ec2Error(
        'InvalidParameterValue',
        `The destination CIDR block ${destination} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
      );
    }
    tx.put<RouteTableRecord>({ ...table, routes: [...table.routes, { destinationCidrBlock: destination, gatewayId: gateway.id, origin: 'CreateRoute' }] });
  });
  return { Return: true };
}
