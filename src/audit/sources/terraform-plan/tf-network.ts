/**
 * VPCs (and what EC2 creates with them, unless adopted by aws_default_*), subnets, network ACLs (inline blocks,
 * aws_network_acl_rule, associations, aws_default_network_acl), route tables and routes, internet gateways and
 * managed prefix lists.
 */
import type { NetworkAclEntry, } from '../../../core/model/network-acl.ts';
import type { Route } from '../../../core/model/network.ts';
import { parseCidr } from '../../../core/net/cidr.ts';
import { parseProtocolText, TCP, UDP, ICMP, ICMPV6 } from '../../../core/net/protocol.ts';
import { isUnknown } from '../iac-estate-builder.ts';
import type { PlannedResource } from './tf-plan-file.ts';
import type { TfContext } from './tf-context.ts';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function readVpc(ctx: TfContext, r: PlannedResource): void {
  const cidr = text(ctx.value(r, ['cidr_block']));
  if (!cidr) ctx.builder.note(`${r.address}: cidr_block is unknown before apply (IPAM?); the VPC has no CIDR in this audit`);
  ctx.builder.addVpc(r.address, cidr ? [cidr] : [], [], ctx.location(r));
  const v6 = ctx.value(r, ['ipv6_cidr_block']);
  if (text(v6) || ctx.value(r, ['assign_generated_ipv6_cidr_block']) === true) ctx.builder.addVpcIpv6(r.address, text(v6));
}

export function readVpcIpv6Association(ctx: TfContext, r: PlannedResource): void {
  const vpc = ctx.reference(r, ['vpc_id']);
  if (typeof vpc === 'string') ctx.builder.addVpcIpv6(vpc, text(ctx.value(r, ['ipv6_cidr_block'])));
}

export function readSubnet(ctx: TfContext, r: PlannedResource): void {
  const vpc = ctx.reference(r, ['vpc_id']);
  const cidr = parseCidr(text(ctx.value(r, ['cidr_block'])) ?? '', 4);
  if (typeof vpc !== 'string' || !cidr) {
    ctx.builder.note(`${r.address}: subnet skipped (${typeof vpc !== 'string' ? (vpc?.unknown ?? 'no vpc_id') : 'cidr_block unknown'})`);
    return;
  }
  const v6 = parseCidr(text(ctx.value(r, ['ipv6_cidr_block'])) ?? '', 6);
  ctx.builder.addSubnet(
    { subnetId: r.address, vpcId: vpc, cidr, ipv6Cidrs: v6 ? [v6] : [], mapPublicIpOnLaunch: ctx.value(r, ['map_public_ip_on_launch']) === true, defaultForAz: false },
    ctx.location(r),
  );
}

export function readNetworkAcl(ctx: TfContext, r: PlannedResource): void {
  const isDefault = r.type === 'aws_default_network_acl';
  let vpc: string | undefined;
  if (isDefault) {
    // default_network_acl_id = aws_vpc.main.default_network_acl_id: the reference names the VPC.
    const target = ctx.referencesAt(r, ['default_network_acl_id'])[0];
    vpc = target && ctx.byAddress.get(target)?.type === 'aws_vpc' ? target : undefined;
  } else {
    const v = ctx.reference(r, ['vpc_id']);
    vpc = typeof v === 'string' ? v : undefined;
  }
  ctx.builder.addNetworkAcl(r.address, vpc ?? '(unresolved VPC)', ctx.location(r), isDefault);
  if (isDefault && vpc) ctx.builder.adoptDefaultAcl(vpc, r.address);
  for (const direction of ['ingress', 'egress'] as const) {
    const blocks = ctx.value(r, [direction]);
    if (!Array.isArray(blocks)) continue;
    blocks.forEach((b, i) => addEntry(ctx, r, r.address, direction === 'egress', (b ?? {}) as Record<string, unknown>, 'rule_no', 'action', `${direction}[${i}]`));
  }
  const subnets = ctx.referenceList(r, ['subnet_ids']);
  if (Array.isArray(subnets)) for (const s of subnets) ctx.builder.associateNetworkAcl(s, r.address);
  else if (subnets && isUnknown(subnets) && r.expressions?.subnet_ids) ctx.builder.note(`${r.address}: subnet_ids unresolved (${subnets.unknown})`);
}

export function readNetworkAclRule(ctx: TfContext, r: PlannedResource): void {
  const acl = ctx.reference(r, ['network_acl_id']);
  if (typeof acl !== 'string') return ctx.builder.note(`${r.address}: network_acl_id unresolved; entry skipped`);
  addEntry(ctx, r, acl, ctx.value(r, ['egress']) === true, r.values, 'rule_number', 'rule_action', undefined);
}

export function readNetworkAclAssociation(ctx: TfContext, r: PlannedResource): void {
  const subnet = ctx.reference(r, ['subnet_id']);
  const acl = ctx.reference(r, ['network_acl_id']);
  if (typeof subnet === 'string' && typeof acl === 'string') ctx.builder.associateNetworkAcl(subnet, acl);
}

function addEntry(ctx: TfContext, r: PlannedResource, aclId: string, egress: boolean, b: Record<string, unknown>, numberKey: string, actionKey: string, property: string | undefined): void {
  const protocolText = String(b.protocol ?? '').toLowerCase();
  const protocol = protocolText === 'all' ? -1 : parseProtocolText(protocolText);
  const cidr = parseCidr(text(b.cidr_block) ?? '', 4) ?? parseCidr(text(b.ipv6_cidr_block) ?? '', 6);
  const number = Number(b[numberKey]);
  if (protocol === undefined || !cidr || !Number.isInteger(number)) {
    ctx.builder.note(`${r.address}${property ? ` ${property}` : ''}: network ACL entry skipped, it cannot be evaluated (protocol, CIDR or rule number unknown)`);
    return;
  }
  const entry: NetworkAclEntry = {
    ruleNumber: number,
    egress,
    action: String(b[actionKey]).toLowerCase() === 'deny' ? 'deny' : 'allow',
    protocol,
    cidr,
    ...((protocol === TCP || protocol === UDP) && typeof b.from_port === 'number' && typeof b.to_port === 'number' ? { portRange: { from: b.from_port, to: b.to_port } } : {}),
    ...((protocol === ICMP || protocol === ICMPV6) && (b.icmp_type !== undefined || b.icmp_code !== undefined)
      ? { icmp: { type: Number(b.icmp_type ?? -1), code: Number(b.icmp_code ?? -1) } }
      : {}),
  };
  ctx.builder.addNaclEntry(aclId, entry, ctx.location(r, property));
}

export function readRouteTable(ctx: TfContext, r: PlannedResource): void {
  const isDefault = r.type === 'aws_default_route_table';
  let vpc: string | undefined;
  if (isDefault) {
    const target = ctx.referencesAt(r, ['default_route_table_id'])[0];
    vpc = target && ctx.byAddress.get(target)?.type === 'aws_vpc' ? target : undefined;
  } else {
    const v = ctx.reference(r, ['vpc_id']);
    vpc = typeof v === 'string' ? v : undefined;
  }
  ctx.builder.addRouteTable(r.address, vpc ?? '(unresolved VPC)', ctx.location(r), isDefault);
  if (isDefault && vpc) ctx.builder.adoptMainTable(vpc, r.address);
  const routes = ctx.value(r, ['route']);
  if (!Array.isArray(routes)) return;
  routes.forEach((route, i) => {
    const b = (route ?? {}) as Record<string, unknown>;
    const blocks = r.expressions?.route;
    const exprIndex = Array.isArray(blocks) && blocks.length === routes.length ? i : undefined;
    addRoute(ctx, r, r.address, ['route', i], exprIndex === undefined ? undefined : ['route', exprIndex], b.cidr_block ?? b.ipv6_cidr_block, b.destination_prefix_list_id);
  });
}

export function readRoute(ctx: TfContext, r: PlannedResource): void {
  const table = ctx.reference(r, ['route_table_id']);
  if (typeof table !== 'string') return ctx.builder.note(`${r.address}: route_table_id unresolved; route skipped`);
  addRoute(ctx, r, table, [], undefined, r.values.destination_cidr_block ?? r.values.destination_ipv6_cidr_block, r.values.destination_prefix_list_id);
}

function addRoute(ctx: TfContext, r: PlannedResource, tableId: string, path: Array<string | number>, exprPath: Array<string | number> | undefined, destinationText: unknown, prefixList: unknown): void {
  const destination = parseCidr(text(destinationText) ?? '') ?? (text(prefixList) ? { prefixListId: text(prefixList)! } : undefined);
  if (!destination) return ctx.builder.note(`${r.address}: a route destination is unknown; route skipped`);
  const targetOf = (key: string): string | undefined => {
    const known = text(ctx.value(r, [...path, key]));
    if (known) return known;
    return ctx.referencesAt(r, [...path, key], exprPath ? [...exprPath, key] : undefined)[0];
  };
  const gateway = targetOf('gateway_id');
  const peering = targetOf('vpc_peering_connection_id');
  let target: Route['target'];
  if (gateway && (ctx.byAddress.get(gateway)?.type === 'aws_internet_gateway' || gateway.startsWith('igw-'))) target = { kind: 'internet-gateway', id: gateway };
  else if (peering) target = { kind: 'other', id: peering.startsWith('pcx-') ? peering : `pcx-${peering}` };
  else target = { kind: 'other', id: gateway ?? targetOf('nat_gateway_id') ?? targetOf('transit_gateway_id') ?? targetOf('network_interface_id') ?? 'unresolved-target' };
  ctx.builder.addRoute(tableId, { destination, target, active: true });
}

export function readRouteTableAssociation(ctx: TfContext, r: PlannedResource): void {
  const table = ctx.reference(r, ['route_table_id']);
  if (typeof table !== 'string') return;
  if (r.type === 'aws_main_route_table_association') {
    const vpc = ctx.reference(r, ['vpc_id']);
    if (typeof vpc === 'string') ctx.builder.adoptMainTable(vpc, table);
    return;
  }
  const subnet = ctx.reference(r, ['subnet_id']);
  if (typeof subnet === 'string') ctx.builder.associateRouteTable(subnet, table);
}

export function readInternetGateway(ctx: TfContext, r: PlannedResource): void {
  ctx.builder.addInternetGateway(r.address, ctx.location(r));
  const vpc = ctx.reference(r, ['vpc_id']);
  if (typeof vpc === 'string') ctx.builder.attachInternetGateway(r.address, vpc);
}

export function readGatewayAttachment(ctx: TfContext, r: PlannedResource): void {
  const gateway = ctx.reference(r, ['internet_gateway_id']);
  const vpc = ctx.reference(r, ['vpc_id']);
  if (typeof gateway === 'string' && typeof vpc === 'string') ctx.builder.attachInternetGateway(gateway, vpc);
}

export function readPrefixList(ctx: TfContext, r: PlannedResource, standaloneEntries: ReadonlyMap<string, string[]>): void {
  const family = ctx.value(r, ['address_family']) === 'IPv6' ? 6 : 4;
  const entries = ctx.value(r, ['entry']);
  const texts = [...(Array.isArray(entries) ? entries.map((e) => String((e as Record<string, unknown>)?.cidr ?? '')) : []), ...(standaloneEntries.get(r.address) ?? [])];
  const cidrs = texts.map((t) => parseCidr(t, family));
  const unknown = isUnknown(entries) || cidrs.some((c) => c === undefined);
  if (unknown) ctx.builder.note(`${r.address}: some prefix-list entries are unknown; rules that use the list are UNKNOWN`);
  const max = ctx.value(r, ['max_entries']);
  ctx.builder.addPrefixList(
    {
      prefixListId: r.address,
      prefixListName: text(ctx.value(r, ['name'])) ?? r.address,
      addressFamily: family,
      maxEntries: typeof max === 'number' ? max : cidrs.length,
      version: 1,
      entries: unknown ? [] : cidrs.map((cidr) => ({ cidr: cidr! })),
    },
    ctx.location(r),
  );
}
