/**
 * The network around the groups: VPCs (and their IPv6 blocks), subnets, network ACLs with their entries and
 * associations, route tables, routes, internet gateways and prefix lists.
 */
import type { NetworkAclEntry } from '../../../core/model/network-acl.ts';
import type { Route } from '../../../core/model/network.ts';
import { parseCidr } from '../../../core/net/cidr.ts';
import { isUnknown } from '../iac-estate-builder.ts';
import { boolOf, CfnContext, idOf, numberOf, textOf, type CfnResource } from './cfn-context.ts';
import type { Resolved } from './intrinsics.ts';

type Props = Record<string, Resolved>;

const props = (ctx: CfnContext, r: CfnResource) => ctx.resolve(r.properties) as Props;

export function readVpc(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  const cidr = textOf(p.CidrBlock ?? null, 'CidrBlock');
  if (cidr === undefined || isUnknown(cidr)) ctx.builder.note(`${r.logicalId}: CidrBlock unresolved${cidr ? ` (${cidr.unknown})` : ''}`);
  ctx.builder.addVpc(r.logicalId, typeof cidr === 'string' ? [cidr] : [], [], ctx.location(r));
}

export function readVpcCidrBlock(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  const vpc = idOf(p.VpcId ?? null, 'VpcId');
  if (isUnknown(vpc)) return;
  if (boolOf(p.AmazonProvidedIpv6CidrBlock ?? null) || p.Ipv6CidrBlock !== undefined || p.Ipv6Pool !== undefined) {
    const block = textOf(p.Ipv6CidrBlock ?? null, 'Ipv6CidrBlock');
    ctx.builder.addVpcIpv6(vpc, typeof block === 'string' ? block : undefined);
  }
}

export function readSubnet(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  const vpc = idOf(p.VpcId ?? null, 'VpcId');
  const cidrText = textOf(p.CidrBlock ?? null, 'CidrBlock');
  const cidr = typeof cidrText === 'string' ? parseCidr(cidrText, 4) : undefined;
  if (isUnknown(vpc) || !cidr) {
    ctx.builder.note(`${r.logicalId}: subnet skipped (${isUnknown(vpc) ? vpc.unknown : `CidrBlock ${isUnknown(cidrText) ? cidrText.unknown : 'missing or invalid'}`})`);
    return;
  }
  const v6 = textOf(p.Ipv6CidrBlock ?? null, 'Ipv6CidrBlock');
  const v6cidr = typeof v6 === 'string' ? parseCidr(v6, 6) : undefined;
  ctx.builder.addSubnet(
    { subnetId: r.logicalId, vpcId: vpc, cidr, ipv6Cidrs: v6cidr ? [v6cidr] : [], mapPublicIpOnLaunch: boolOf(p.MapPublicIpOnLaunch ?? null) ?? false, defaultForAz: false },
    ctx.location(r),
  );
}

export function readNetworkAcl(ctx: CfnContext, r: CfnResource): void {
  const vpc = idOf(props(ctx, r).VpcId ?? null, 'VpcId');
  ctx.builder.addNetworkAcl(r.logicalId, isUnknown(vpc) ? '(unresolved VPC)' : vpc, ctx.location(r));
}

export function readNetworkAclEntry(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  const acl = idOf(p.NetworkAclId ?? null, 'NetworkAclId');
  const number = numberOf(p.RuleNumber ?? null, 'RuleNumber');
  const protocol = numberOf(p.Protocol ?? null, 'Protocol');
  const action = textOf(p.RuleAction ?? null, 'RuleAction');
  const v4 = textOf(p.CidrBlock ?? null, 'CidrBlock');
  const v6 = textOf(p.Ipv6CidrBlock ?? null, 'Ipv6CidrBlock');
  const cidr = typeof v4 === 'string' ? parseCidr(v4, 4) : typeof v6 === 'string' ? parseCidr(v6, 6) : undefined;
  const problem = [acl, number, protocol, action, v4 ?? v6].find(isUnknown)?.unknown ?? (!cidr ? 'no valid CidrBlock or Ipv6CidrBlock' : undefined);
  if (problem || isUnknown(acl) || typeof number !== 'number' || typeof protocol !== 'number' || !cidr) {
    ctx.builder.note(`${r.logicalId}: network ACL entry skipped, it cannot be evaluated (${problem ?? 'RuleNumber or Protocol missing'})`);
    return;
  }
  const range = p.PortRange as Props | undefined;
  const icmp = p.Icmp as Props | undefined;
  const from = range ? numberOf(range.From ?? null, 'PortRange.From') : undefined;
  const to = range ? numberOf(range.To ?? null, 'PortRange.To') : undefined;
  const type = icmp ? numberOf(icmp.Type ?? null, 'Icmp.Type') : undefined;
  const code = icmp ? numberOf(icmp.Code ?? null, 'Icmp.Code') : undefined;
  const entry: NetworkAclEntry = {
    ruleNumber: number,
    egress: boolOf(p.Egress ?? null) ?? false,
    action: String(action).toLowerCase() === 'deny' ? 'deny' : 'allow',
    protocol,
    cidr,
    ...(typeof from === 'number' && typeof to === 'number' ? { portRange: { from, to } } : {}),
    ...(icmp ? { icmp: { type: typeof type === 'number' ? type : -1, code: typeof code === 'number' ? code : -1 } } : {}),
  };
  ctx.builder.addNaclEntry(acl, entry, ctx.location(r));
}

export function readSubnetAclAssociation(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  const subnet = idOf(p.SubnetId ?? null, 'SubnetId');
  const acl = idOf(p.NetworkAclId ?? null, 'NetworkAclId');
  if (!isUnknown(subnet) && !isUnknown(acl)) ctx.builder.associateNetworkAcl(subnet, acl);
  else ctx.builder.note(`${r.logicalId}: association unresolved`);
}

export function readRouteTable(ctx: CfnContext, r: CfnResource): void {
  const vpc = idOf(props(ctx, r).VpcId ?? null, 'VpcId');
  ctx.builder.addRouteTable(r.logicalId, isUnknown(vpc) ? '(unresolved VPC)' : vpc, ctx.location(r));
}

export function readRoute(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  const table = idOf(p.RouteTableId ?? null, 'RouteTableId');
  if (isUnknown(table)) return ctx.builder.note(`${r.logicalId}: route skipped (${table.unknown})`);
  const dest = textOf(p.DestinationCidrBlock ?? p.DestinationIpv6CidrBlock ?? null, 'destination');
  const list = p.DestinationPrefixListId !== undefined ? idOf(p.DestinationPrefixListId, 'DestinationPrefixListId') : undefined;
  const destination = typeof dest === 'string' ? parseCidr(dest) : typeof list === 'string' ? { prefixListId: list } : undefined;
  if (!destination) return ctx.builder.note(`${r.logicalId}: route skipped (destination unresolved)`);
  const gateway = p.GatewayId !== undefined ? idOf(p.GatewayId, 'GatewayId') : undefined;
  const peering = p.VpcPeeringConnectionId !== undefined ? idOf(p.VpcPeeringConnectionId, 'VpcPeeringConnectionId') : undefined;
  let target: Route['target'];
  if (typeof gateway === 'string' && (ctx.typeOf(gateway) === 'AWS::EC2::InternetGateway' || gateway.startsWith('igw-'))) target = { kind: 'internet-gateway', id: gateway };
  else if (typeof peering === 'string') target = { kind: 'other', id: peering.startsWith('pcx-') ? peering : `pcx-${peering}` };
  else {
    const other = Object.entries(p).find(([k, v]) => k.endsWith('Id') && k !== 'RouteTableId' && k !== 'DestinationPrefixListId' && v !== undefined);
    const id = other ? idOf(other[1], other[0]) : undefined;
    target = { kind: 'other', id: typeof id === 'string' ? id : 'unresolved-target' };
  }
  ctx.builder.addRoute(table, { destination, target, active: true });
}

export function readSubnetRouteTableAssociation(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  const subnet = idOf(p.SubnetId ?? null, 'SubnetId');
  const table = idOf(p.RouteTableId ?? null, 'RouteTableId');
  if (!isUnknown(subnet) && !isUnknown(table)) ctx.builder.associateRouteTable(subnet, table);
}

export function readInternetGateway(ctx: CfnContext, r: CfnResource): void {
  ctx.builder.addInternetGateway(r.logicalId, ctx.location(r));
}

export function readGatewayAttachment(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  if (p.InternetGatewayId === undefined) return;
  const gateway = idOf(p.InternetGatewayId, 'InternetGatewayId');
  const vpc = idOf(p.VpcId ?? null, 'VpcId');
  if (!isUnknown(gateway) && !isUnknown(vpc)) ctx.builder.attachInternetGateway(gateway, vpc);
}

export function readPrefixList(ctx: CfnContext, r: CfnResource): void {
  const p = props(ctx, r);
  const family = textOf(p.AddressFamily ?? null, 'AddressFamily') === 'IPv6' ? 6 : 4;
  const entries = Array.isArray(p.Entries) ? p.Entries : [];
  const cidrs = entries.map((e) => textOf((e as Props)?.Cidr ?? null, 'Cidr')).map((t) => (typeof t === 'string' ? parseCidr(t, family) : undefined));
  if (cidrs.some((c) => c === undefined) || !Array.isArray(p.Entries)) {
    ctx.builder.note(`${r.logicalId}: some prefix-list entries are unresolved; rules that use the list are UNKNOWN`);
  }
  const max = numberOf(p.MaxEntries ?? null, 'MaxEntries');
  const name = textOf(p.PrefixListName ?? null, 'PrefixListName');
  ctx.builder.addPrefixList(
    {
      prefixListId: r.logicalId,
      prefixListName: typeof name === 'string' ? name : r.logicalId,
      addressFamily: family,
      maxEntries: typeof max === 'number' ? max : entries.length,
      version: 1,
      // An entry we cannot read makes the whole list unresolved (peerAddresses treats an empty list as unknown).
      entries: cidrs.some((c) => c === undefined) ? [] : cidrs.map((cidr) => ({ cidr: cidr! })),
    },
    ctx.location(r),
  );
}

