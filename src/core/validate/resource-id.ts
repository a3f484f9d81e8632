/**
 * Malformed-id checks with the code EC2 uses for each kind (aws-semantics.md §2: note the casing differences,
 * `InvalidVpcID.Malformed` but `InvalidNetworkAclId.Malformed`).
 */
import { ec2Error } from '../errors/ec2-error.ts';
import { isWellFormedId, type IdPrefix } from '../ids.ts';

const MALFORMED = {
  sg: 'InvalidGroupId.Malformed',
  sgr: 'InvalidSecurityGroupRuleId.Malformed',
  vpc: 'InvalidVpcID.Malformed',
  subnet: 'InvalidSubnetID.Malformed',
  acl: 'InvalidNetworkAclId.Malformed',
  igw: 'InvalidInternetGatewayId.Malformed',
  rtb: 'InvalidRouteTableId.Malformed',
  eni: 'InvalidNetworkInterfaceId.Malformed',
  i: 'InvalidInstanceID.Malformed',
  pl: 'InvalidPrefixListId.Malformed',
  lt: 'InvalidLaunchTemplateId.Malformed',
  ami: 'InvalidAMIID.Malformed',
} as const satisfies Partial<Record<IdPrefix, string>>;

export type CheckedPrefix = keyof typeof MALFORMED;

/** Throws `<Kind>.Malformed` unless `id` is `prefix-` + 8 or 17 hex digits. */
export function requireWellFormedId(prefix: CheckedPrefix, id: string): string {
  if (!isWellFormedId(prefix, id)) throw ec2Error(MALFORMED[prefix], id);
  return id;
}
