/**
 * RunInstances (aws-semantics.md §3.16): the launch spec (request over launch template, launch-spec.ts) and its
 * interfaces (interface-plans.ts), then MaxCount instances — or as many as the subnets' free addresses allow, at least
 * MinCount (else InsufficientFreeAddressesInSubnet) — in one reservation, all or nothing. Instances are `running` at
 * once (issue 5 §1); the answer shows `pending` as EC2's does. Any well-formed `ami-` id is accepted (there are no
 * images). A retry with the same ClientToken answers the same reservation and launches nothing.
 */
import type { Reservation, RunInstancesRequest } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Tag } from '../../core/model/tag.ts';
import { earlierResultOf } from '../client-token.ts';
import type { RequestContext } from '../context.ts';
import { drawPublicIpv4, publicAddressesInUse } from '../elastic-ips/public-ipv4-pool.ts';
import { addNetworkInterface } from '../network-interfaces/add-network-interface.ts';
import { addressesNeeded } from '../network-interfaces/address-request.ts';
import { AddressBooks } from '../network-interfaces/private-addresses.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import { requestFingerprint } from '../request-fingerprint.ts';
import type { RegionTx } from '../state/region-tx.ts';
import { interfacePlans, type InterfacePlan } from './interface-plans.ts';
import { launchSpecOf, type LaunchSpec } from './launch-spec.ts';
import { launchTagsOf } from './launch-tags.ts';
import { isVisible, type InstanceRecord } from './records.ts';
import { instanceToWire } from './to-wire.ts';

function validateCounts(input: RunInstancesRequest): void {
  if (!Number.isInteger(input.MinCount) || input.MinCount < 1) throw ec2Error('InvalidParameterValue', `Value (${input.MinCount}) for parameter minCount is invalid. Expected a positive integer.`);
  if (!Number.isInteger(input.MaxCount) || input.MaxCount < 1) throw ec2Error('InvalidParameterValue', `Value (${input.MaxCount}) for parameter maxCount is invalid. Expected a positive integer.`);
  if (input.MinCount > input.MaxCount) throw ec2Error('InvalidParameterValue', `Value (${input.MinCount}) for parameter minCount is invalid. It must be less than or equal to maxCount (${input.MaxCount}).`);
}

/** How many instances fit: each needs its plans' addresses in every subnet they use. */
function launchCount(books: AddressBooks, plans: readonly InterfacePlan[], input: RunInstancesRequest): number {
  const named = plans.some((p) => p.kind === 'existing' || (p.kind === 'new' && (p.addresses.primary !== undefined || p.addresses.secondaries.length > 0)));
  if (named && input.MaxCount > 1) {
    // An existing interface or a named address can serve one instance only (M; code UNCONFIRMED).
    throw ec2Error('InvalidParameterCombination', 'A network interface ID or a specific private IP address can be used when launching one instance only.');
  }
  const need = new Map<string, { book: ReturnType<AddressBooks['of']>; count: number }>();
  for (const p of plans) {
    if (p.kind !== 'new') continue;
    const entry = need.get(p.subnet.id) ?? { book: books.of(p.subnet), count: 0 };
    entry.count += addressesNeeded(p.addresses);
    need.set(p.subnet.id, entry);
  }
  let n = input.MaxCount;
  for (const { book, count } of need.values()) {
    const fits = Math.floor(book.freeCount / count);
    if (fits < input.MinCount) throw ec2Error('InsufficientFreeAddressesInSubnet', book.subnet.id);
    n = Math.min(n, fits);
  }
  return n;
}

/** Terminated instances past EC2's hour of visibility are dropped at the next launch or termination. */
export function dropExpiredInstances(tx: RegionTx, now: Date): void {
  for (const i of tx.list<InstanceRecord>('instance')) if (!isVisible(i, now)) tx.delete(i.id);
}

interface LaunchContext {
  readonly tx: RegionTx;
  readonly ctx: RequestContext;
  readonly spec: LaunchSpec;
  readonly plans: readonly InterfacePlan[];
  readonly books: AddressBooks;
  /** Public addresses in use, computed on the first launch that needs one. */
  readonly publicTaken: () => Set<string>;
  readonly networkInterfaceTags: readonly Tag[];
}

function launchInterfaces(l: LaunchContext, instanceId: string): NetworkInterfaceRecord[] {
  const attachTime = l.ctx.now.toISOString();
  return l.plans.map((p) => {
    const attachment = { attachmentId: l.ctx.newId('eni-attach'), instanceId, deviceIndex: p.deviceIndex, deleteOnTermination: p.deleteOnTermination, attachTime };
    if (p.kind === 'existing') return l.tx.put<NetworkInterfaceRecord>({ ...p.eni, attachment });
    return addNetworkInterface(l.tx, l.ctx, l.books.of(p.subnet), {
      subnet: p.subnet,
      groupIds: p.groupIds,
      addresses: p.addresses,
      description: p.description,
      interfaceType: p.interfaceType,
      connectionTracking: p.connectionTracking,
      attachment,
      amazonPublicIp: p.publicIp ? drawPublicIpv4(l.publicTaken()) : undefined,
      tags: l.networkInterfaceTags,
    });
  });
}

export async function runInstances(input: RunInstancesRequest, ctx: RequestContext): Promise<Reservation> {
  validateCounts(input);
  const fingerprint = requestFingerprint(input);
  const instances = await ctx.write((tx) => {
    const earlier = earlierResultOf<InstanceRecord>(tx, 'instance', input.ClientToken, (i) => i.requestFingerprint === fingerprint);
    if (earlier) return tx.list<InstanceRecord>('instance').filter((i) => i.reservationId === earlier.reservationId);
    dropExpiredInstances(tx, ctx.now);
    const spec = launchSpecOf(tx, input);
    const tags = launchTagsOf(spec, ctx.quotas.tagsPerResource);
    const plans = interfacePlans(tx, spec, ctx.quotas);
    const books = new AddressBooks(tx);
    const count = launchCount(books, plans, input);
    let taken: Set<string> | undefined;
    const publicTaken = (): Set<string> => (taken ??= publicAddressesInUse(tx));
    const launch: LaunchContext = { tx, ctx, spec, plans, books, publicTaken, networkInterfaceTags: tags.networkInterface };
    const reservationId = ctx.newId('r');
    const primarySubnet = plans[0].subnet;
    const launched: InstanceRecord[] = [];
    for (let k = 0; k < count; k++) {
      const id = ctx.newId('i');
      const enis = launchInterfaces(launch, id);
      launched.push(
        tx.put<InstanceRecord>({
          kind: 'instance',
          id,
          reservationId,
          imageId: spec.imageId,
          instanceType: spec.instanceType,
          ...(spec.keyName !== undefined ? { keyName: spec.keyName } : {}),
          launchTime: ctx.now.toISOString(),
          amiLaunchIndex: k,
          availabilityZone: primarySubnet.availabilityZone,
          subnetId: primarySubnet.id,
          vpcId: primarySubnet.parentId,
          state: 'running',
          networkInterfaceIds: enis.map((e) => e.id),
          monitoring: spec.monitoring,
          ebsOptimized: spec.ebsOptimized,
          disableApiTermination: spec.disableApiTermination,
          disableApiStop: spec.disableApiStop,
          instanceInitiatedShutdownBehavior: spec.instanceInitiatedShutdownBehavior,
          ...(spec.userData !== undefined ? { userData: spec.userData } : {}),
          ...(spec.metadataOptions ? { metadataOptions: spec.metadataOptions } : {}),
          ...(spec.launchTemplate ? { launchTemplate: spec.launchTemplate } : {}),
          ...(tags.instance.length > 0 ? { tags: tags.instance } : {}),
          ...(input.ClientToken ? { clientToken: input.ClientToken, requestFingerprint: fingerprint } : {}),
        }),
      );
    }
    return launched;
  });
  const wire = { view: ctx.view, ownerId: ctx.accountId, region: ctx.region };
  return {
    ReservationId: instances[0].reservationId,
    OwnerId: ctx.accountId,
    Instances: instances.map((i) => instanceToWire(wire, i, true)),
  };
}
