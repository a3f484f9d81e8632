/**
 * DescribeNetworkInterfaces (M): by id (an unknown id fails the call; MaxResults may not be combined with ids), with
 * every filter of interface-filters.ts, paginated.
 */
import type { DescribeNetworkInterfacesRequest, DescribeNetworkInterfacesResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import { networkInterfaceFilters } from './interface-filters.ts';
import { requireNetworkInterface } from './lookup.ts';
import type { NetworkInterfaceRecord } from './records.ts';
import { networkInterfaceToWire } from './to-wire.ts';

export function describeNetworkInterfaces(input: DescribeNetworkInterfacesRequest, ctx: RequestContext): DescribeNetworkInterfacesResult {
  const byId = (input.NetworkInterfaceIds?.length ?? 0) > 0;
  if (byId && input.MaxResults !== undefined) {
    // M: "You cannot specify this parameter and the network interface IDs parameter in the same request" (code UNCONFIRMED).
    throw ec2Error('InvalidParameterCombination', 'The parameter NetworkInterfaceIds cannot be used with the parameter maxResults');
  }
  const interfaces = byId
    ? [...new Set(input.NetworkInterfaceIds)].map((id) => requireNetworkInterface(ctx.view, id))
    : ctx.view.list<NetworkInterfaceRecord>('network-interface');
  const filtered = applyFilters(interfaces, input.Filters, networkInterfaceFilters(ctx.view, ctx.accountId, ctx.region));
  const page = paginate(filtered, (e) => e.id, input.MaxResults, input.NextToken);
  const wire = { view: ctx.view, ownerId: ctx.accountId, region: ctx.region };
  return { NetworkInterfaces: page.items.map((e) => networkInterfaceToWire(wire, e)), NextToken: page.nextToken };
}
