/**
 * How instances are kept (aws-semantics.md §3.16): one record per instance with what it was launched with and the ids
 * of its attached interfaces (device order); the interfaces hold the network state. Instances are `running` as soon
 * as RunInstances returns (issue 5 §1); terminated ones stay visible for an hour, as EC2's do, then are dropped.
 * Not a child of its subnet: a terminated instance does not hold the subnet back.
 */
import type { InstanceMetadataOptionsRequest } from '../../api/ec2/types.ts';
import type { Resource } from '../state/resource.ts';

export interface InstanceRecord extends Resource {
  readonly kind: 'instance';
  readonly reservationId: string;
  readonly imageId: string;
  readonly instanceType: string;
  readonly keyName?: string;
  /** ISO 8601. */
  readonly launchTime: string;
  readonly amiLaunchIndex: number;
  readonly availabilityZone: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly state: 'running' | 'terminated';
  /** ISO 8601, for terminated instances. */
  readonly terminatedAt?: string;
  /** Attached interfaces, device index 0 first. */
  readonly networkInterfaceIds: readonly string[];
  readonly monitoring: boolean;
  readonly ebsOptimized: boolean;
  readonly disableApiTermination: boolean;
  readonly disableApiStop: boolean;
  readonly instanceInitiatedShutdownBehavior: 'stop' | 'terminate';
  readonly userData?: string;
  readonly metadataOptions?: InstanceMetadataOptionsRequest;
  readonly launchTemplate?: { readonly id: string; readonly name: string; readonly version: string };
  readonly clientToken?: string;
  readonly requestFingerprint?: string;
}

/** EC2 keeps terminated instances visible "for approximately one hour" (M, TerminateInstances). */
export const TERMINATED_VISIBLE_MS = 60 * 60 * 1000;

export function isVisible(i: InstanceRecord, now: Date): boolean {
  return i.state !== 'terminated' || i.terminatedAt === undefined || now.getTime() - Date.parse(i.terminatedAt) < TERMINATED_VISIBLE_MS;
}
