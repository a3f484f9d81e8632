/**
 * Which instances one host enforces. An instance tagged `rampart:host=NAME` belongs to the agent started with
 * `--host NAME`; untagged instances (and interfaces without an instance) belong to the server's own host, the
 * in-process lab of `rampart serve --enforce`.
 *
 * Only the topology is filtered: a host builds namespaces for its own instances, but every router still compiles
 * the whole VPC, so group references (`members4_<sg>`) and NACLs see every interface wherever it runs.
 */
import type { Snapshot } from '../../core/model/snapshot.ts';

export const HOST_TAG = 'rampart:host';

/** `undefined` is the server's own host. */
export type HostName = string | undefined;

export function hostOf(tags: readonly { readonly key: string; readonly value: string }[] | undefined): HostName {
  const tag = tags?.find((t) => t.key === HOST_TAG);
  return tag && tag.value !== '' ? tag.value : undefined;
}

/**
 * The part of `snapshot` whose namespaces live on `host`: its instances and their interfaces, with every VPC,
 * subnet, route table and gateway (terminated instances are gone). Agents keep only the VPCs they run instances
 * of; the server's host keeps every VPC, so a new VPC gets its router at once.
 */
export function hostTopology(snapshot: Snapshot, host: HostName): Snapshot {
  const running = snapshot.instances.filter((i) => i.state !== 'terminated');
  const instanceHost = new Map(running.map((i) => [i.instanceId, hostOf(i.tags)]));
  const local = (instanceId: string | undefined): boolean => (instanceId === undefined ? host === undefined : instanceHost.has(instanceId) && instanceHost.get(instanceId) === host);
  const networkInterfaces = snapshot.networkInterfaces.filter((n) => local(n.instanceId));
  const vpcIds = new Set(networkInterfaces.map((n) => n.vpcId));
  return {
    ...snapshot,
    vpcs: host === undefined ? snapshot.vpcs : snapshot.vpcs.filter((v) => vpcIds.has(v.vpcId)),
    networkInterfaces,
    instances: running.filter((i) => local(i.instanceId)),
  };
}
