/**
 * The operation table: every operation of scripts/codegen/operations.txt is either implemented here or listed in
 * NOT_YET_IMPLEMENTED (answered with NotImplemented). Both are checked by tsc: a handler whose types do not match
 * its operation, an operation in neither list, or one in both, fails the build. Adding an operation = one service file
 * + one line here (+ removing it from NOT_YET_IMPLEMENTED): docs/api.md, "How to add an operation".
 */
import type { Ec2Handlers, Ec2OperationName } from '../api/ec2/operations.ts';
import type { RequestContext } from './context.ts';
import { describeAccountAttributes, describeAvailabilityZones, describeRegions } from './regions/describe-regions.ts';
import { authorizeSecurityGroupEgress, authorizeSecurityGroupIngress } from './security-groups/authorize.ts';
import { createSecurityGroup } from './security-groups/create.ts';
import { deleteSecurityGroup } from './security-groups/delete.ts';
import { describeSecurityGroupRules } from './security-groups/describe-rules.ts';
import { describeSecurityGroups } from './security-groups/describe.ts';
import { modifySecurityGroupRules } from './security-groups/modify-rules.ts';
import { describeSecurityGroupReferences, describeStaleSecurityGroups } from './security-groups/references.ts';
import { revokeSecurityGroupEgress, revokeSecurityGroupIngress } from './security-groups/revoke.ts';
import { updateSecurityGroupRuleDescriptionsEgress, updateSecurityGroupRuleDescriptionsIngress } from './security-groups/update-descriptions.ts';
import { createSubnet } from './subnets/create-subnet.ts';
import { deleteSubnet } from './subnets/delete-subnet.ts';
import { describeSubnets } from './subnets/describe-subnets.ts';
import { createTags } from './tags/create-tags.ts';
import { deleteTags } from './tags/delete-tags.ts';
import { describeTags } from './tags/describe-tags.ts';
import { createVpc } from './vpcs/create-vpc.ts';
import { deleteVpc } from './vpcs/delete-vpc.ts';
import { describeVpcs } from './vpcs/describe-vpcs.ts';

export const HANDLERS = {
  DescribeAccountAttributes: describeAccountAttributes,
  DescribeAvailabilityZones: describeAvailabilityZones,
  DescribeRegions: describeRegions,

  CreateVpc: createVpc,
  DeleteVpc: deleteVpc,
  DescribeVpcs: describeVpcs,
  CreateSubnet: createSubnet,
  DeleteSubnet: deleteSubnet,
  DescribeSubnets: describeSubnets,

  CreateSecurityGroup: createSecurityGroup,
  DeleteSecurityGroup: deleteSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupRules: describeSecurityGroupRules,
  AuthorizeSecurityGroupIngress: authorizeSecurityGroupIngress,
  AuthorizeSecurityGroupEgress: authorizeSecurityGroupEgress,
  RevokeSecurityGroupIngress: revokeSecurityGroupIngress,
  RevokeSecurityGroupEgress: revokeSecurityGroupEgress,
  ModifySecurityGroupRules: modifySecurityGroupRules,
  UpdateSecurityGroupRuleDescriptionsIngress: updateSecurityGroupRuleDescriptionsIngress,
  UpdateSecurityGroupRuleDescriptionsEgress: updateSecurityGroupRuleDescriptionsEgress,
  DescribeSecurityGroupReferences: describeSecurityGroupReferences,
  DescribeStaleSecurityGroups: describeStaleSecurityGroups,

  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
} as const satisfies Partial<Ec2Handlers<RequestContext>>;

export const NOT_YET_IMPLEMENTED = [
  'ModifySubnetAttribute',
  'CreateInternetGateway',
  'AttachInternetGateway',
  'DetachInternetGateway',
  'DeleteInternetGateway',
  'DescribeInternetGateways',
  'CreateRouteTable',
  'DeleteRouteTable',
  'DescribeRouteTables',
  'CreateRoute',
  'DeleteRoute',
  'AssociateRouteTable',
  'DisassociateRouteTable',
  'AllocateAddress',
  'AssociateAddress',
  'DisassociateAddress',
  'ReleaseAddress',
  'DescribeAddresses',
  'CreateNetworkAcl',
  'DeleteNetworkAcl',
  'CreateNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
  'DescribeNetworkAcls',
  'CreateManagedPrefixList',
  'ModifyManagedPrefixList',
  'DeleteManagedPrefixList',
  'DescribeManagedPrefixLists',
  'GetManagedPrefixListEntries',
  'CreateNetworkInterface',
  'DeleteNetworkInterface',
  'DescribeNetworkInterfaces',
  'ModifyNetworkInterfaceAttribute',
  'AttachNetworkInterface',
  'DetachNetworkInterface',
  'RunInstances',
  'TerminateInstances',
  'DescribeInstances',
  'ModifyInstanceAttribute',
  'CreateLaunchTemplate',
  'DeleteLaunchTemplate',
  'DescribeLaunchTemplates',
  'CreateLaunchTemplateVersion',
  'DescribeLaunchTemplateVersions',
] as const satisfies readonly Ec2OperationName[];

type Implemented = keyof typeof HANDLERS;
type Pending = (typeof NOT_YET_IMPLEMENTED)[number];
type Unaccounted = Exclude<Ec2OperationName, Implemented | Pending>;
type ListedTwice = Extract<Implemented, Pending>;
// Compile-time checks; the error names the offending operations.
export const EVERY_OPERATION_ACCOUNTED_FOR: [Unaccounted] extends [never] ? true : { missing: Unaccounted } = true;
export const NO_OPERATION_LISTED_TWICE: [ListedTwice] extends [never] ? true : { listedTwice: ListedTwice } = true;

/** Mutating operations are refused to read-only keys (UnauthorizedOperation); reads are Describe* and Get*. */
export function isReadOnlyOperation(operation: string): boolean {
  return operation.startsWith('Describe') || operation.startsWith('Get');
}
