/**
 * aws_instance and aws_network_interface: subnet, groups (none named → the VPC's default group), and whether a
 * public address is assigned at launch (associate_public_ip_address, else the subnet's map_public_ip_on_launch,
 * or an aws_eip / aws_eip_association of the plan). aws_network_interface_sg_attachment adds a group.
 */
import { isUnknown } from '../iac-estate-builder.ts';
import type { PlannedResource } from './tf-plan-file.ts';
import type { TfContext } from './tf-context.ts';

export function elasticIpTargets(ctx: TfContext): Set<string> {
  const out = new Set<string>();
  for (const r of [...ctx.resourcesOf('aws_eip'), ...ctx.resourcesOf('aws_eip_association')]) {
    for (const key of ['instance', 'instance_id', 'network_interface', 'network_interface_id']) {
      if (ctx.value(r, [key]) === undefined) continue;
      const target = ctx.reference(r, [key]);
      if (typeof target === 'string') out.add(target);
    }
  }
  return out;
}

/** Extra groups per interface from aws_network_interface_sg_attachment. */
export function extraGroups(ctx: TfContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of ctx.resourcesOf('aws_network_interface_sg_attachment')) {
    const eni = ctx.reference(r, ['network_interface_id']);
    const group = ctx.reference(r, ['security_group_id']);
    if (typeof eni === 'string' && typeof group === 'string') out.set(eni, [...(out.get(eni) ?? []), group]);
    else if (typeof group === 'string') ctx.builder.referenceGroup(group);
  }
  return out;
}

export function readInstance(ctx: TfContext, r: PlannedResource, eips: ReadonlySet<string>): void {
  const attached = ctx.value(r, ['network_interface']);
  if (Array.isArray(attached) && attached.length > 0) return; // the aws_network_interface resources carry it
  const subnet = ctx.reference(r, ['subnet_id']);
  const byId = ctx.value(r, ['vpc_security_group_ids']);
  const groups = byId !== undefined && !(Array.isArray(byId) && byId.length === 0) ? ctx.referenceList(r, ['vpc_security_group_ids']) : names(ctx, r);
  if (typeof subnet !== 'string') {
    ctx.builder.note(`${r.address}: not placed in a subnet (${subnet?.unknown ?? 'no subnet_id: default VPC'}); its groups count as used`);
    if (Array.isArray(groups)) for (const g of groups) ctx.builder.referenceGroup(g);
    return;
  }
  const associate = ctx.value(r, ['associate_public_ip_address']);
  const publicIp = associate === true || eips.has(r.address) || (typeof associate !== 'boolean' && ctx.builder.subnet(subnet)?.mapPublicIpOnLaunch === true);
  const v6count = ctx.value(r, ['ipv6_address_count']);
  const v6list = ctx.value(r, ['ipv6_addresses']);
  ctx.builder.addInterface({
    id: `${r.address}.eni0`,
    subnetId: subnet,
    groupIds: Array.isArray(groups) ? groups : groups === undefined ? undefined : [],
    ...(groups && isUnknown(groups) ? { groupsUnresolved: groups.unknown } : {}),
    ...(typeof ctx.value(r, ['private_ip']) === 'string' ? { privateIp: ctx.value(r, ['private_ip']) as string } : {}),
    publicIp,
    ipv6Count: typeof v6count === 'number' ? v6count : Array.isArray(v6list) ? v6list.length : 0,
    instanceId: r.address,
    location: ctx.location(r),
  });
}

export function readNetworkInterface(ctx: TfContext, r: PlannedResource, eips: ReadonlySet<string>, extra: ReadonlyMap<string, string[]>): void {
  const subnet = ctx.reference(r, ['subnet_id']);
  const groups = ctx.referenceList(r, ['security_groups']);
  const all = Array.isArray(groups) ? [...groups, ...(extra.get(r.address) ?? [])] : groups === undefined ? extra.get(r.address) : [];
  if (typeof subnet !== 'string') {
    ctx.builder.note(`${r.address}: subnet unresolved; its groups count as used`);
    for (const g of all ?? []) ctx.builder.referenceGroup(g);
    return;
  }
  const owner = ctx.resourcesOf('aws_instance').find((i) => {
    const blocks = ctx.value(i, ['network_interface']);
    return Array.isArray(blocks) && blocks.some((_, k) => ctx.reference(i, ['network_interface', k, 'network_interface_id']) === r.address);
  });
  const privateIps = ctx.value(r, ['private_ips']);
  ctx.builder.addInterface({
    id: r.address,
    subnetId: subnet,
    groupIds: all,
    ...(groups && isUnknown(groups) ? { groupsUnresolved: groups.unknown } : {}),
    ...(Array.isArray(privateIps) && typeof privateIps[0] === 'string' ? { privateIp: privateIps[0] } : {}),
    publicIp: eips.has(r.address) || (owner !== undefined && eips.has(owner.address)),
    ipv6Count: typeof ctx.value(r, ['ipv6_address_count']) === 'number' ? (ctx.value(r, ['ipv6_address_count']) as number) : 0,
    ...(owner ? { instanceId: owner.address } : {}),
    location: ctx.location(r),
  });
}

/** `security_groups` by name (default VPC style): names of planned groups map to their addresses. */
function names(ctx: TfContext, r: PlannedResource): string[] | undefined {
  const v = ctx.value(r, ['security_groups']);
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return v.map((n) => ctx.resourcesOf('aws_security_group').find((g) => g.values.name === n)?.address ?? `name:${String(n)}`);
}
