/**
 * aws_security_group (inline ingress/egress blocks), aws_default_security_group (adopts the VPC's default group:
 * exactly the declared rules remain), aws_security_group_rule, and aws_vpc_security_group_ingress_rule /
 * _egress_rule. The AWS provider removes EC2's default allow-all egress from groups it creates, so Terraform
 * groups carry only what is declared. A block whose peers are known only after apply is followed through the
 * configuration; what stays unknown becomes an UNKNOWN rule.
 */
import { isUnknown, type PeerInput, type Unknown } from '../iac-estate-builder.ts';
import type { PlannedResource } from './tf-plan-file.ts';
import type { TfContext } from './tf-context.ts';

export function readGroup(ctx: TfContext, r: PlannedResource): void {
  const isDefault = r.type === 'aws_default_security_group';
  const vpc = ctx.reference(r, ['vpc_id']);
  const vpcId = vpc === undefined ? '(default VPC)' : isUnknown(vpc) ? '(unresolved VPC)' : vpc;
  const name = ctx.value(r, ['name']);
  const description = ctx.value(r, ['description']);
  ctx.builder.addSecurityGroup(
    {
      id: r.address,
      name: isDefault ? 'default' : typeof name === 'string' ? name : r.address,
      description: typeof description === 'string' ? description : isDefault ? 'default VPC security group' : 'Managed by Terraform',
      vpcId,
      implicitEgress: false,
    },
    ctx.location(r),
  );
  if (isDefault && typeof vpc === 'string') ctx.builder.adoptDefaultGroup(vpc, r.address);
}

export function readInlineRules(ctx: TfContext, r: PlannedResource): void {
  for (const direction of ['ingress', 'egress'] as const) {
    const blocks = ctx.value(r, [direction]);
    // ingress/egress are "optional + computed": without blocks in the configuration they show as known after
    // apply (they will reflect standalone rules), which declares nothing.
    if (isUnknown(blocks) && r.expressions && !(direction in r.expressions)) continue;
    if (isUnknown(blocks)) {
      ctx.builder.addRule({ groupId: r.address, direction, protocol: blocks, fromPort: undefined, toPort: undefined, peer: { kind: 'unknown', reason: blocks.unknown }, location: ctx.location(r, direction) });
      continue;
    }
    if (!Array.isArray(blocks)) continue;
    blocks.forEach((block, i) => {
      const b = (block ?? {}) as Record<string, unknown>;
      const configIndex = matchConfigBlock(r, direction, b);
      const path = [direction, i];
      const exprPath = configIndex === undefined ? undefined : [direction, configIndex];
      const peers: PeerInput[] = [
        ...cidrPeers(ctx, r, [...path, 'cidr_blocks'], 4),
        ...cidrPeers(ctx, r, [...path, 'ipv6_cidr_blocks'], 6),
        ...listPeers(ctx, r, path, exprPath, 'prefix_list_ids', (id) => ({ kind: 'prefix-list', prefixListId: id })),
        ...listPeers(ctx, r, path, exprPath, 'security_groups', (id) => ({ kind: 'group', groupId: id })),
        ...(b.self === true ? [{ kind: 'group' as const, groupId: r.address }] : []),
      ];
      addRules(ctx, r, r.address, direction, b.protocol, ctx.value(r, [...path, 'from_port']), ctx.value(r, [...path, 'to_port']), peers, b.description, `${direction}[${i}]`);
    });
  }
}

export function readRuleResource(ctx: TfContext, r: PlannedResource): void {
  const group = ctx.reference(r, ['security_group_id']);
  if (group === undefined || isUnknown(group)) {
    ctx.builder.note(`${r.address}: its security group is unresolved (${group?.unknown ?? 'security_group_id missing'}); rule skipped`);
    ctx.builder.unresolvedGroupReference(r.address);
    return;
  }
  if (r.type === 'aws_security_group_rule') {
    const direction = ctx.value(r, ['type']) === 'egress' ? 'egress' : 'ingress';
    const source = ctx.value(r, ['source_security_group_id']) !== undefined ? ctx.reference(r, ['source_security_group_id']) : undefined;
    const peers: PeerInput[] = [
      ...cidrPeers(ctx, r, ['cidr_blocks'], 4),
      ...cidrPeers(ctx, r, ['ipv6_cidr_blocks'], 6),
      ...listPeers(ctx, r, [], undefined, 'prefix_list_ids', (id) => ({ kind: 'prefix-list', prefixListId: id })),
      ...(source === undefined ? [] : isUnknown(source) ? [{ kind: 'unknown' as const, reason: source.unknown }] : [{ kind: 'group' as const, groupId: source }]),
      ...(ctx.value(r, ['self']) === true ? [{ kind: 'group' as const, groupId: group }] : []),
    ];
    addRules(ctx, r, group, direction, ctx.value(r, ['protocol']), ctx.value(r, ['from_port']), ctx.value(r, ['to_port']), peers, ctx.value(r, ['description']), undefined);
    return;
  }
  const direction = r.type === 'aws_vpc_security_group_egress_rule' ? 'egress' : 'ingress';
  const peers: PeerInput[] = [];
  const v4 = ctx.value(r, ['cidr_ipv4']);
  const v6 = ctx.value(r, ['cidr_ipv6']);
  if (v4 !== undefined) peers.push(isUnknown(v4) ? { kind: 'unknown', reason: v4.unknown, family: 4 } : { kind: 'cidr', text: String(v4), family: 4 });
  if (v6 !== undefined) peers.push(isUnknown(v6) ? { kind: 'unknown', reason: v6.unknown, family: 6 } : { kind: 'cidr', text: String(v6), family: 6 });
  for (const [key, make] of [
    ['prefix_list_id', (id: string): PeerInput => ({ kind: 'prefix-list', prefixListId: id })],
    ['referenced_security_group_id', (id: string): PeerInput => ({ kind: 'group', groupId: id })],
  ] as const) {
    if (ctx.value(r, [key]) === undefined) continue;
    const ref = ctx.reference(r, [key]);
    if (ref !== undefined) peers.push(isUnknown(ref) ? { kind: 'unknown', reason: ref.unknown } : make(ref));
  }
  addRules(ctx, r, group, direction, ctx.value(r, ['ip_protocol']), ctx.value(r, ['from_port']), ctx.value(r, ['to_port']), peers, ctx.value(r, ['description']), undefined);
}

function addRules(
  ctx: TfContext,
  r: PlannedResource,
  groupId: string,
  direction: 'ingress' | 'egress',
  protocol: unknown,
  fromPort: unknown,
  toPort: unknown,
  peers: PeerInput[],
  description: unknown,
  property: string | undefined,
): void {
  const proto = isUnknown(protocol) ? protocol : protocol === undefined ? undefined : String(protocol).toLowerCase() === 'all' ? '-1' : String(protocol);
  const port = (v: unknown): number | Unknown | undefined => (isUnknown(v) ? v : typeof v === 'number' ? v : v === undefined ? undefined : Number(v));
  if (peers.length === 0) peers.push({ kind: 'unknown', reason: 'the rule names no source or destination' });
  const allProtocols = proto === '-1';
  for (const peer of peers) {
    ctx.builder.addRule({
      groupId,
      direction,
      protocol: proto,
      // Terraform writes from_port/to_port 0 (or null) for "-1"; EC2 ignores ports for it.
      fromPort: allProtocols ? undefined : port(fromPort),
      toPort: allProtocols ? undefined : port(toPort),
      peer,
      ...(typeof description === 'string' && description !== '' ? { description } : {}),
      location: ctx.location(r, property),
    });
  }
}

function cidrPeers(ctx: TfContext, r: PlannedResource, path: Array<string | number>, family: 4 | 6): PeerInput[] {
  const v = ctx.value(r, path);
  if (v === undefined) return [];
  if (isUnknown(v)) return [{ kind: 'unknown', reason: v.unknown, family }];
  if (!Array.isArray(v)) return [];
  return v.map((text, i) =>
    isUnknown(ctx.value(r, [...path, i])) ? { kind: 'unknown', reason: `${r.address} ${path.join('.')} is known only after apply`, family } : { kind: 'cidr', text: String(text), family },
  );
}

function listPeers(ctx: TfContext, r: PlannedResource, path: Array<string | number>, exprPath: Array<string | number> | undefined, key: string, make: (id: string) => PeerInput): PeerInput[] {
  const v = ctx.value(r, [...path, key]);
  if (v === undefined || (Array.isArray(v) && v.length === 0)) return [];
  const known = Array.isArray(v) && !v.some((_, i) => isUnknown(ctx.value(r, [...path, key, i])));
  if (known) {
    const ids = ctx.referenceList(r, [...path, key]);
    return Array.isArray(ids) ? ids.map(make) : [];
  }
  const targets = exprPath ? ctx.referencesAt(r, [...path, key], [...exprPath, key]) : ctx.referencesAt(r, [key]);
  if (targets.length > 0) return targets.map(make);
  return [{ kind: 'unknown', reason: `${r.address} ${[...path, key].join('.')} is known only after apply` }];
}

/** The configuration block that produced a planned block: planned sets are re-ordered, so match on constants. */
function matchConfigBlock(r: PlannedResource, direction: string, planned: Record<string, unknown>): number | undefined {
  const blocks = r.expressions?.[direction];
  if (!Array.isArray(blocks)) return undefined;
  if (blocks.length === 1) return 0;
  const constant = (b: unknown, k: string) => ((b as Record<string, { constant_value?: unknown }>)?.[k])?.constant_value;
  const matches = blocks
    .map((b, j) => ({ b, j }))
    .filter(({ b }) => ['from_port', 'to_port', 'protocol'].every((k) => constant(b, k) === undefined || String(constant(b, k)) === String(planned[k])));
  return matches.length === 1 ? matches[0].j : undefined;
}
