/**
 * describe-managed-prefix-lists (`PrefixLists`) and get-managed-prefix-list-entries (`Entries`) → PrefixList.
 * The entries call prints only `{ "Entries": [...] }`, so the saved file must name its list: either
 * `{ "PrefixListId": "pl-…", "Entries": [...] }`, or an `Entries` array placed inside the list's `PrefixLists` item.
 * Entries of a list that no PrefixLists document describes still make a list (named after its id, family from its
 * entries): an AWS-managed list is often captured that way. Rules match the current entries (aws-semantics.md §4.13).
 */
import { Ec2Error } from '../errors/ec2-error.ts';
import type { PrefixList, PrefixListEntry } from '../model/network.ts';
import type { DescribeItem } from './describe-item.ts';
import type { PrefixListEntriesDocument } from './describe-documents.ts';
import { requiredCidr } from './address-fields.ts';
import { readTags } from './tags.ts';

export function readPrefixLists(described: readonly DescribeItem[], entryDocuments: readonly PrefixListEntriesDocument[]): PrefixList[] {
  const entriesById = new Map<string, PrefixListEntry[]>();
  const addEntries = (id: string, items: readonly DescribeItem[]) => {
    const list = entriesById.get(id) ?? [];
    for (const e of items.map(readEntry)) if (!list.some((x) => x.cidr.text === e.cidr.text)) list.push(e);
    entriesById.set(id, list);
  };
  for (const doc of entryDocuments) addEntries(doc.prefixListId, doc.entries);

  const lists = new Map<string, PrefixList>();
  for (const raw of described) {
    const prefixListId = raw.requiredString('PrefixListId');
    if (lists.has(prefixListId)) continue;
    const item = raw.named(prefixListId);
    if (item.has('Entries')) addEntries(prefixListId, item.list('Entries'));
    const family = item.optionalString('AddressFamily');
    if (family !== undefined && family !== 'IPv4' && family !== 'IPv6') {
      throw item.fail('InvalidParameterValue', `Value (${family}) for parameter addressFamily is invalid. Must be IPv4 or IPv6.`, 'AddressFamily');
    }
    const entries = entriesById.get(prefixListId) ?? [];
    lists.set(prefixListId, {
      prefixListId,
      prefixListName: item.optionalString('PrefixListName') ?? prefixListId,
      addressFamily: family === 'IPv6' ? 6 : family === 'IPv4' ? 4 : (entries[0]?.cidr.family ?? 4),
      maxEntries: item.optionalInteger('MaxEntries') ?? entries.length,
      version: item.optionalInteger('Version') ?? 1,
      ownerId: item.optionalString('OwnerId'),
      entries,
      tags: readTags(item),
    });
  }
  for (const [prefixListId, entries] of entriesById) {
    if (lists.has(prefixListId)) continue;
    lists.set(prefixListId, {
      prefixListId,
      prefixListName: prefixListId,
      addressFamily: entries[0]?.cidr.family ?? 4,
      maxEntries: entries.length,
      version: 1,
      entries,
    });
  }
  // Every entry must be of the list's family (aws-semantics.md §3.19: one address family per list).
  for (const list of lists.values()) {
    const wrong = list.entries.find((e) => e.cidr.family !== list.addressFamily);
    if (wrong) {
      throw new Ec2Error('InvalidParameterValue', `prefix list ${list.prefixListId} is IPv${list.addressFamily} but has the entry ${wrong.cidr.text}`);
    }
  }
  return [...lists.values()];
}

function readEntry(item: DescribeItem): PrefixListEntry {
  return { cidr: requiredCidr(item, 'Cidr'), description: item.optionalString('Description') };
}
