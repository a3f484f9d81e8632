/**
 * How network interfaces are kept (aws-semantics.md §3.15): one record per interface, child of its subnet (so
 * DeleteSubnet fails while one remains), with its groups (`groupIds`, which DeleteSecurityGroup checks), its private
 * addresses, the public address mapped to each (an Amazon public IP or an Elastic IP, kept here as well as on the
 * Elastic IP's record so that one record change reaches the engine), its attachment and its conntrack timeouts.
 */
import type { Resource } from '../state/resource.ts';

/** The public IPv4 address the internet gateway maps to one private address. */
export interface PublicAddressRecord {
  readonly publicIp: string;
  /** Set for an Elastic IP; absent for an address from Amazon's pool, assigned at launch. */
  readonly allocationId?: string;
  readonly associationId?: string;
}

export interface PrivateAddressRecord {
  readonly address: string;
  readonly primary: boolean;
  readonly association?: PublicAddressRecord;
}

export interface AttachmentRecord {
  readonly attachmentId: string;
  readonly instanceId: string;
  readonly deviceIndex: number;
  readonly deleteOnTermination: boolean;
  /** ISO 8601. */
  readonly attachTime: string;
}

/** Idle timeouts set by the caller, seconds; unset ones are EC2's defaults (§5.8). */
export interface ConnectionTrackingRecord {
  readonly tcpEstablishedTimeout?: number;
  readonly udpStreamTimeout?: number;
  readonly udpTimeout?: number;
}

export interface NetworkInterfaceRecord extends Resource {
  readonly kind: 'network-interface';
  /** The subnet. */
  readonly parentId: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly description: string;
  /** Security group ids, in the order given; never empty. */
  readonly groupIds: readonly string[];
  /** Primary first. */
  readonly privateAddresses: readonly PrivateAddressRecord[];
  readonly macAddress: string;
  readonly sourceDestCheck: boolean;
  readonly interfaceType: string;
  readonly connectionTracking?: ConnectionTrackingRecord;
  readonly attachment?: AttachmentRecord;
  /**
   * The interface was given an address from Amazon's pool at launch: associating an Elastic IP releases it, and
   * disassociating the Elastic IP gives the interface a new one (EC2 UG, public IPv4 addressing).
   */
  readonly wantsAmazonPublicIp?: boolean;
  readonly clientToken?: string;
  readonly requestFingerprint?: string;
}

export const primaryAddress = (eni: NetworkInterfaceRecord): PrivateAddressRecord => eni.privateAddresses.find((a) => a.primary) ?? eni.privateAddresses[0];
