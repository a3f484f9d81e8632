/**
 * Instances and interfaces: which groups they carry (none named → the VPC's default group, as EC2 does), which
 * subnet, and whether a public address is assigned at launch (AssociatePublicIpAddress, the subnet's
 * MapPublicIpOnLaunch, or an Elastic IP associated in the template).
 */
import { isUnknown } from '../iac-estate-builder.ts';
import { boolOf, CfnContext, idOf, listOf, numberOf, type CfnResource } from './cfn-context.ts';
import { ResourceId, Unresolved, type Resolved } from './intrinsics.ts';

type Props = Record<string, Resolved>;

/** Instances and interfaces that an EIP or EIPAssociation of the template gives a public address. */
export function elasticIpTargets(ctx: CfnContext): Set<string> {
  const out = new Set<string>();
  for (const r of ctx.resources) {
    if (r.type !== 'AWS::EC2::EIP' && r.type !== 'AWS::EC2::EIPAssociation') continue;
    const p = ctx.resolve(r.properties) as Props;
    for (const key of ['InstanceId', 'NetworkInterfaceId']) {
      const id = p[key] !== undefined ? idOf(p[key], key) : undefined;
      if (typeof id === 'string') out.add(id);
    }
  }
  return out;
}

export function readInstance(ctx: CfnContext, r: CfnResource, eips: ReadonlySet<string>): void {
  const p = ctx.resolve(r.properties) as Props;
  const interfaces = listOf(p.NetworkInterfaces ?? null);
  if (Array.isArray(interfaces) && interfaces.length > 0) {
    interfaces.forEach((raw, i) => {
      const ni = (raw ?? {}) as Props;
      if (ni.NetworkInterfaceId !== undefined) return; // an AWS::EC2::NetworkInterface resource, read on its own
      const subnet = idOf(ni.SubnetId ?? null, 'SubnetId');
      const groups = groupIds(ni.GroupSet);
      const device = numberOf(ni.DeviceIndex ?? null, 'DeviceIndex');
      const id = `${r.logicalId}.eni${typeof device === 'number' ? device : i}`;
      if (isUnknown(subnet)) return unplaced(ctx, r, subnet.unknown, groups);
      ctx.builder.addInterface({
        id,
        subnetId: subnet,
        groupIds: groups.ids,
        ...(groups.unresolved ? { groupsUnresolved: groups.unresolved } : {}),
        ...(typeof ni.PrivateIpAddress === 'string' ? { privateIp: ni.PrivateIpAddress } : {}),
        publicIp: boolOf(ni.AssociatePublicIpAddress ?? null) === true || ((typeof device === 'number' ? device : i) === 0 && eips.has(r.logicalId)),
        ipv6Count: ipv6Count(ni),
        instanceId: r.logicalId,
        location: ctx.location(r, `NetworkInterfaces[${i}]`),
      });
    });
    return;
  }
  const subnet = p.SubnetId !== undefined ? idOf(p.SubnetId, 'SubnetId') : { unknown: 'no SubnetId (launched in the default VPC, which the template does not describe)' };
  const named = p.SecurityGroupIds !== undefined ? groupIds(p.SecurityGroupIds) : p.SecurityGroups !== undefined ? groupIds(p.SecurityGroups, true) : { ids: undefined };
  if (isUnknown(subnet)) return unplaced(ctx, r, subnet.unknown, named);
  ctx.builder.addInterface({
    id: `${r.logicalId}.eni0`,
    subnetId: subnet,
    groupIds: named.ids,
    ...(named.unresolved ? { groupsUnresolved: named.unresolved } : {}),
    ...(typeof p.PrivateIpAddress === 'string' ? { privateIp: p.PrivateIpAddress } : {}),
    publicIp: ctx.builder.subnet(subnet)?.mapPublicIpOnLaunch === true || eips.has(r.logicalId),
    ipv6Count: ipv6Count(p),
    instanceId: r.logicalId,
    location: ctx.location(r),
  });
}

export function readNetworkInterface(ctx: CfnContext, r: CfnResource, eips: ReadonlySet<string>): void {
  const p = ctx.resolve(r.properties) as Props;
  const subnet = idOf(p.SubnetId ?? null, 'SubnetId');
  const groups = groupIds(p.GroupSet);
  if (isUnknown(subnet)) return unplaced(ctx, r, subnet.unknown, groups);
  const owner = ctx.resources.find((i) => i.type === 'AWS::EC2::Instance' && JSON.stringify(ctx.resolve(i.properties.NetworkInterfaces ?? [])).includes(`"logicalId":"${r.logicalId}"`));
  ctx.builder.addInterface({
    id: r.logicalId,
    subnetId: subnet,
    groupIds: groups.ids,
    ...(groups.unresolved ? { groupsUnresolved: groups.unresolved } : {}),
    ...(typeof p.PrivateIpAddress === 'string' ? { privateIp: p.PrivateIpAddress } : {}),
    publicIp: eips.has(r.logicalId) || (owner !== undefined && eips.has(owner.logicalId)),
    ipv6Count: ipv6Count(p),
    ...(owner ? { instanceId: owner.logicalId } : {}),
    location: ctx.location(r),
  });
}

function groupIds(v: Resolved | undefined, byName = false): { ids: string[] | undefined; unresolved?: string } {
  const list = listOf(v ?? null);
  if (list === undefined) return { ids: undefined };
  if (list instanceof Unresolved) return { ids: [], unresolved: list.reason };
  const ids: string[] = [];
  let unresolved: string | undefined;
  for (const item of list) {
    if (item instanceof ResourceId) ids.push(item.key);
    else if (typeof item === 'string') ids.push(byName ? `name:${item}` : item);
    else unresolved = item instanceof Unresolved ? item.reason : 'a group id is not a string';
  }
  return { ids, ...(unresolved ? { unresolved } : {}) };
}

function ipv6Count(p: Props): number {
  const n = numberOf(p.Ipv6AddressCount ?? null, 'Ipv6AddressCount');
  if (typeof n === 'number') return n;
  return Array.isArray(p.Ipv6Addresses) ? p.Ipv6Addresses.length : 0;
}

function unplaced(ctx: CfnContext, r: CfnResource, why: string, groups: { ids: string[] | undefined; unresolved?: string }): void {
  ctx.builder.note(`${r.logicalId}: not placed in a subnet (${why}); its groups count as used, its reachability is not judged`);
  for (const g of groups.ids ?? []) ctx.builder.referenceGroup(g);
  if (groups.unresolved) ctx.builder.unresolvedGroupReference(`${r.logicalId} (${groups.unresolved})`);
}
