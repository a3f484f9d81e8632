/**
 * How Elastic IP addresses are kept: one record per allocation (`eipalloc-`), with its current association. The
 * associated interface's record carries the same address on its private address, so the engine sees one change.
 */
import type { Resource } from '../state/resource.ts';

export interface ElasticIpAssociationRecord {
  readonly associationId: string;
  readonly networkInterfaceId: string;
  readonly privateIpAddress: string;
}

export interface ElasticIpRecord extends Resource {
  readonly kind: 'elastic-ip';
  readonly publicIp: string;
  readonly networkBorderGroup: string;
  readonly association?: ElasticIpAssociationRecord;
  /** Association ids this address had: DisassociateAddress on one of them succeeds again ("idempotent", M). */
  readonly pastAssociationIds?: readonly string[];
}
