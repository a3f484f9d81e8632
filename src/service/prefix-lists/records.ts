/**
 * How customer-managed prefix lists are kept (aws-semantics.md §3.19): one record per list with its current entries
 * and the entries of every earlier version (GetManagedPrefixListEntries' TargetVersion). Security-group rules resolve
 * `pl-` peers against these records and charge MaxEntries against the rule quota (fact 24).
 */
import type { Resource } from '../state/resource.ts';

export interface PrefixListEntryRecord {
  /** Canonical CIDR of the list's address family. */
  readonly cidr: string;
  readonly description?: string;
}

export interface PrefixListRecord extends Resource {
  readonly kind: 'prefix-list';
  readonly prefixListName: string;
  readonly addressFamily: 'IPv4' | 'IPv6';
  readonly maxEntries: number;
  readonly version: number;
  readonly entries: readonly PrefixListEntryRecord[];
  /** The entries of versions 1 … version-1, oldest first; absent until the first entry change. */
  readonly previousVersions?: readonly { readonly version: number; readonly entries: readonly PrefixListEntryRecord[] }[];
  /** The state a describe shows once the last change settled; absent = `create-complete`. */
  readonly state?: 'create-complete' | 'modify-complete' | 'modify-failed';
  readonly stateMessage?: string;
  /** CreateManagedPrefixList's ClientToken and a fingerprint of its parameters, for idempotent retries. */
  readonly clientToken?: string;
  readonly requestFingerprint?: string;
}
