/**
 * How customer-managed prefix lists are kept. The prefix-list operations are not implemented yet; security-group rules
 * already resolve `pl-` peers against these records and charge MaxEntries against the rule quota (fact 24).
 */
import type { Resource } from '../state/resource.ts';

export interface PrefixListRecord extends Resource {
  readonly kind: 'prefix-list';
  readonly prefixListName: string;
  readonly addressFamily: 'IPv4' | 'IPv6';
  readonly maxEntries: number;
  readonly version: number;
  readonly entries: readonly { readonly cidr: string; readonly description?: string }[];
}
