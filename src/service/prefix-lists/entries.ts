/**
 * Validating what a request says about a prefix list (aws-semantics.md §3.19): the name (≤255 characters, not
 * `com.amazonaws…`, which AWS-managed lists use), MaxEntries (1–1,000, the per-list maximum of §7), and entries — each
 * a CIDR of the list's one address family, stored canonical as every other CIDR is (fact 8; canonicalising rather than
 * refusing a host-bit CIDR is UNCONFIRMED for prefix lists), description ≤255 characters.
 */
import type { AddPrefixListEntry } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { parseCidr } from '../../core/net/cidr.ts';
import type { PrefixListEntryRecord, PrefixListRecord } from './records.ts';

/** The largest list AWS allows (VPC-Q: "max 1,000 entries per list"). */
export const MAX_PREFIX_LIST_ENTRIES = 1000;
const MAX_TEXT = 255;

export function validatePrefixListName(name: string): string {
  if (name.length === 0 || name.length > MAX_TEXT) {
    throw ec2Error('InvalidParameterValue', `The prefix list name must be 1 to ${MAX_TEXT} characters long.`);
  }
  if (name.toLowerCase().startsWith('com.amazonaws')) {
    throw ec2Error('InvalidParameterValue', `The prefix list name cannot start with com.amazonaws: ${name}`);
  }
  return name;
}

export function validateAddressFamily(family: string): PrefixListRecord['addressFamily'] {
  if (family !== 'IPv4' && family !== 'IPv6') {
    throw ec2Error('InvalidParameterValue', `Value (${family}) for parameter addressFamily is invalid. Valid values: IPv4 | IPv6`);
  }
  return family;
}

export function validateMaxEntries(maxEntries: number): number {
  if (!Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > MAX_PREFIX_LIST_ENTRIES) {
    throw ec2Error('InvalidParameterValue', `Value (${maxEntries}) for parameter maxEntries is invalid. It must be between 1 and ${MAX_PREFIX_LIST_ENTRIES}.`);
  }
  return maxEntries;
}

export function canonicalEntryCidr(text: string, family: PrefixListRecord['addressFamily']): string {
  const cidr = parseCidr(text.trim(), family === 'IPv4' ? 4 : 6);
  if (!cidr) throw ec2Error('InvalidParameterValue', `Value (${text}) for parameter cidr is invalid. This is not a valid ${family} CIDR block.`);
  return cidr.text;
}

/** New entries, canonical; the same CIDR twice in one request is refused (code UNCONFIRMED). */
export function validateEntries(entries: readonly AddPrefixListEntry[] | undefined, family: PrefixListRecord['addressFamily']): PrefixListEntryRecord[] {
  const out: PrefixListEntryRecord[] = [];
  const seen = new Set<string>();
  for (const e of entries ?? []) {
    const cidr = canonicalEntryCidr(e.Cidr, family);
    if (seen.has(cidr)) throw ec2Error('InvalidParameterValue', `The request contains duplicate entries for CIDR ${cidr}.`);
    seen.add(cidr);
    if (e.Description !== undefined && e.Description.length > MAX_TEXT) {
      throw ec2Error('InvalidParameterValue', `The description for CIDR ${cidr} is longer than ${MAX_TEXT} characters.`);
    }
    out.push({ cidr, ...(e.Description !== undefined ? { description: e.Description } : {}) });
  }
  return out;
}

export function requireRoomFor(entryCount: number, maxEntries: number): void {
  if (entryCount > maxEntries) {
    // Code and wording UNCONFIRMED (§3.19 only says the list has a maximum size).
    throw ec2Error('InvalidParameterValue', `The prefix list would have ${entryCount} entries, more than its maximum of ${maxEntries}.`);
  }
}
