/**
 * Which resources take tags, by id prefix, and the code EC2 answers when a well-formed id names nothing
 * (aws-semantics.md §2; §3.9). An id with no known prefix is `InvalidID`.
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { idPrefixOf, isWellFormedId, type IdPrefix } from '../../core/ids.ts';
import type { Resource, ResourceView } from '../state/resource.ts';

/** Resource kind (= DescribeTags' resource-type) and not-found error, per id prefix. */
const TAGGABLE: Partial<Record<IdPrefix, { kind: string; notFound: (id: string) => Error }>> = {
  vpc: { kind: 'vpc', notFound: (id) => ec2Error('InvalidVpcID.NotFound', id) },
  subnet: { kind: 'subnet', notFound: (id) => ec2Error('InvalidSubnetID.NotFound', id) },
  sg: { kind: 'security-group', notFound: (id) => ec2Error('InvalidGroup.NotFound', id) },
  sgr: { kind: 'security-group-rule', notFound: (id) => ec2Error('InvalidSecurityGroupRuleId.NotFound', id) },
  acl: { kind: 'network-acl', notFound: (id) => ec2Error('InvalidNetworkAclID.NotFound', id) },
  igw: { kind: 'internet-gateway', notFound: (id) => ec2Error('InvalidInternetGatewayID.NotFound', id) },
  rtb: { kind: 'route-table', notFound: (id) => ec2Error('InvalidRouteTableID.NotFound', id) },
  eni: { kind: 'network-interface', notFound: (id) => ec2Error('InvalidNetworkInterfaceID.NotFound', id) },
  i: { kind: 'instance', notFound: (id) => ec2Error('InvalidInstanceID.NotFound', id) },
  pl: { kind: 'prefix-list', notFound: (id) => ec2Error('InvalidPrefixListID.NotFound', id) },
  lt: { kind: 'launch-template', notFound: (id) => ec2Error('InvalidLaunchTemplateId.NotFound', id) },
  eipalloc: { kind: 'elastic-ip', notFound: (id) => ec2Error('InvalidAllocationID.NotFound', id) },
};

export const TAGGABLE_KINDS: readonly string[] = Object.values(TAGGABLE).map((t) => t.kind);

export function requireTaggable(view: ResourceView, id: string): Resource {
  const prefix = idPrefixOf(id);
  const entry = prefix === undefined ? undefined : TAGGABLE[prefix];
  if (!entry || !isWellFormedId(prefix!, id)) throw ec2Error('InvalidID', id);
  const r = view.getOf<Resource>(entry.kind, id);
  if (!r) throw entry.notFound(id);
  return r;
}
