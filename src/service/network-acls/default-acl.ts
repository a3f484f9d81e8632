/**
 * The network ACL every VPC is born with (aws-semantics.md §6.6, fact 21): rule 100 allows all IPv4 traffic each way,
 * then the implicit `*` deny. Subnets join it when created.
 */
import type { RegionTx } from '../state/region-tx.ts';
import type { IdSource } from '../ids.ts';
import type { NetworkAclRecord } from './records.ts';

export function addDefaultNetworkAcl(tx: RegionTx, ids: IdSource, vpcId: string): NetworkAclRecord {
  return tx.put<NetworkAclRecord>({
    kind: 'network-acl',
    id: ids.newId('acl'),
    parentId: vpcId,
    isDefault: true,
    entries: [
      { ruleNumber: 100, egress: false, ruleAction: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0' },
      { ruleNumber: 100, egress: true, ruleAction: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0' },
    ],
    associations: [],
  });
}

export function defaultNetworkAclOf(tx: RegionTx, vpcId: string): NetworkAclRecord | undefined {
  return tx.children<NetworkAclRecord>(vpcId, 'network-acl').find((a) => a.isDefault);
}

/** Associates a new subnet with its VPC's default ACL (VPC-NACL: "new subnets join the default NACL"). */
export function associateWithDefaultAcl(tx: RegionTx, ids: IdSource, vpcId: string, subnetId: string): void {
  const acl = defaultNetworkAclOf(tx, vpcId);
  if (!acl) return;
  tx.put<NetworkAclRecord>({ ...acl, associations: [...acl.associations, { associationId: ids.newId('aclassoc'), subnetId }] });
}

/** Removes a deleted subnet from whichever ACL it was associated with. */
export function dissociateSubnetFromAcls(tx: RegionTx, vpcId: string, subnetId: string): void {
  for (const acl of tx.children<NetworkAclRecord>(vpcId, 'network-acl')) {
    if (acl.associations.some((a) => a.subnetId === subnetId)) {
      tx.put<NetworkAclRecord>({ ...acl, associations: acl.associations.filter((a) => a.subnetId !== subnetId) });
    }
  }
}
