/** DescribeInternetGateways: by id (an unknown id fails the call) and with the model's filters, paginated. */
import type { DescribeInternetGatewaysRequest, DescribeInternetGatewaysResult } from '../../api/ec2/types.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters, type FilterTable } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import type { InternetGatewayRecord } from '../vpcs/records.ts';
import { requireInternetGateway } from './lookup.ts';
import { ATTACHED_STATE, internetGatewayToWire } from './to-wire.ts';

function internetGatewayFilters(ownerId: string): FilterTable<InternetGatewayRecord> {
  return {
    // "Present only if a VPC is attached" (M).
    'attachment.state': (g) => (g.attachedVpcIds.length > 0 ? ATTACHED_STATE : undefined),
    'attachment.vpc-id': (g) => g.attachedVpcIds,
    'internet-gateway-id': (g) => g.id,
    'owner-id': () => ownerId,
  };
}

export function describeInternetGateways(input: DescribeInternetGatewaysRequest, ctx: RequestContext): DescribeInternetGatewaysResult {
  let gateways = ctx.view.list<InternetGatewayRecord>('internet-gateway');
  if (input.InternetGatewayIds && input.InternetGatewayIds.length > 0) {
    const wanted = new Set(input.InternetGatewayIds);
    for (const id of wanted) requireInternetGateway(ctx.view, id);
    gateways = gateways.filter((g) => wanted.has(g.id));
  }
  const filtered = applyFilters(gateways, input.Filters, internetGatewayFilters(ctx.accountId));
  const page = paginate(filtered, (g) => g.id, input.MaxResults, input.NextToken);
  return { InternetGateways: page.items.map((g) => internetGatewayToWire(g, ctx.accountId)), NextToken: page.nextToken };
}
