/**
 * Adding rules to a group inside a transaction, shared by Authorize* and ModifySecurityGroupRules: duplicates
 * (against the group and within the request) → InvalidPermission.Duplicate; more than the quota of rules per
 * direction and address family → RulesPerSecurityGroupLimitExceeded, where a prefix-list rule costs its MaxEntries
 * (aws-semantics.md §7, fact 24). All or nothing: the caller's transaction discards everything on a throw.
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Tag } from '../../core/model/tag.ts';
import type { IdSource } from '../ids.ts';
import type { PrefixListRecord } from '../prefix-lists/records.ts';
import type { RegionTx } from '../state/region-tx.ts';
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from './records.ts';
import { ruleFamily, ruleKey, type RuleSpec } from './rule-spec.ts';
import { duplicateRuleText } from './to-wire.ts';

export function ruleCost(tx: RegionTx, r: RuleSpec | SecurityGroupRuleRecord): number {
  if (r.peer.kind !== 'prefix-list') return 1;
  return tx.getOf<PrefixListRecord>('prefix-list', r.peer.prefixListId)?.maxEntries ?? 1;
}

export function checkRuleQuota(tx: RegionTx, group: SecurityGroupRecord, limit: number): void {
  const familyOf = (id: string): 4 | 6 => (tx.getOf<PrefixListRecord>('prefix-list', id)?.addressFamily === 'IPv6' ? 6 : 4);
  const used = new Map<string, number>();
  for (const r of tx.children<SecurityGroupRuleRecord>(group.id, 'security-group-rule')) {
    const bucket = `${r.direction}|${ruleFamily(r.peer, familyOf)}`;
    used.set(bucket, (used.get(bucket) ?? 0) + ruleCost(tx, r));
  }
  for (const n of used.values()) if (n > limit) throw ec2Error('RulesPerSecurityGroupLimitExceeded');
}

export function addRules(tx: RegionTx, ids: IdSource, group: SecurityGroupRecord, specs: readonly RuleSpec[], limit: number, tags?: readonly Tag[]): SecurityGroupRuleRecord[] {
  const existing = new Set(tx.children<SecurityGroupRuleRecord>(group.id, 'security-group-rule').map(ruleKey));
  const added: SecurityGroupRuleRecord[] = [];
  for (const s of specs) {
    const key = ruleKey(s);
    if (existing.has(key)) throw ec2Error('InvalidPermission.Duplicate', duplicateRuleText(s));
    existing.add(key);
    added.push(
      tx.put<SecurityGroupRuleRecord>({
        kind: 'security-group-rule',
        id: ids.newId('sgr'),
        parentId: group.id,
        direction: s.direction,
        protocol: s.protocol,
        fromPort: s.fromPort,
        toPort: s.toPort,
        peer: s.peer,
        ...(s.description !== undefined ? { description: s.description } : {}),
        ...(tags && tags.length > 0 ? { tags } : {}),
      }),
    );
  }
  checkRuleQuota(tx, group, limit);
  return added;
}
