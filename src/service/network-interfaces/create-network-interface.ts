/**
 * CreateNetworkInterface (aws-semantics.md §3.15): an unattached interface in a subnet, with its groups (the VPC's
 * default group when none is given — UNCONFIRMED for this call, interface-groups.ts), its private addresses (asked
 * for or chosen by EC2, address-request.ts), its conntrack timeouts (§5.8) and tags. Too many groups answers
 * InvalidParameterValue "…exceeded limit 5 on the number of interface security group memberships" (observed). The
 * answer shows status `pending` (CLI-EX); describes show `available`. ClientToken makes retries idempotent.
 */
import type { CreateNetworkInterfaceRequest, CreateNetworkInterfaceResult, NetworkInterface } from '../../api/ec2/types.ts';
import { earlierResultOf } from '../client-token.ts';
import type { RequestContext } from '../context.ts';
import { requestFingerprint } from '../request-fingerprint.ts';
import { tagsFromSpecifications } from '../tags/tag-rules.ts';
import { requireSubnet } from '../vpcs/lookup.ts';
import { addNetworkInterface } from './add-network-interface.ts';
import { addressRequestOf } from './address-request.ts';
import { connectionTrackingFrom } from './connection-tracking.ts';
import { interfaceGroupIds, tooManyForCreate } from './interface-groups.ts';
import { SubnetAddressBook } from './private-addresses.ts';
import type { NetworkInterfaceRecord } from './records.ts';
import { networkInterfaceToWire } from './to-wire.ts';

export async function createNetworkInterface(input: CreateNetworkInterfaceRequest, ctx: RequestContext): Promise<CreateNetworkInterfaceResult> {
  const addresses = addressRequestOf(input);
  const connectionTracking = connectionTrackingFrom(input.ConnectionTrackingSpecification);
  const tags = tagsFromSpecifications(input.TagSpecifications, 'network-interface', ctx.quotas.tagsPerResource);
  const fingerprint = requestFingerprint(input);
  const eni = await ctx.write((tx) => {
    const earlier = earlierResultOf<NetworkInterfaceRecord>(tx, 'network-interface', input.ClientToken, (e) => e.requestFingerprint === fingerprint);
    if (earlier) return earlier;
    const subnet = requireSubnet(tx, input.SubnetId);
    const limit = ctx.quotas.securityGroupsPerInterface;
    const groupIds = interfaceGroupIds({ view: tx, subnet, limit, tooMany: tooManyForCreate(ctx.accountId, limit) }, input.Groups);
    return addNetworkInterface(tx, ctx, new SubnetAddressBook(tx, subnet), {
      subnet,
      groupIds,
      addresses,
      description: input.Description,
      interfaceType: input.InterfaceType,
      connectionTracking,
      tags,
      clientToken: input.ClientToken,
      requestFingerprint: fingerprint,
    });
  });
  const wire = networkInterfaceToWire({ view: ctx.view, ownerId: ctx.accountId, region: ctx.region }, eni);
  // `pending` is what EC2 answers (CLI-EX) though the model's enum lacks it.
  return { NetworkInterface: { ...wire, Status: 'pending' as NetworkInterface['Status'] }, ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
}
