/**
 * `--cfn FILE`: a CloudFormation template (YAML or JSON) → an audit estate. Resources are read in dependency
 * order (network, then groups, then rules, then what uses the groups); a resource whose Condition is false is not
 * created, one whose Condition is unresolved is audited as if created, with a note. Every other resource is
 * scanned for references to the template's groups (launch templates, load balancers, functions), so SG-015 does
 * not call a group unused because its consumer is a type we do not model (checkov#3010).
 */
import type { AuditEstate } from '../../model/estate.ts';
import { IacEstateBuilder } from '../iac-estate-builder.ts';
import { CfnContext, type CfnResource } from './cfn-context.ts';
import { elasticIpTargets, readInstance, readNetworkInterface } from './cfn-instances.ts';
import {
  readGatewayAttachment,
  readInternetGateway,
  readNetworkAcl,
  readNetworkAclEntry,
  readPrefixList,
  readRoute,
  readRouteTable,
  readSubnet,
  readSubnetAclAssociation,
  readSubnetRouteTableAssociation,
  readVpc,
  readVpcCidrBlock,
} from './cfn-network.ts';
import { readInlineRules, readSecurityGroup, readStandaloneRule } from './cfn-security-groups.ts';
import { IntrinsicResolver, ResourceId, Unresolved, type Resolved, type ResolverOptions } from './intrinsics.ts';
import { readTemplateFile } from './cfn-template-file.ts';

export type CloudFormationOptions = ResolverOptions;

type Reader = (ctx: CfnContext, r: CfnResource) => void;

/** Reading order: each stage may refer to what earlier stages declared. */
const STAGES: ReadonlyArray<Readonly<Record<string, Reader>>> = [
  { 'AWS::EC2::VPC': readVpc, 'AWS::EC2::InternetGateway': readInternetGateway, 'AWS::EC2::PrefixList': readPrefixList },
  {
    'AWS::EC2::VPCCidrBlock': readVpcCidrBlock,
    'AWS::EC2::Subnet': readSubnet,
    'AWS::EC2::SecurityGroup': readSecurityGroup,
    'AWS::EC2::NetworkAcl': readNetworkAcl,
    'AWS::EC2::RouteTable': readRouteTable,
    'AWS::EC2::VPCGatewayAttachment': readGatewayAttachment,
  },
  {
    'AWS::EC2::SecurityGroupIngress': readStandaloneRule,
    'AWS::EC2::SecurityGroupEgress': readStandaloneRule,
    'AWS::EC2::NetworkAclEntry': readNetworkAclEntry,
    'AWS::EC2::SubnetNetworkAclAssociation': readSubnetAclAssociation,
    'AWS::EC2::Route': readRoute,
    'AWS::EC2::SubnetRouteTableAssociation': readSubnetRouteTableAssociation,
  },
];

const GROUP_USERS = new Set(['AWS::EC2::Instance', 'AWS::EC2::NetworkInterface']);

export async function readCloudFormation(path: string, options: CloudFormationOptions = {}): Promise<AuditEstate> {
  const file = await readTemplateFile(path);
  const resolver = new IntrinsicResolver(file.template, options);
  const builder = new IacEstateBuilder('cloudformation', path);
  const resources: CfnResource[] = [];
  for (const [logicalId, raw] of Object.entries(file.template.Resources as Record<string, unknown>)) {
    const r = (raw ?? {}) as { Type?: unknown; Properties?: unknown; Condition?: unknown };
    if (typeof r.Condition === 'string') {
      const c = resolver.condition(r.Condition);
      if (c === false) continue;
      if (c instanceof Unresolved) builder.note(`${logicalId}: created only if condition ${r.Condition} holds, which is unresolved (${c.reason}); audited as if it does`);
    }
    resources.push({ logicalId, type: String(r.Type ?? ''), properties: (r.Properties ?? {}) as Record<string, unknown> });
  }
  const ctx = new CfnContext(file, resolver, builder, resources);

  for (const stage of STAGES) for (const r of resources) stage[r.type]?.(ctx, r);
  for (const r of resources) if (r.type === 'AWS::EC2::SecurityGroup') readInlineRules(ctx, r);
  const eips = elasticIpTargets(ctx);
  for (const r of resources) {
    if (r.type === 'AWS::EC2::Instance') readInstance(ctx, r, eips);
    if (r.type === 'AWS::EC2::NetworkInterface') readNetworkInterface(ctx, r, eips);
  }
  for (const r of resources) {
    if (GROUP_USERS.has(r.type) || r.type.startsWith('AWS::EC2::SecurityGroup')) continue;
    scanGroupReferences(ctx, r);
  }
  return builder.build();
}

/** Any reference from another resource to a group of the template counts as a use; an unresolved one may be. */
function scanGroupReferences(ctx: CfnContext, r: CfnResource): void {
  const walk = (v: Resolved, key: string): void => {
    if (v instanceof ResourceId) {
      if (ctx.typeOf(v.logicalId) === 'AWS::EC2::SecurityGroup' || v.attribute === 'DefaultSecurityGroup') ctx.builder.referenceGroup(v.key);
    } else if (v instanceof Unresolved) {
      if (/securitygroup/i.test(key)) ctx.builder.unresolvedGroupReference(`${r.logicalId}.${key} (${v.reason})`);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(ctx.resolve(r.properties), '');
}
