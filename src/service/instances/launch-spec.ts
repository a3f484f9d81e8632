/**
 * What RunInstances launches: the request's parameters over the launch template's (aws-semantics.md §3.16: "Any
 * additional parameters that you specify for the new instance overwrite the corresponding parameters included in the
 * launch template" — member by member at the top level; tags of both are merged, the request's winning per key,
 * UNCONFIRMED), then EC2's parameter-combination rules (§2, InvalidParameterCombination, observed messages) checked on
 * the result, so a template with interfaces and a request with instance-level groups fails as EC2 fails.
 */
import type { InstanceMetadataOptionsRequest, InstanceNetworkInterfaceSpecification, RunInstancesRequest, Tag as WireTag } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import { requireTemplate, requireVersion } from '../launch-templates/lookup.ts';
import type { ResourceView } from '../state/resource.ts';

export interface LaunchSpec {
  readonly imageId: string;
  readonly instanceType: string;
  readonly keyName?: string;
  readonly securityGroupIds?: readonly string[];
  readonly securityGroupNames?: readonly string[];
  readonly subnetId?: string;
  readonly privateIpAddress?: string;
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly unknown[];
  readonly networkInterfaces?: readonly InstanceNetworkInterfaceSpecification[];
  readonly availabilityZone?: string;
  readonly userData?: string;
  readonly monitoring: boolean;
  readonly ebsOptimized: boolean;
  readonly disableApiTermination: boolean;
  readonly disableApiStop: boolean;
  readonly instanceInitiatedShutdownBehavior: 'stop' | 'terminate';
  readonly metadataOptions?: InstanceMetadataOptionsRequest;
  readonly tagSpecifications: readonly { readonly resourceType: string; readonly tags: readonly WireTag[] }[];
  readonly launchTemplate?: { readonly id: string; readonly name: string; readonly version: string };
}

/** EC2's default instance type when neither request nor template names one (M, RunInstances). */
export const DEFAULT_INSTANCE_TYPE = 'm1.small';

const nonEmpty = <T>(list: readonly T[] | undefined): readonly T[] | undefined => (list && list.length > 0 ? list : undefined);

export function launchSpecOf(view: ResourceView, input: RunInstancesRequest): LaunchSpec {
  const ref = input.LaunchTemplate;
  const template = ref ? requireTemplate(view, ref) : undefined;
  const version = template ? requireVersion(view, template, ref!.Version) : undefined;
  const t = version?.data ?? {};
  const imageId = input.ImageId ?? t.ImageId;
  if (imageId === undefined) throw ec2Error('MissingParameter', 'ImageId');
  // Any well-formed `ami-` id is accepted: Rampart has no images (issue 5 §3).
  requireWellFormedId('ami', imageId);
  const spec: LaunchSpec = {
    imageId,
    instanceType: input.InstanceType ?? t.InstanceType ?? DEFAULT_INSTANCE_TYPE,
    keyName: input.KeyName ?? t.KeyName,
    securityGroupIds: nonEmpty(input.SecurityGroupIds) ?? nonEmpty(t.SecurityGroupIds),
    securityGroupNames: nonEmpty(input.SecurityGroups) ?? nonEmpty(t.SecurityGroups),
    subnetId: input.SubnetId,
    privateIpAddress: input.PrivateIpAddress,
    ipv6AddressCount: input.Ipv6AddressCount,
    ipv6Addresses: input.Ipv6Addresses,
    networkInterfaces: nonEmpty(input.NetworkInterfaces) ?? (nonEmpty(t.NetworkInterfaces) as readonly InstanceNetworkInterfaceSpecification[] | undefined),
    availabilityZone: input.Placement?.AvailabilityZone ?? t.Placement?.AvailabilityZone,
    userData: input.UserData ?? t.UserData,
    monitoring: input.Monitoring?.Enabled ?? t.Monitoring?.Enabled ?? false,
    ebsOptimized: input.EbsOptimized ?? t.EbsOptimized ?? false,
    disableApiTermination: input.DisableApiTermination ?? t.DisableApiTermination ?? false,
    disableApiStop: input.DisableApiStop ?? t.DisableApiStop ?? false,
    instanceInitiatedShutdownBehavior: input.InstanceInitiatedShutdownBehavior ?? t.InstanceInitiatedShutdownBehavior ?? 'stop',
    metadataOptions: input.MetadataOptions ?? (t.MetadataOptions as InstanceMetadataOptionsRequest | undefined),
    tagSpecifications: [...(t.TagSpecifications ?? []), ...(input.TagSpecifications ?? [])].map((s) => ({ resourceType: s.ResourceType ?? '', tags: s.Tags ?? [] })),
    ...(template && version ? { launchTemplate: { id: template.id, name: template.name, version: String(version.versionNumber) } } : {}),
  };
  checkCombinations(spec, input);
  return spec;
}

/** The InvalidParameterCombination cases of aws-semantics.md §2 and §3.16 (observed messages where known). */
function checkCombinations(spec: LaunchSpec, input: RunInstancesRequest): void {
  const fail = (message: string): never => {
    throw ec2Error('InvalidParameterCombination', message);
  };
  if (spec.networkInterfaces) {
    if (spec.securityGroupIds || spec.securityGroupNames) fail('Network interfaces and an instance-level security groups may not be specified on the same request');
    if (spec.subnetId !== undefined) fail('Network interfaces and an instance-level subnet ID may not be specified on the same request');
    // The next two follow the same pattern; wording UNCONFIRMED (M: "You cannot specify this option and the network interfaces option").
    if (spec.privateIpAddress !== undefined) fail('Network interfaces and an instance-level private IP address may not be specified on the same request');
    if ((spec.ipv6AddressCount ?? 0) > 0 || (spec.ipv6Addresses?.length ?? 0) > 0) fail('Network interfaces and an instance-level IPv6 addresses may not be specified on the same request');
  }
  if (spec.securityGroupNames && spec.subnetId !== undefined) fail('The parameter groupName cannot be used with the parameter subnet');
  if (spec.privateIpAddress !== undefined && input.MaxCount > 1) {
    // M: "You cannot specify this option if you're launching more than one instance in the request" (code UNCONFIRMED).
    fail('The parameter privateIpAddress cannot be used when launching more than one instance');
  }
}
