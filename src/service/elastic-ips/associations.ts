/**
 * Moving public addresses between Elastic IPs and interfaces inside a transaction. An Elastic IP on a private address
 * replaces the Amazon public IP there (released); when it leaves the primary address of an interface that had one from
 * launch and is the only interface of its instance, the interface gets a new Amazon public IP (EC2 UG: "If you
 * disassociate the Elastic IP address, the instance receives a new public IPv4 address"). Both records are written,
 * so the engine and every describe see the same address.
 */
import type { IdSource } from '../ids.ts';
import type { InstanceRecord } from '../instances/records.ts';
import { primaryAddress, type NetworkInterfaceRecord, type PublicAddressRecord } from '../network-interfaces/records.ts';
import type { RegionTx } from '../state/region-tx.ts';
import { drawPublicIpv4, publicAddressesInUse } from './public-ipv4-pool.ts';
import type { ElasticIpRecord } from './records.ts';

function withAddressMapping(eni: NetworkInterfaceRecord, privateIp: string, association: PublicAddressRecord | undefined): NetworkInterfaceRecord {
  return {
    ...eni,
    privateAddresses: eni.privateAddresses.map((a) => {
      if (a.address !== privateIp) return a;
      const { association: _old, ...rest } = a;
      return association ? { ...rest, association } : rest;
    }),
  };
}

/** True when the interface should get a new Amazon public IP on its primary address. */
function regainsAmazonPublicIp(tx: RegionTx, eni: NetworkInterfaceRecord, privateIp: string): boolean {
  if (!eni.wantsAmazonPublicIp || primaryAddress(eni).address !== privateIp || !eni.attachment) return false;
  const instance = tx.getOf<InstanceRecord>('instance', eni.attachment.instanceId);
  return instance !== undefined && instance.networkInterfaceIds.length === 1;
}

/** Removes an Elastic IP's association, giving the interface back an Amazon public IP where EC2 does. */
export function disassociateElasticIp(tx: RegionTx, eip: ElasticIpRecord): ElasticIpRecord {
  const assoc = eip.association;
  if (!assoc) return eip;
  const eni = tx.getOf<NetworkInterfaceRecord>('network-interface', assoc.networkInterfaceId);
  const { association: _gone, ...rest } = eip;
  const released = tx.put<ElasticIpRecord>({ ...rest, pastAssociationIds: [...(eip.pastAssociationIds ?? []), assoc.associationId].slice(-20) });
  if (eni) {
    const replacement = regainsAmazonPublicIp(tx, eni, assoc.privateIpAddress) ? { publicIp: drawPublicIpv4(publicAddressesInUse(tx)) } : undefined;
    tx.put(withAddressMapping(eni, assoc.privateIpAddress, replacement));
  }
  return released;
}

/** Associates an Elastic IP with one private address of an interface; whatever address was mapped there goes. */
export function associateElasticIp(tx: RegionTx, ids: IdSource, eip: ElasticIpRecord, eniId: string, privateIp: string): string {
  const current = disassociateElasticIp(tx, eip);
  const eni = tx.getOf<NetworkInterfaceRecord>('network-interface', eniId)!;
  const previous = eni.privateAddresses.find((a) => a.address === privateIp)?.association;
  if (previous?.allocationId) {
    const other = tx.getOf<ElasticIpRecord>('elastic-ip', previous.allocationId);
    if (other) {
      const { association: _gone, ...rest } = other;
      tx.put<ElasticIpRecord>({ ...rest, pastAssociationIds: [...(other.pastAssociationIds ?? []), previous.associationId!].slice(-20) });
    }
  }
  const associationId = ids.newId('eipassoc');
  tx.put<ElasticIpRecord>({ ...current, association: { associationId, networkInterfaceId: eniId, privateIpAddress: privateIp } });
  tx.put(withAddressMapping(tx.getOf<NetworkInterfaceRecord>('network-interface', eniId)!, privateIp, { publicIp: eip.publicIp, allocationId: eip.id, associationId }));
  return associationId;
}

/** Before an interface goes away: its Elastic IPs stay allocated but no longer associated. */
export function releaseElasticIpsOf(tx: RegionTx, eni: NetworkInterfaceRecord): void {
  for (const a of eni.privateAddresses) {
    if (!a.association?.allocationId) continue;
    const eip = tx.getOf<ElasticIpRecord>('elastic-ip', a.association.allocationId);
    if (!eip) continue;
    const { association: _gone, ...rest } = eip;
    tx.put<ElasticIpRecord>({ ...rest, pastAssociationIds: [...(eip.pastAssociationIds ?? []), a.association.associationId!].slice(-20) });
  }
}
