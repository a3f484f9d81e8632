/** Prefix-list records as EC2's `ManagedPrefixList` and `PrefixListEntry` shapes (aws-semantics.md §3.19; CLI-EX). */
import type { ManagedPrefixList, PrefixListEntry, PrefixListState } from '../../api/ec2/types.ts';
import type { PrefixListEntryRecord, PrefixListRecord } from './records.ts';

export const prefixListArn = (region: string, ownerId: string, id: string): string => `arn:aws:ec2:${region}:${ownerId}:prefix-list/${id}`;

/**
 * `state` overrides what a describe shows: the mutating calls answer the in-progress state (`create-in-progress`,
 * `modify-in-progress`, `delete-in-progress`, CLI-EX) although Rampart has settled the change already.
 */
export function prefixListToWire(p: PrefixListRecord, ownerId: string, region: string, state?: PrefixListState): ManagedPrefixList {
  return {
    PrefixListId: p.id,
    AddressFamily: p.addressFamily,
    State: state ?? p.state ?? 'create-complete',
    ...(p.stateMessage !== undefined && state === undefined ? { StateMessage: p.stateMessage } : {}),
    PrefixListArn: prefixListArn(region, ownerId, p.id),
    PrefixListName: p.prefixListName,
    MaxEntries: p.maxEntries,
    Version: p.version,
    // CLI-EX shows `Tags: []` on untagged lists, unlike groups and VPCs.
    Tags: (p.tags ?? []).map((t) => ({ Key: t.key, Value: t.value })),
    OwnerId: ownerId,
  };
}

export const entryToWire = (e: PrefixListEntryRecord): PrefixListEntry => ({ Cidr: e.cidr, ...(e.description !== undefined ? { Description: e.description } : {}) });
