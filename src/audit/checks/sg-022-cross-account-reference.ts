import type { Check, FindingDraft } from '../model/check.ts';
import { ruleEvidence, ruleText } from './rule-facts.ts';

export const SG_022: Check = {
  id: 'SG-022',
  title: 'Cross-account group or prefix-list reference',
  severity: 'info',
  ruleLevel: true,
  rationale:
    'A rule references a security group or a customer-managed prefix list owned by another account: that account decides who the rule admits. Worth knowing; AWS-managed prefix lists (owner "AWS") are not reported.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      if (!group.ownerId) continue;
      for (const list of [group.ingress, group.egress]) for (const rule of list) {
        let owner: string | undefined;
        if (rule.peer.kind === 'group' && rule.peer.userId && rule.peer.userId !== group.ownerId) owner = rule.peer.userId;
        if (rule.peer.kind === 'prefix-list') {
          const listOwner = ctx.index.prefixLists.get(rule.peer.prefixListId)?.ownerId;
          if (listOwner && listOwner !== 'AWS' && listOwner !== group.ownerId) owner = listOwner;
        }
        if (!owner) continue;
        findings.push({
          resource: ctx.groupResource(group),
          message: `${group.groupId} trusts account ${owner}: ${ruleText(rule)}`,
          ruleIds: [rule.ruleId],
          evidence: ruleEvidence(rule),
          remediation: { summary: `Confirm that account ${owner} is meant to decide who this rule admits.`, commands: [] },
        });
      }
    }
    return { findings };
  },
};
