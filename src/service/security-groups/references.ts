/**
 * DescribeSecurityGroupReferences and DescribeStaleSecurityGroups (aws-semantics.md §3.20). Both are about references
 * across VPC peering (or Transit Gateway) connections. Rampart does not model peering, so no group is referenced from
 * another VPC and no reference can go stale: both answer empty lists, after validating their inputs as EC2 does.
 */
import type {
  DescribeSecurityGroupReferencesRequest,
  DescribeSecurityGroupReferencesResult,
  DescribeStaleSecurityGroupsRequest,
  DescribeStaleSecurityGroupsResult,
} from '../../api/ec2/types.ts';
import type { RequestContext } from '../context.ts';
import { requireVpc } from '../vpcs/lookup.ts';
import { requireGroupById } from './lookup.ts';

export function describeSecurityGroupReferences(input: DescribeSecurityGroupReferencesRequest, ctx: RequestContext): DescribeSecurityGroupReferencesResult {
  for (const id of input.GroupId) requireGroupById(ctx.view, id);
  return { SecurityGroupReferenceSet: [] };
}

export function describeStaleSecurityGroups(input: DescribeStaleSecurityGroupsRequest, ctx: RequestContext): DescribeStaleSecurityGroupsResult {
  requireVpc(ctx.view, input.VpcId);
  return { StaleSecurityGroupSet: [] };
}
