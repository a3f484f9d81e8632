/**
 * The operation table: every operation of scripts/codegen/operations.txt is either implemented here or listed in
 * NOT_YET_IMPLEMENTED (answered with NotImplemented). Both are checked by tsc: a handler whose types do not match
 * its operation, an operation in neither list, or one in both, fails the build. Adding an operation = one service file
 * + one line here (+ removing it from NOT_YET_IMPLEMENTED): docs/api.md, "How to add an operation".
 */
import type { Ec2Handlers, Ec2OperationName } from '../api/ec2/operations.ts';
import type { RequestContext } from './context.ts';
import { allocateAddress } from './elastic-ips/allocate-address.ts';
import { associateAddress } from './elastic-ips/associate-address.ts';
import { describeAddresses } from './elastic-ips/describe-addresses.ts';
import { disassociateAddress } from './elastic-ips/disassociate-address.ts';
import { releaseAddress } from './elastic-ips/release-address.ts';
import { describeInstances } from './instances/describe-instances.ts';
import { modifyInstanceAttribute } from './instances/modify-instance-attribute.ts';
import { runInstances } from './instances/run-instances.ts';
import { terminateInstances } from './instances/terminate-instances.ts';
import { createLaunchTemplateVersion } from './launch-templates/create-launch-template-version.ts';
import { createLaunchTemplate } from './launch-templates/create-launch-template.ts';
import { deleteLaunchTemplate } from './launch-templates/delete-launch-template.ts';
import { describeLaunchTemplateVersions } from './launch-templates/describe-launch-template-versions.ts';
import { describeLaunchTemplates } from './launch-templates/describe-launch-templates.ts';
import { attachNetworkInterface } from './network-interfaces/attach-network-interface.ts';
import { createNetworkInterface } from './network-interfaces/create-network-interface.ts';
import { deleteNetworkInterface } from './network-interfaces/delete-network-interface.ts';
import { describeNetworkInterfaces } from './network-interfaces/describe-network-interfaces.ts';
import { detachNetworkInterface } from './network-interfaces/detach-network-interface.ts';
import { modifyNetworkInterfaceAttribute } from './network-interfaces/modify-network-interface-attribute.ts';
import { createManagedPrefixList } from './prefix-lists/create-managed-prefix-list.ts';
import { deleteManagedPrefixList } from './prefix-lists/delete-managed-prefix-list.ts';
import { describeManagedPrefixLists } from './prefix-lists/describe-managed-prefix-lists.ts';
import { getManagedPrefixListEntries } from './prefix-lists/get-managed-prefix-list-entries.ts';
import { modifyManagedPrefixList } from './prefix-lists/modify-managed-prefix-list.ts';
import { attachInternetGateway } from './internet-gateways/attach-internet-gateway.ts';
import { createInternetGateway } from './internet-gateways/create-internet-gateway.ts';
import { deleteInternetGateway } from './internet-gateways/delete-internet-gateway.ts';
import { describeInternetGateways } from './internet-gateways/describe-internet-gateways.ts';
import { detachInternetGateway } from './internet-gateways/detach-internet-gateway.ts';
import { createNetworkAclEntry } from './network-acls/create-network-acl-entry.ts';
import { createNetworkAcl } from './network-acls/create-network-acl.ts';
import { deleteNetworkAclEntry } from './network-acls/delete-network-acl-entry.ts';
import { deleteNetworkAcl } from './network-acls/delete-network-acl.ts';
import { describeNetworkAcls } from './network-acls/describe-network-acls.ts';
import { replaceNetworkAclAssociation } from './network-acls/replace-network-acl-association.ts';
import { replaceNetworkAclEntry } from './network-acls/replace-network-acl-entry.ts';
import { describeAccountAttributes, describeAvailabilityZones, describeRegions } from './regions/describe-regions.ts';
import { associateRouteTable } from './route-tables/associate-route-table.ts';
import { createRouteTable } from './route-tables/create-route-table.ts';
import { createRoute } from './route-tables/create-route.ts';
import { deleteRouteTable } from './route-tables/delete-route-table.ts';
import { deleteRoute } from './route-tables/delete-route.ts';
import { describeRouteTables } from './route-tables/describe-route-tables.ts';
import { disassociateRouteTable } from './route-tables/disassociate-route-table.ts';
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
import { modifySubnetAttribute } from './subnets/modify-subnet-attribute.ts';
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
  ModifySubnetAttribute: modifySubnetAttribute,

  CreateInternetGateway: createInternetGateway,
  AttachInternetGateway: attachInternetGateway,
  DetachInternetGateway: detachInternetGateway,
  DeleteInternetGateway: deleteInternetGateway,
  DescribeInternetGateways: describeInternetGateways,
  CreateRouteTable: createRouteTable,
  DeleteRouteTable: deleteRouteTable,
  DescribeRouteTables: describeRouteTables,
  CreateRoute: createRoute,
  DeleteRoute: deleteRoute,
  AssociateRouteTable: associateRouteTable,
  DisassociateRouteTable: disassociateRouteTable,

  CreateNetworkAcl: createNetworkAcl,
  DeleteNetworkAcl: deleteNetworkAcl,
  CreateNetworkAclEntry: createNetworkAclEntry,
  ReplaceNetworkAclEntry: replaceNetworkAclEntry,
  DeleteNetworkAclEntry: deleteNetworkAclEntry,
  ReplaceNetworkAclAssociation: replaceNetworkAclAssociation,
  DescribeNetworkAcls: describeNetworkAcls,

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

  AllocateAddress: allocateAddress,
  AssociateAddress: associateAddress,
  DisassociateAddress: disassociateAddress,
  ReleaseAddress: releaseAddress,
  DescribeAddresses: describeAddresses,

  CreateManagedPrefixList: createManagedPrefixList,
  ModifyManagedPrefixList: modifyManagedPrefixList,
  DeleteManagedPrefixList: deleteManagedPrefixList,
  DescribeManagedPrefixLists: describeManagedPrefixLists,
  GetManagedPrefixListEntries: getManagedPrefixListEntries,

  CreateNetworkInterface: createNetworkInterface,
  DeleteNetworkInterface: deleteNetworkInterface,
  DescribeNetworkInterfaces: describeNetworkInterfaces,
  ModifyNetworkInterfaceAttribute: modifyNetworkInterfaceAttribute,
  AttachNetworkInterface: attachNetworkInterface,
  DetachNetworkInterface: detachNetworkInterface,
  RunInstances: runInstances,
  TerminateInstances: terminateInstances,
  DescribeInstances: describeInstances,
  ModifyInstanceAttribute: modifyInstanceAttribute,

  CreateLaunchTemplate: createLaunchTemplate,
  DeleteLaunchTemplate: deleteLaunchTemplate,
  DescribeLaunchTemplates: describeLaunchTemplates,
  CreateLaunchTemplateVersion: createLaunchTemplateVersion,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,

  CreateTags: createTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
} as const satisfies Partial<Ec2Handlers<RequestContext>>;

export const NOT_YET_IMPLEMENTED = [] as const satisfies readonly Ec2OperationName[];

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
