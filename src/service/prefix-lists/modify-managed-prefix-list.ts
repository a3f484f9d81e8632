/**
 * ModifyManagedPrefixList (aws-semantics.md §3.19): rename, add/remove entries (a new version; "referencing resources
 * always use the latest"), or resize — but entries and size not together. `CurrentVersion`, when given, must be the
 * list's version. A resize that a referencing group cannot afford under the rule quota (a reference costs MaxEntries,
 * fact 24) "fails" the way the model describes: the call succeeds, the list keeps its size and shows `modify-failed`
 * with the groups in its state message.
 */
import type { ModifyManagedPrefixListRequest, ModifyManagedPrefixListResult } from '../../api/ec2/types.ts';
import { ec2Error, isEc2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { checkRuleQuota } from '../security-groups/add-rules.ts';
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from '../security-groups/records.ts';
import type { RegionTx } from '../state/region-tx.ts';
import { canonicalEntryCidr, requireRoomFor, validateEntries, validateMaxEntries, validatePrefixListName } from './entries.ts';
import { requirePrefixList } from './lookup.ts';
import type { PrefixListEntryRecord, PrefixListRecord } from './records.ts';
import { prefixListToWire } from './to-wire.ts';

/** Groups with a rule whose peer is this list. */
export function groupsReferencing(tx: RegionTx, prefixListId: string): SecurityGroupRecord[] {
  const ids = new Set<string>();
  for (const r of tx.list<SecurityGroupRuleRecord>('security-group-rule')) {
    if (r.peer.kind === 'prefix-list' && r.peer.prefixListId === prefixListId) ids.add(r.parentId);
  }
  return [...ids].map((id) => tx.getOf<SecurityGroupRecord>('security-group', id)).filter((g): g is SecurityGroupRecord => g !== undefined);
}

function changedEntries(list: PrefixListRecord, input: ModifyManagedPrefixListRequest): PrefixListEntryRecord[] {
  const byCidr = new Map(list.entries.map((e) => [e.cidr, e]));
  for (const r of input.RemoveEntries ?? []) {
    const cidr = canonicalEntryCidr(r.Cidr, list.addressFamily);
    // Code and wording UNCONFIRMED.
    if (!byCidr.delete(cidr)) throw ec2Error('InvalidParameterValue', `The CIDR ${cidr} is not an entry of prefix list ${list.id}.`);
  }
  // Re-adding a CIDR the list has replaces its description (UNCONFIRMED: AWS documents no answer for it).
  for (const e of validateEntries(input.AddEntries, list.addressFamily)) byCidr.set(e.cidr, e);
  return [...byCidr.values()];
}

function resize(tx: RegionTx, list: PrefixListRecord, maxEntries: number, ruleLimit: number): PrefixListRecord {
  requireRoomFor(list.entries.length, maxEntries);
  const resized = tx.put<PrefixListRecord>({ ...list, maxEntries, state: 'modify-complete' });
  const cannot: string[] = [];
  for (const g of groupsReferencing(tx, list.id)) {
    try {
      checkRuleQuota(tx, g, ruleLimit);
    } catch (e) {
      if (!isEc2Error(e)) throw e;
      cannot.push(g.id);
    }
  }
  if (cannot.length === 0) return resized;
  // Wording UNCONFIRMED; the model says the state message names the first ten resources that cannot take the size.
  const stateMessage = `The following resources do not support the new maximum size of ${maxEntries}: ${cannot.slice(0, 10).join(', ')}`;
  return tx.put<PrefixListRecord>({ ...list, state: 'modify-failed', stateMessage });
}

export async function modifyManagedPrefixList(input: ModifyManagedPrefixListRequest, ctx: RequestContext): Promise<ModifyManagedPrefixListResult> {
  const changesEntries = (input.AddEntries?.length ?? 0) > 0 || (input.RemoveEntries?.length ?? 0) > 0;
  if (changesEntries && input.MaxEntries !== undefined) {
    // M: "You cannot modify the entries of a prefix list and modify the size of a prefix list at the same time" (code UNCONFIRMED).
    throw ec2Error('InvalidParameterCombination', 'You cannot modify the entries of a prefix list and modify the size of a prefix list at the same time.');
  }
  const name = input.PrefixListName !== undefined ? validatePrefixListName(input.PrefixListName) : undefined;
  const maxEntries = input.MaxEntries !== undefined ? validateMaxEntries(input.MaxEntries) : undefined;
  const before = await ctx.write((tx) => {
    const list = requirePrefixList(tx, input.PrefixListId);
    if (input.CurrentVersion !== undefined && input.CurrentVersion !== list.version) {
      // Code and wording UNCONFIRMED (M: "the request fails").
      throw ec2Error('InvalidParameterValue', `The prefix list ${list.id} has version ${list.version}, not ${input.CurrentVersion}.`);
    }
    const { stateMessage: _settled, ...current } = list;
    let next: PrefixListRecord = { ...current, ...(name !== undefined ? { prefixListName: name } : {}), state: 'modify-complete' };
    if (changesEntries) {
      const entries = changedEntries(list, input);
      requireRoomFor(entries.length, list.maxEntries);
      next = {
        ...next,
        entries,
        version: list.version + 1,
        previousVersions: [...(list.previousVersions ?? []), { version: list.version, entries: list.entries }],
      };
    }
    tx.put(next);
    if (maxEntries !== undefined && maxEntries !== list.maxEntries) resize(tx, next, maxEntries, ctx.quotas.rulesPerSecurityGroup);
    return list;
  });
  // The answer describes the list as the change starts (CLI-EX: `modify-in-progress` with the old version).
  return { PrefixList: prefixListToWire(before, ctx.accountId, ctx.region, 'modify-in-progress') };
}
