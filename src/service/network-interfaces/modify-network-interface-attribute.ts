/**
 * ModifyNetworkInterfaceAttribute (aws-semantics.md §3.15): "You can specify only one attribute at a time."
 * `SecurityGroupId.N` replaces the set — ids only, same VPC, at least one (an empty list cannot be sent), at most the
 * quota (SecurityGroupsPerInterfaceLimitExceeded, observed); `SourceDestCheck.Value`, `Description.Value`,
 * `Attachment.{AttachmentId,DeleteOnTermination}`, `ConnectionTrackingSpecification.*` (merged with what is set);
 * `AssociatePublicIpAddress` gives or takes the primary address's Amazon public IP. None, or several, of them →
 * InvalidParameterCombination (code UNCONFIRMED). ENA Express, primary IPv6 and subnet association are not modelled.
 */
import type { ModifyNetworkInterfaceAttributeRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { drawPublicIpv4, publicAddressesInUse } from '../elastic-ips/public-ipv4-pool.ts';
import type { RegionTx } from '../state/region-tx.ts';
import type { SubnetRecord } from '../vpcs/records.ts';
import { connectionTrackingFrom } from './connection-tracking.ts';
import { interfaceGroupIds } from './interface-groups.ts';
import { requireNetworkInterface } from './lookup.ts';
import { primaryAddress, type NetworkInterfaceRecord } from './records.ts';

const ATTRIBUTES = [
  'Description',
  'SourceDestCheck',
  'Groups',
  'Attachment',
  'ConnectionTrackingSpecification',
  'AssociatePublicIpAddress',
  'EnaSrdSpecification',
  'EnablePrimaryIpv6',
  'AssociatedSubnetIds',
] as const satisfies readonly (keyof ModifyNetworkInterfaceAttributeRequest)[];

export function onlyOneAttribute<T extends object>(input: T, names: readonly (keyof T & string)[]): keyof T & string {
  const given = names.filter((n) => input[n] !== undefined);
  if (given.length === 0) throw ec2Error('InvalidParameterCombination', `No attribute specified: give one of ${names.join(', ')}.`);
  if (given.length > 1) throw ec2Error('InvalidParameterCombination', `Fields for multiple attribute types specified: ${given.join(', ')}`);
  return given[0];
}

/** Sets or clears the Amazon public IP of the primary address; an Elastic IP there stays. */
function setAmazonPublicIp(tx: RegionTx, eni: NetworkInterfaceRecord, wanted: boolean): NetworkInterfaceRecord {
  const primary = primaryAddress(eni);
  if (primary.association?.allocationId) return { ...eni, wantsAmazonPublicIp: wanted };
  const association = wanted ? (primary.association ?? { publicIp: drawPublicIpv4(publicAddressesInUse(tx)) }) : undefined;
  return {
    ...eni,
    wantsAmazonPublicIp: wanted,
    privateAddresses: eni.privateAddresses.map((a) => {
      if (a !== primary) return a;
      const { association: _old, ...rest } = a;
      return association ? { ...rest, association } : rest;
    }),
  };
}

function modified(tx: RegionTx, eni: NetworkInterfaceRecord, input: ModifyNetworkInterfaceAttributeRequest, ctx: RequestContext): NetworkInterfaceRecord {
  switch (onlyOneAttribute(input, ATTRIBUTES)) {
    case 'Description':
      return { ...eni, description: input.Description!.Value ?? '' };
    case 'SourceDestCheck':
      if (input.SourceDestCheck!.Value === undefined) throw ec2Error('MissingParameter', 'SourceDestCheck.Value');
      return { ...eni, sourceDestCheck: input.SourceDestCheck!.Value };
    case 'Groups': {
      const subnet = tx.getOf<SubnetRecord>('subnet', eni.parentId)!;
      const groupIds = interfaceGroupIds(
        { view: tx, subnet, limit: ctx.quotas.securityGroupsPerInterface, tooMany: () => ec2Error('SecurityGroupsPerInterfaceLimitExceeded') },
        input.Groups,
      );
      return { ...eni, groupIds };
    }
    case 'Attachment': {
      const change = input.Attachment!;
      if (change.AttachmentId === undefined) throw ec2Error('MissingParameter', 'Attachment.AttachmentId');
      if (!eni.attachment || eni.attachment.attachmentId !== change.AttachmentId) throw ec2Error('InvalidAttachmentID.NotFound', change.AttachmentId);
      if (change.DeleteOnTermination === undefined) return eni;
      return { ...eni, attachment: { ...eni.attachment, deleteOnTermination: change.DeleteOnTermination } };
    }
    case 'ConnectionTrackingSpecification':
      return { ...eni, connectionTracking: connectionTrackingFrom(input.ConnectionTrackingSpecification, eni.connectionTracking) };
    case 'AssociatePublicIpAddress':
      return setAmazonPublicIp(tx, eni, input.AssociatePublicIpAddress!);
    default:
      throw ec2Error('InvalidParameterValue', 'Rampart does not model ENA Express, primary IPv6 addresses or interface subnet associations yet.');
  }
}

export async function modifyNetworkInterfaceAttribute(input: ModifyNetworkInterfaceAttributeRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const eni = requireNetworkInterface(tx, input.NetworkInterfaceId);
    tx.put(modified(tx, eni, input, ctx));
  });
  return {};
}
