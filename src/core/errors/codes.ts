/**
 * The catalogue of EC2 error codes Rampart emits: code → HTTP status and message template.
 * Codes, statuses and observed messages come from shared/reference/aws-semantics.md §1.3 and §2; EC2's service model
 * has no error shapes, so this table is hand-maintained. Messages marked UNCONFIRMED there keep a comment here.
 */

type Template = (...args: never[]) => string;
interface ErrorSpec {
  readonly status: number;
  readonly message: Template;
}

export const EC2_ERRORS = {
  // --- authentication and request layer (§1.3)
  AuthFailure: { status: 401, message: () => 'AWS was not able to validate the provided access credentials' },
  SignatureDoesNotMatch: {
    status: 403,
    message: () =>
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  UnauthorizedOperation: { status: 403, message: () => 'You are not authorized to perform this operation.' },
  // HTTP status UNCONFIRMED for the next four (§2): 400/403 as AWS's other query services answer them.
  MissingAuthenticationToken: { status: 401, message: () => 'Request is missing Authentication Token' },
  IncompleteSignature: { status: 400, message: (detail: string) => `Request is not signed correctly: ${detail}` },
  RequestExpired: { status: 400, message: (detail: string) => `Request has expired: ${detail}` },
  InvalidClientTokenId: { status: 403, message: () => 'The security token included in the request is invalid.' },
  DryRunOperation: { status: 412, message: () => 'Request would have succeeded, but DryRun flag is set.' },
  InvalidAction: { status: 400, message: (action: string) => `The action ${action} is not valid for this web service.` },
  MissingAction: { status: 400, message: () => 'The request must contain the parameter Action' },
  UnknownParameter: { status: 400, message: (name: string) => `The parameter ${name} is not recognized` },
  MalformedQueryString: { status: 400, message: (detail: string) => `Malformed query string: ${detail}` },
  MissingParameter: { status: 400, message: (name: string) => `The request must contain the parameter ${name}` },
  InvalidParameterValue: { status: 400, message: (detail: string) => detail },
  InvalidParameter: { status: 400, message: (detail: string) => detail },
  InvalidParameterCombination: { status: 400, message: (detail: string) => detail },
  InvalidFilter: { status: 400, message: (name: string) => `The filter '${name}' is invalid` },
  InvalidNextToken: { status: 400, message: (token: string) => `The token '${token}' is invalid` },
  InvalidMaxResults: { status: 400, message: (detail: string) => detail },
  RequestLimitExceeded: { status: 503, message: () => 'Request limit exceeded.' },
  InternalError: { status: 500, message: () => 'An internal error has occurred' },
  NotImplemented: { status: 400, message: (action: string) => `The action ${action} is not implemented by Rampart.` },

  // --- security groups (§2, §3.1–§3.8)
  'InvalidGroup.NotFound': { status: 400, message: (group: string) => `The security group '${group}' does not exist` },
  'InvalidGroup.NotFoundInDefaultVpc': {
    // Wire code is InvalidGroup.NotFound; kept separate so the message can name the default VPC (aws-cli#612).
    status: 400,
    message: (group: string, vpc: string) => `The security group '${group}' does not exist in default VPC '${vpc}'`,
  },
  'InvalidGroup.Duplicate': {
    status: 400,
    message: (name: string, vpc: string) => `The security group '${name}' already exists for VPC '${vpc}'`,
  },
  'InvalidGroup.Reserved': {
    status: 400,
    message: () => "The name 'default' is reserved, and cannot be used to create a new security group.",
  },
  'InvalidGroupId.Malformed': { status: 400, message: (id: string) => `Invalid id: "${id}" (expecting "sg-...")` },
  DependencyViolation: { status: 400, message: (detail: string) => detail },
  // Full text UNCONFIRMED (§2): "cannot be deleted by a user" is the part real scripts match on.
  CannotDelete: {
    status: 400,
    message: (id: string) => `the specified group: "${id}" name: "default" cannot be deleted by a user`,
  },
  'InvalidPermission.Duplicate': { status: 400, message: (rule: string) => `the specified rule "${rule}" already exists` },
  'InvalidPermission.NotFound': { status: 400, message: () => 'The specified rule does not exist in this security group.' },
  'InvalidPermission.Malformed': { status: 400, message: (detail: string) => detail },
  'InvalidSecurityGroupRuleId.Malformed': {
    status: 400,
    message: (id: string) => `Invalid id: "${id}" (expecting "sgr-...")`,
  },
  'InvalidSecurityGroupRuleId.NotFound': {
    status: 400,
    message: (id: string) => `The security group rule ID '${id}' does not exist`,
  },
  RulesPerSecurityGroupLimitExceeded: {
    status: 400,
    message: () => 'The maximum number of rules per security group has been reached.',
  },
  SecurityGroupLimitExceeded: {
    status: 400,
    message: (vpc: string) => `The maximum number of security groups for VPC '${vpc}' has been reached.`,
  },
  SecurityGroupsPerInterfaceLimitExceeded: {
    status: 400,
    message: () => 'The maximum number of security groups per interface has been reached.',
  },
  SecurityGroupsPerInstanceLimitExceeded: {
    status: 400,
    message: () => 'The maximum number of security groups per instance has been reached.',
  },
  VPCIdNotSpecified: { status: 400, message: () => 'No default VPC for this user' },

  // --- VPCs, subnets, gateways, routes
  'InvalidVpcID.NotFound': { status: 400, message: (id: string) => `The vpc ID '${id}' does not exist` },
  'InvalidVpcID.Malformed': { status: 400, message: (id: string) => `Invalid id: "${id}" (expecting "vpc-...")` },
  InvalidVpcRange: { status: 400, message: (cidr: string) => `The CIDR '${cidr}' is invalid.` },
  // Wording of the next two as commonly reported; HTTP status 400 like every quota error (§2, §7).
  VpcLimitExceeded: { status: 400, message: () => 'The maximum number of VPCs has been reached.' },
  SubnetLimitExceeded: { status: 400, message: () => 'The maximum number of subnets has been reached.' },
  'InvalidSubnetID.NotFound': { status: 400, message: (id: string) => `The subnet ID '${id}' does not exist` },
  'InvalidSubnetID.Malformed': { status: 400, message: (id: string) => `Invalid id: "${id}" (expecting "subnet-...")` },
  'InvalidSubnet.Range': { status: 400, message: (cidr: string) => `The CIDR '${cidr}' is invalid.` },
  'InvalidSubnet.Conflict': {
    status: 400,
    message: (cidr: string) => `The CIDR '${cidr}' conflicts with another subnet`,
  },
  'InvalidInternetGatewayID.NotFound': {
    status: 400,
    message: (id: string) => `The internetGateway ID '${id}' does not exist`,
  },
  'InvalidRouteTableID.NotFound': { status: 400, message: (id: string) => `The routeTable ID '${id}' does not exist` },
  // The two Malformed codes below are in ERR's list; their messages follow the other kinds' form (UNCONFIRMED).
  'InvalidInternetGatewayId.Malformed': { status: 400, message: (id: string) => `Invalid id: "${id}" (expecting "igw-...")` },
  'InvalidRouteTableId.Malformed': { status: 400, message: (id: string) => `Invalid id: "${id}" (expecting "rtb-...")` },
  // CreateRoute naming a gateway that does not exist (any kind: igw-, vgw-, …).
  'InvalidGatewayID.NotFound': { status: 400, message: (id: string) => `The gateway ID '${id}' does not exist` },
  RouteAlreadyExists: { status: 400, message: (destination: string) => `The route identified by ${destination} already exists.` },
  'InvalidRoute.NotFound': {
    status: 400,
    message: (parameter: string, destination: string, table: string) => `no route with ${parameter} ${destination} in route table ${table}`,
  },
  // AttachInternetGateway on an attached gateway / a VPC that has one; AssociateRouteTable on an associated subnet.
  'Resource.AlreadyAssociated': { status: 400, message: (detail: string) => detail },
  'Gateway.NotAttached': { status: 400, message: (gateway: string, vpc: string) => `resource ${gateway} is not attached to network ${vpc}` },
  // ClientToken reused with other parameters (CreateNetworkAcl, CreateRouteTable); wording UNCONFIRMED.
  IdempotentParameterMismatch: {
    status: 400,
    message: (token: string) => `The client token '${token}' has already been used with different parameters.`,
  },
  'InvalidAddress.NotFound': { status: 400, message: (ip: string) => `Address '${ip}' not found.` },
  'InvalidAllocationID.NotFound': {
    status: 400,
    message: (id: string) => `The allocation ID '${id}' does not exist`,
  },

  // --- network ACLs (§3.10–§3.12)
  'InvalidNetworkAclID.NotFound': { status: 400, message: (id: string) => `The networkAcl ID '${id}' does not exist` },
  'InvalidNetworkAclId.Malformed': { status: 400, message: (id: string) => `Invalid id: "${id}" (expecting "acl-...")` },
  'InvalidNetworkAclEntry.NotFound': {
    status: 400,
    message: (direction: 'ingress' | 'egress', ruleNumber: number) =>
      `no ${direction} entry with number ${ruleNumber}`,
  },
  NetworkAclEntryAlreadyExists: {
    status: 400,
    message: (ruleNumber: number) => `The network acl entry identified by ${ruleNumber} already exists.`,
  },
  NetworkAclEntryLimitExceeded: {
    status: 400,
    message: () => 'The maximum number of network acl entries has been reached.',
  },
  NetworkAclLimitExceeded: { status: 400, message: () => 'The maximum number of network acls has been reached.' },
  'InvalidAssociationID.NotFound': {
    status: 400,
    message: (id: string) => `The association ID '${id}' does not exist`,
  },

  // --- interfaces, instances, templates, prefix lists, tags
  'InvalidNetworkInterfaceID.NotFound': {
    status: 400,
    message: (id: string) => `The networkInterface ID '${id}' does not exist`,
  },
  'InvalidNetworkInterfaceId.Malformed': {
    status: 400,
    message: (id: string) => `Invalid id: "${id}" (expecting "eni-...")`,
  },
  'InvalidInstanceID.NotFound': { status: 400, message: (id: string) => `The instance ID '${id}' does not exist` },
  'InvalidInstanceID.Malformed': { status: 400, message: (id: string) => `Invalid id: "${id}" (expecting "i-...")` },
  'InvalidPrefixListID.NotFound': {
    status: 400,
    message: (id: string) => `The prefix list ID '${id}' does not exist`,
  },
  'InvalidPrefixListId.Malformed': {
    status: 400,
    message: (id: string) => `Invalid id: "${id}" (expecting "pl-...")`,
  },
  'InvalidLaunchTemplateId.NotFound': {
    status: 400,
    message: (id: string) => `The specified launch template, with template ID ${id}, does not exist.`,
  },
  'InvalidLaunchTemplateId.Malformed': {
    status: 400,
    message: (id: string) => `Invalid id: "${id}" (expecting "lt-...")`,
  },
  'InvalidLaunchTemplateId.VersionNotFound': {
    status: 400,
    message: (version: string, id: string) => `Could not find launch template version ${version} for ${id}`,
  },
  'InvalidLaunchTemplateName.AlreadyExistsException': {
    status: 400,
    message: (name: string) => `Launch template name already in use: ${name}`,
  },
  'InvalidLaunchTemplateName.MalformedException': {
    status: 400,
    message: (name: string) => `Launch template name is invalid: ${name}`,
  },
  'InvalidLaunchTemplateName.NotFoundException': {
    status: 400,
    message: (name: string) => `The specified launch template, with template name ${name}, does not exist.`,
  },
  'InvalidAMIID.Malformed': { status: 400, message: (id: string) => `Invalid id: "${id}" (expecting "ami-...")` },
  // DeleteNetworkInterface / AttachNetworkInterface on an attached interface (observed in Terraform reports).
  'InvalidNetworkInterface.InUse': { status: 400, message: (id: string) => `Interface: [${id}] in use.` },
  // Message UNCONFIRMED (ERR lists the code).
  'InvalidAttachmentID.NotFound': { status: 400, message: (id: string) => `The network interface attachment ID '${id}' does not exist` },
  // Detaching device 0; terminating a protected instance (observed messages, passed whole).
  OperationNotPermitted: { status: 400, message: (detail: string) => detail },
  IncorrectInstanceState: { status: 400, message: (detail: string) => detail },
  // AssociateAddress naming an instance with several interfaces (observed).
  InvalidInstanceID: { status: 400, message: (detail: string) => detail },
  'InvalidIPAddress.InUse': { status: 400, message: (ip: string) => `Address ${ip} is in use.` },
  InsufficientFreeAddressesInSubnet: {
    status: 400,
    message: (subnet: string) => `There are not enough free addresses in subnet '${subnet}' to satisfy the requested number of instances.`,
  },
  // ERR: more private addresses than an interface may hold; wording UNCONFIRMED.
  PrivateIpAddressLimitExceeded: { status: 400, message: () => 'Number of private addresses will exceed limit.' },
  AddressLimitExceeded: { status: 400, message: () => 'The maximum number of addresses has been reached.' },
  TagLimitExceeded: { status: 400, message: () => 'The maximum number of tags per resource has been reached.' },
  'InvalidTagKey.Malformed': { status: 400, message: (detail: string) => detail },
  InvalidID: { status: 400, message: (id: string) => `The ID '${id}' is not valid` },
} as const satisfies Record<string, ErrorSpec>;

export type Ec2ErrorCode = keyof typeof EC2_ERRORS;

/** The code sent on the wire: variants that exist only to carry a different message map back to EC2's code. */
export function wireCode(code: Ec2ErrorCode): string {
  return code === 'InvalidGroup.NotFoundInDefaultVpc' ? 'InvalidGroup.NotFound' : code;
}
