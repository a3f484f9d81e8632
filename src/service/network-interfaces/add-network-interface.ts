/**
 * Creating an interface record, shared by CreateNetworkInterface and RunInstances: addresses from the subnet's book,
 * a MAC address (EC2's are locally administered, `0a:`/`06:`…, CLI-EX), the groups already resolved.
 */
import { randomBytes } from 'node:crypto';
import type { Tag } from '../../core/model/tag.ts';
import type { IdSource } from '../ids.ts';
import type { RegionTx } from '../state/region-tx.ts';
import type { SubnetRecord } from '../vpcs/records.ts';
import type { AddressRequest } from './address-request.ts';
import type { SubnetAddressBook } from './private-addresses.ts';
import type { AttachmentRecord, ConnectionTrackingRecord, NetworkInterfaceRecord, PrivateAddressRecord } from './records.ts';

export interface NewInterface {
  readonly subnet: SubnetRecord;
  readonly groupIds: readonly string[];
  readonly addresses: AddressRequest;
  readonly description?: string;
  readonly interfaceType?: string;
  readonly connectionTracking?: ConnectionTrackingRecord;
  readonly attachment?: AttachmentRecord;
  /** An address from Amazon's pool for the primary private address (RunInstances' public IP rules). */
  readonly amazonPublicIp?: string;
  readonly tags?: readonly Tag[];
  readonly clientToken?: string;
  readonly requestFingerprint?: string;
}

export function newMacAddress(): string {
  const b = randomBytes(5);
  return ['0a', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

export function addNetworkInterface(tx: RegionTx, ids: IdSource, book: SubnetAddressBook, spec: NewInterface): NetworkInterfaceRecord {
  const primary = spec.addresses.primary !== undefined ? book.claim(spec.addresses.primary) : book.allocate();
  const addresses: PrivateAddressRecord[] = [
    { address: primary, primary: true, ...(spec.amazonPublicIp ? { association: { publicIp: spec.amazonPublicIp } } : {}) },
    ...spec.addresses.secondaries.map((a) => ({ address: book.claim(a), primary: false })),
  ];
  for (let i = 0; i < spec.addresses.secondaryCount; i++) addresses.push({ address: book.allocate(), primary: false });
  return tx.put<NetworkInterfaceRecord>({
    kind: 'network-interface',
    id: ids.newId('eni'),
    parentId: spec.subnet.id,
    vpcId: spec.subnet.parentId,
    availabilityZone: spec.subnet.availabilityZone,
    availabilityZoneId: spec.subnet.availabilityZoneId,
    description: spec.description ?? '',
    groupIds: spec.groupIds,
    privateAddresses: addresses,
    macAddress: newMacAddress(),
    sourceDestCheck: true,
    interfaceType: spec.interfaceType ?? 'interface',
    ...(spec.connectionTracking ? { connectionTracking: spec.connectionTracking } : {}),
    ...(spec.attachment ? { attachment: spec.attachment } : {}),
    ...(spec.amazonPublicIp ? { wantsAmazonPublicIp: true } : {}),
    ...(spec.tags && spec.tags.length > 0 ? { tags: spec.tags } : {}),
    ...(spec.clientToken ? { clientToken: spec.clientToken, requestFingerprint: spec.requestFingerprint } : {}),
  });
}
