/**
 * `--tf-plan FILE`: `terraform show -json` output → an audit estate. Resources are read in dependency order
 * (network, groups, rules, then what uses the groups). References from any other resource to a planned group
 * (load balancers, launch templates, Lambda functions, databases…) count as uses for SG-015, whatever the type.
 */
import type { AuditEstate } from '../../model/estate.ts';
import { IacEstateBuilder } from '../iac-estate-builder.ts';
import { TfContext } from './tf-context.ts';
import { elasticIpTargets, extraGroups, readInstance, readNetworkInterface } from './tf-instances.ts';
import {
  readGatewayAttachment,
  readInternetGateway,
  readNetworkAcl,
  readNetworkAclAssociation,
  readNetworkAclRule,
  readPrefixList,
  readRoute,
  readRouteTable,
  readRouteTableAssociation,
  readSubnet,
  readVpc,
  readVpcIpv6Association,
} from './tf-network.ts';
import { readPlanFile, type PlannedResource } from './tf-plan-file.ts';
import { readGroup, readInlineRules, readRuleResource } from './tf-security-groups.ts';

type Reader = (ctx: TfContext, r: PlannedResource) => void;

const STAGES: ReadonlyArray<Readonly<Record<string, Reader>>> = [
  { aws_vpc: readVpc, aws_internet_gateway: readInternetGateway },
  {
    aws_vpc_ipv6_cidr_block_association: readVpcIpv6Association,
    aws_subnet: readSubnet,
    aws_security_group: readGroup,
    aws_default_security_group: readGroup,
    aws_network_acl: readNetworkAcl,
    aws_default_network_acl: readNetworkAcl,
    aws_route_table: readRouteTable,
    aws_default_route_table: readRouteTable,
    aws_internet_gateway_attachment: readGatewayAttachment,
  },
  {
    aws_security_group_rule: readRuleResource,
    aws_vpc_security_group_ingress_rule: readRuleResource,
    aws_vpc_security_group_egress_rule: readRuleResource,
    aws_network_acl_rule: readNetworkAclRule,
    aws_network_acl_association: readNetworkAclAssociation,
    aws_route: readRoute,
    aws_route_table_association: readRouteTableAssociation,
    aws_main_route_table_association: readRouteTableAssociation,
  },
];

const MODELLED = new Set([
  ...STAGES.flatMap((s) => Object.keys(s)),
  'aws_instance',
  'aws_network_interface',
  'aws_network_interface_sg_attachment',
  'aws_ec2_managed_prefix_list',
  'aws_ec2_managed_prefix_list_entry',
]);

const GROUP_TYPES = new Set(['aws_security_group', 'aws_default_security_group']);

export async function readTerraformPlan(path: string): Promise<AuditEstate> {
  const plan = await readPlanFile(path);
  const builder = new IacEstateBuilder('terraform', path);
  const ctx = new TfContext(plan, builder);
  const managed = plan.resources.filter((r) => r.mode === 'managed');

  const listEntries = new Map<string, string[]>();
  for (const r of ctx.resourcesOf('aws_ec2_managed_prefix_list_entry')) {
    const list = ctx.reference(r, ['prefix_list_id']);
    if (typeof list === 'string') listEntries.set(list, [...(listEntries.get(list) ?? []), String(r.values.cidr ?? '')]);
  }
  for (const r of ctx.resourcesOf('aws_ec2_managed_prefix_list')) readPrefixList(ctx, r, listEntries);
  for (const stage of STAGES) for (const r of managed) stage[r.type]?.(ctx, r);
  for (const r of managed) if (GROUP_TYPES.has(r.type)) readInlineRules(ctx, r);
  const eips = elasticIpTargets(ctx);
  const extra = extraGroups(ctx);
  for (const r of ctx.resourcesOf('aws_instance')) readInstance(ctx, r, eips);
  for (const r of ctx.resourcesOf('aws_network_interface')) readNetworkInterface(ctx, r, eips, extra);

  const groups = new Set(managed.filter((r) => GROUP_TYPES.has(r.type)).map((r) => r.address));
  for (const r of managed) {
    if (MODELLED.has(r.type)) continue;
    for (const target of allReferences(ctx, r)) if (groups.has(target)) builder.referenceGroup(target);
    for (const [key, v] of Object.entries(r.afterUnknown)) {
      if (/security_group/.test(key) && v === true && allReferences(ctx, r).every((t) => !groups.has(t))) builder.unresolvedGroupReference(`${r.address}.${key}`);
    }
  }
  return builder.build();
}

/** Every planned address the resource's configuration refers to, at any depth. */
function allReferences(ctx: TfContext, r: PlannedResource): string[] {
  const out = new Set<string>();
  const walk = (expr: unknown, path: Array<string | number>) => {
    if (Array.isArray(expr)) expr.forEach((e, i) => walk(e, [...path, i]));
    else if (expr && typeof expr === 'object') {
      if ('references' in expr) for (const t of ctx.referencesAt(r, path)) out.add(t);
      for (const [k, v] of Object.entries(expr)) if (k !== 'references') walk(v, [...path, k]);
    }
  };
  walk(r.expressions, []);
  return [...out];
}
