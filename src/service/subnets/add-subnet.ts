/** Creating a subnet record and joining it to its VPC's default network ACL (shared by CreateSubnet and the default VPC). */
import type { Tag } from '../../core/model/tag.ts';
import type { Cidr } from '../../core/net/cidr.ts';
import { associateWithDefaultAcl } from '../network-acls/default-acl.ts';
import type { ZoneInfo } from '../regions/catalogue.ts';
import type { IdSource } from '../ids.ts';
import type { RegionTx } from '../state/region-tx.ts';
import type { SubnetRecord, VpcRecord } from '../vpcs/records.ts';

export interface NewSubnet {
  readonly cidr: Cidr;
  readonly zone: ZoneInfo;
  readonly mapPublicIpOnLaunch: boolean;
  readonly defaultForAz: boolean;
  readonly tags?: readonly Tag[];
}

export function addSubnet(tx: RegionTx, ids: IdSource, vpc: VpcRecord, spec: NewSubnet): SubnetRecord {
  const subnet = tx.put<SubnetRecord>({
    kind: 'subnet',
    id: ids.newId('subnet'),
    parentId: vpc.id,
    cidrBlock: spec.cidr.text,
    availabilityZone: spec.zone.zoneName,
    availabilityZoneId: spec.zone.zoneId,
    mapPublicIpOnLaunch: spec.mapPublicIpOnLaunch,
    defaultForAz: spec.defaultForAz,
    ...(spec.tags ? { tags: spec.tags } : {}),
  });
  associateWithDefaultAcl(tx, ids, vpc.id, subnet.id);
  return subnet;
}
