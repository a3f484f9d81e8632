/**
 * AWS::EC2::SecurityGroup (with inline SecurityGroupIngress/SecurityGroupEgress) and the standalone
 * AWS::EC2::SecurityGroupIngress / AWS::EC2::SecurityGroupEgress resources. CloudFormation removes EC2's default
 * allow-all egress only when the SecurityGroupEgress property is present — standalone egress resources add to it.
 */
import { isUnknown, type PeerInput, type Unknown } from '../iac-estate-builder.ts';
import { CfnContext, idOf, numberOf, textOf, unknown, type CfnResource } from './cfn-context.ts';
import { Unresolved, type Resolved } from './intrinsics.ts';

export function readSecurityGroup(ctx: CfnContext, r: CfnResource): void {
  const p = ctx.resolve(r.properties) as Record<string, Resolved>;
  const vpc = p.VpcId === undefined ? '(default VPC)' : idOf(p.VpcId, 'VpcId');
  const name = textOf(p.GroupName ?? null, 'GroupName');
  const description = textOf(p.GroupDescription ?? null, 'GroupDescription');
  ctx.builder.addSecurityGroup(
    {
      id: r.logicalId,
      name: typeof name === 'string' ? name : r.logicalId,
      description: typeof description === 'string' ? description : '',
      vpcId: isUnknown(vpc) ? '(unresolved VPC)' : vpc,
      implicitEgress: !('SecurityGroupEgress' in r.properties),
    },
    ctx.location(r),
  );
  if (isUnknown(vpc)) ctx.builder.note(`${r.logicalId}: ${vpc.unknown}`);
}

/** Inline rules; read after every group exists so references between groups resolve. */
export function readInlineRules(ctx: CfnContext, r: CfnResource): void {
  for (const [key, direction] of [
    ['SecurityGroupIngress', 'ingress'],
    ['SecurityGroupEgress', 'egress'],
  ] as const) {
    const raw = r.properties[key];
    if (raw === undefined) continue;
    if (!Array.isArray(raw)) {
      const resolved = ctx.resolve(raw);
      if (Array.isArray(resolved)) {
        resolved.forEach((item, i) => addRule(ctx, r, r.logicalId, direction, item, `${key}[${i}]`, raw));
      } else {
        const reason = resolved instanceof Unresolved ? resolved.reason : `${key} is not a list`;
        ctx.builder.addRule({ groupId: r.logicalId, direction, protocol: unknown(reason), fromPort: undefined, toPort: undefined, peer: { kind: 'unknown', reason }, location: ctx.location(r, key, raw) });
      }
      continue;
    }
    raw.forEach((item, i) => addRule(ctx, r, r.logicalId, direction, ctx.resolve(item), `${key}[${i}]`, item));
  }
}

export function readStandaloneRule(ctx: CfnContext, r: CfnResource): void {
  const direction = r.type === 'AWS::EC2::SecurityGroupIngress' ? 'ingress' : 'egress';
  const p = ctx.resolve(r.properties) as Record<string, Resolved>;
  let group: string | Unknown = p.GroupId !== undefined ? idOf(p.GroupId, 'GroupId') : unknown('GroupId is missing');
  if (isUnknown(group) && typeof p.GroupName === 'string') group = groupByName(ctx, p.GroupName) ?? group;
  if (isUnknown(group)) {
    ctx.builder.note(`${r.logicalId}: the rule's group is unresolved (${group.unknown}); rule skipped`);
    ctx.builder.unresolvedGroupReference(r.logicalId);
    return;
  }
  addRule(ctx, r, group, direction, p, undefined, r.properties);
}

function addRule(ctx: CfnContext, r: CfnResource, groupId: string, direction: 'ingress' | 'egress', item: Resolved, property: string | undefined, node: unknown): void {
  const location = ctx.location(r, property, node);
  if (!item || typeof item !== 'object' || Array.isArray(item) || item instanceof Unresolved) {
    const reason = item instanceof Unresolved ? item.reason : 'the rule is not a mapping';
    ctx.builder.addRule({ groupId, direction, protocol: unknown(reason), fromPort: undefined, toPort: undefined, peer: { kind: 'unknown', reason }, location });
    return;
  }
  const f = item as Record<string, Resolved>;
  const description = textOf(f.Description ?? null, 'Description');
  const base = {
    groupId,
    direction,
    protocol: textOf(f.IpProtocol ?? null, 'IpProtocol'),
    fromPort: numberOf(f.FromPort ?? null, 'FromPort'),
    toPort: numberOf(f.ToPort ?? null, 'ToPort'),
    ...(typeof description === 'string' ? { description } : {}),
    location,
  };
  const peers = peersOf(ctx, f, direction);
  if (peers.length === 0) peers.push({ kind: 'unknown', reason: 'the rule names no source or destination; EC2 would reject it' });
  for (const peer of peers) ctx.builder.addRule({ ...base, peer });
}

function peersOf(ctx: CfnContext, f: Record<string, Resolved>, direction: 'ingress' | 'egress'): PeerInput[] {
  const out: PeerInput[] = [];
  const cidr = (key: string, family: 4 | 6) => {
    if (f[key] === undefined || f[key] === null) return;
    const t = textOf(f[key], key);
    out.push(t === undefined ? { kind: 'unknown', reason: `${key} is empty`, family } : isUnknown(t) ? { kind: 'unknown', reason: t.unknown, family } : { kind: 'cidr', text: t, family });
  };
  cidr(direction === 'ingress' ? 'CidrIp' : 'CidrIp', 4);
  cidr('CidrIpv6', 6);
  const listKey = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
  if (f[listKey] !== undefined) {
    const id = idOf(f[listKey], listKey);
    out.push(isUnknown(id) ? { kind: 'unknown', reason: id.unknown } : { kind: 'prefix-list', prefixListId: id });
  }
  const groupKey = direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
  if (f[groupKey] !== undefined) {
    const id = idOf(f[groupKey], groupKey);
    const owner = textOf(f.SourceSecurityGroupOwnerId ?? null, 'SourceSecurityGroupOwnerId');
    out.push(isUnknown(id) ? { kind: 'unknown', reason: id.unknown } : { kind: 'group', groupId: id, ...(typeof owner === 'string' ? { userId: owner } : {}) });
  } else if (direction === 'ingress' && f.SourceSecurityGroupName !== undefined) {
    const name = textOf(f.SourceSecurityGroupName, 'SourceSecurityGroupName');
    const id = typeof name === 'string' ? (groupByName(ctx, name) ?? `name:${name}`) : undefined;
    out.push(id ? { kind: 'group', groupId: id } : { kind: 'unknown', reason: 'SourceSecurityGroupName is unresolved' });
  }
  return out;
}

function groupByName(ctx: CfnContext, name: string): string | undefined {
  return ctx.resources.find((r) => r.type === 'AWS::EC2::SecurityGroup' && (r.properties.GroupName === name || r.logicalId === name))?.logicalId;
}
