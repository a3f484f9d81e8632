/** DescribeVpcs with its filters and pagination. */
import type { DescribeVpcsRequest, DescribeVpcsResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters, type FilterTable } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import type { VpcRecord } from './records.ts';
import { vpcToWire } from './to-wire.ts';

function vpcFilters(ownerId: string): FilterTable<VpcRecord> {
  return {
    cidr: (v) => v.cidrBlock,
    'cidr-block-association.cidr-block': (v) => v.cidrBlock,
    'cidr-block-association.association-id': (v) => v.cidrAssociationId,
    'cidr-block-association.state': () => 'associated',
    'dhcp-options-id': (v) => v.dhcpOptionsId,
    'is-default': (v) => v.isDefault,
    'owner-id': () => ownerId,
    state: () => 'available',
    'vpc-id': (v) => v.id,
  };
}

export function describeVpcs(input: DescribeVpcsRequest, ctx: RequestContext): DescribeVpcsResult {
  let vpcs = ctx.view.list<VpcRecord>('vpc');
  if (input.VpcIds && input.VpcIds.length > 0) {
    const wanted = new Set(input.VpcIds);
    for (const id of wanted) if (!ctx.view.getOf<VpcRecord>('vpc', id)) throw ec2Error('InvalidVpcID.NotFound', id);
    vpcs = vpcs.filter((v) => wanted.has(v.id));
  }
  const page = paginate(applyFilters(vpcs, input.Filters, vpcFilters(ctx.accountId)), (v) => v.id, input.MaxResults, input.NextToken);
  return { Vpcs: page.items.map((v) => vpcToWire(v, ctx.accountId)), NextToken: page.nextToken };
}
