/**
 * DeleteRoute: by destination (canonicalised). A destination the table has no route for → `InvalidRoute.NotFound`
 * "no route with destination-cidr-block X in route table rtb-…"; the `local` route can't be deleted →
 * `InvalidParameterValue` "cannot remove local route X in route table rtb-…" (wordings as commonly reported:
 * UNCONFIRMED). Rampart has no IPv6 or prefix-list routes, so those destinations are never found.
 */
import type { DeleteRouteRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { RouteTableRecord } from '../vpcs/records.ts';
import { parseDestination } from './create-route.ts';
import { requireRouteTable } from './lookup.ts';

export async function deleteRoute(input: DeleteRouteRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  const destination = input.DestinationCidrBlock !== undefined ? parseDestination(input.DestinationCidrBlock) : undefined;
  if (destination === undefined && input.DestinationIpv6CidrBlock === undefined && input.DestinationPrefixListId === undefined) {
    throw ec2Error('MissingParameter', 'destinationCidrBlock');
  }
  await ctx.write((tx) => {
    const table = requireRouteTable(tx, input.RouteTableId);
    if (destination === undefined) {
      const [parameter, value] =
        input.DestinationIpv6CidrBlock !== undefined ? ['destination-ipv6-cidr-block', input.DestinationIpv6CidrBlock] : ['destination-prefix-list-id', input.DestinationPrefixListId!];
      throw ec2Error('InvalidRoute.NotFound', parameter, value, table.id);
    }
    const route = table.routes.find((r) => r.destinationCidrBlock === destination);
    if (!route) throw ec2Error('InvalidRoute.NotFound', 'destination-cidr-block', destination, table.id);
    if (route.gatewayId === 'local') throw ec2Error('InvalidParameterValue', `cannot remove local route ${destination} in route table ${table.id}`);
    tx.put<RouteTableRecord>({ ...table, routes: table.routes.filter((r) => r !== route) });
  });
  return {};
}
