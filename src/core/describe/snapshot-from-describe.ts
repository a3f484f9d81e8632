/**
 * `aws ec2 describe-* --output json` documents → the core Snapshot. Documents are recognised by their top-level
 * keys (describe-documents.ts); the same resource captured twice (overlapping filters, paginated files) is kept
 * once, first occurrence wins. Bad input throws an Ec2Error naming the document and the item.
 */
import { Ec2Error } from '../errors/ec2-error.ts';
import type { Instance, NetworkInterface } from '../model/network.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { collectSections } from './describe-documents.ts';
import { applyElasticIps, readElasticIp } from './elastic-ips.ts';
import { readInstanceReservation } from './instances.ts';
import { readInternetGateway } from './internet-gateways.ts';
import { readNetworkAcl } from './network-acls.ts';
import { readNetworkInterface } from './network-interfaces.ts';
import { readPrefixLists } from './prefix-lists.ts';
import { readRouteTable } from './route-tables.ts';
import { readSecurityGroupRules } from './security-group-rules.ts';
import { readSecurityGroup } from './security-groups.ts';
import { readSubnet } from './subnets.ts';
import { readVpc } from './vpcs.ts';

export interface DescribeOptions {
  /** A name per document (usually its file name), used in error messages; defaults to "document N". */
  readonly documentNames?: readonly string[];
}

export function snapshotFromDescribe(docs: unknown, options: DescribeOptions = {}): Snapshot {
  const sections = collectSections(Array.isArray(docs) ? docs : [docs], options.documentNames);

  const rulesByGroup = readSecurityGroupRules(sections.SecurityGroupRules);
  const securityGroups = uniqueBy(sections.SecurityGroups.map((g) => readSecurityGroup(g, rulesByGroup)), (g) => g.groupId);
  for (const [groupId, rules] of rulesByGroup) {
    if (!securityGroups.some((g) => g.groupId === groupId)) {
      // The rule document has no group name, VPC or owner: those must come from describe-security-groups.
      throw new Ec2Error('InvalidGroup.NotFound', `${rules.location}: the security group '${groupId}' is not in any SecurityGroups document`);
    }
  }

  const instances: Instance[] = [];
  const instanceInterfaces: NetworkInterface[] = [];
  for (const reservation of sections.Reservations) {
    for (const { instance, interfaces } of readInstanceReservation(reservation)) {
      instances.push(instance);
      instanceInterfaces.push(...interfaces);
    }
  }
  // describe-network-interfaces is the fuller view of an interface; describe-instances fills in the rest.
  const interfaces = uniqueBy([...sections.NetworkInterfaces.map((i) => readNetworkInterface(i)), ...instanceInterfaces], (i) => i.networkInterfaceId);
  const uniqueInstances = uniqueBy(instances, (i) => i.instanceId);

  return {
    vpcs: uniqueBy(sections.Vpcs.map(readVpc), (v) => v.vpcId),
    subnets: uniqueBy(sections.Subnets.map(readSubnet), (s) => s.subnetId),
    securityGroups,
    networkAcls: uniqueBy(sections.NetworkAcls.map(readNetworkAcl), (a) => a.networkAclId),
    networkInterfaces: applyElasticIps(interfaces, uniqueInstances, sections.Addresses.map(readElasticIp)),
    prefixLists: readPrefixLists(sections.PrefixLists, sections.prefixListEntries),
    routeTables: uniqueBy(sections.RouteTables.map(readRouteTable), (r) => r.routeTableId),
    internetGateways: uniqueBy(sections.InternetGateways.map(readInternetGateway), (g) => g.internetGatewayId),
    instances: uniqueInstances,
  };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
