/**
 * What comes with every VPC and goes with it (aws-semantics.md §3.13): its default security group, its default
 * network ACL and its main route table (with the `local` route). None of them appears in CreateVpc's answer.
 */
import type { Tag } from '../../core/model/tag.ts';
import type { Cidr } from '../../core/net/cidr.ts';
import { addDefaultNetworkAcl } from '../network-acls/default-acl.ts';
import type { NetworkAclRecord } from '../network-acls/records.ts';
import { addDefaultSecurityGroup } from '../security-groups/default-group.ts';
import type { SecurityGroupRecord } from '../security-groups/records.ts';
import type { IdSource } from '../ids.ts';
import type { RegionTx } from '../state/region-tx.ts';
import type { RouteTableRecord, VpcRecord } from './records.ts';

export interface NewVpc {
  readonly cidr: Cidr;
  readonly isDefault: boolean;
  readonly instanceTenancy: VpcRecord['instanceTenancy'];
  readonly tags?: readonly Tag[];
}

export function createVpcWithDefaults(tx: RegionTx, ids: IdSource, spec: NewVpc): VpcRecord {
  const vpc = tx.put<VpcRecord>({
    kind: 'vpc',
    id: ids.newId('vpc'),
    cidrBlock: spec.cidr.text,
    cidrAssociationId: ids.newId('vpc-cidr-assoc'),
    isDefault: spec.isDefault,
    dhcpOptionsId: ids.newId('dopt'),
    instanceTenancy: spec.instanceTenancy,
    ...(spec.tags ? { tags: spec.tags } : {}),
  });
  addDefaultSecurityGroup(tx, ids, vpc.id);
  addDefaultNetworkAcl(tx, ids, vpc.id);
  tx.put<RouteTableRecord>({
    kind: 'route-table',
    id: ids.newId('rtb'),
    parentId: vpc.id,
    routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', origin: 'CreateRouteTable' }],
    associations: [{ associationId: ids.newId('rtbassoc'), main: true }],
  });
  return vpc;
}

/**
 * What still depends on a VPC besides its built-in default group, default ACL and main route table: subnets, other
 * groups, other ACLs, other route tables, attached internet gateways. DeleteVpc fails while any remains.
 */
export function vpcHasDependencies(tx: RegionTx, vpcId: string): boolean {
  for (const child of tx.children(vpcId)) {
    if (child.kind === 'security-group' && (child as SecurityGroupRecord).groupName === 'default') continue;
    if (child.kind === 'network-acl' && (child as NetworkAclRecord).isDefault) continue;
    if (child.kind === 'route-table' && (child as RouteTableRecord).associations.some((a) => a.main)) continue;
    return true;
  }
  return tx.list<{ kind: 'internet-gateway'; id: string; attachedVpcIds: readonly string[] }>('internet-gateway').some((g) => g.attachedVpcIds.includes(vpcId));
}

/** Deletes a VPC with no dependencies, and its built-in resources. */
export function deleteVpcWithDefaults(tx: RegionTx, vpcId: string): void {
  for (const child of tx.children(vpcId)) {
    for (const grandchild of tx.children(child.id)) tx.delete(grandchild.id);
    tx.delete(child.id);
  }
  tx.delete(vpcId);
}
