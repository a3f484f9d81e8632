import type { Check, FindingDraft } from '../model/check.ts';
import { TCP, UDP } from '../../core/net/protocol.ts';
import { toAtomicRule } from '../../core/rules/atomic-rule.ts';
import { hasPublicAddresses, publicPart } from '../analysis/address-classes.ts';
import { cidrInterval, describeSet, isWhole, toCidrs } from '../analysis/address-set.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import { addressesOf, ruleEvidence, ruleText } from './rule-facts.ts';

export const SG_020: Check = {
  id: 'SG-020',
  title: 'Prefix list resolves to the internet or a wide public range',
  severity: 'high',
  ruleLevel: true,
  rationale:
    'An ingress rule references a managed prefix list whose current entries cover the whole internet (high) or include a public range wider than the SG-007 threshold (medium). Scanners that see only "pl-…" treat it as safe. A world-covering list on authorised ports only (80/443) is not flagged, as a 0.0.0.0/0 rule there would not be. A list whose entries are not in the input is UNKNOWN.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      for (const rule of group.ingress) {
        if (rule.peer.kind !== 'prefix-list') continue;
        const listId = rule.peer.prefixListId;
        const peer = addressesOf(ctx, rule);
        const fix = revokeRulesFix(ctx, group, [rule], { summary: `Remove the world-wide entries from ${listId}, or reference a narrower list.` });
        const a = toAtomicRule(rule);
        const authorised = rule.protocol === TCP ? ctx.config.authorizedTcpPorts : rule.protocol === UDP ? ctx.config.authorizedUdpPorts : [];
        const authorisedOnly = authorised.some(([from, to]) => from <= a.portFrom && a.portTo <= to);
        if (peer.kind === 'unresolved') {
          findings.push({
            resource: ctx.groupResource(group),
            status: 'unknown',
            // The worst the list could be: the world (high) — unless the ports are authorised, where only a wide
            // public range would be flagged (medium).
            severity: authorisedOnly ? 'medium' : 'high',
            message: `${group.groupId} references ${listId}, whose entries are unknown: ${peer.reason}`,
            ruleIds: [rule.ruleId],
            evidence: ruleEvidence(rule),
            remediation: { summary: `Capture the entries of ${listId} (aws ec2 get-managed-prefix-list-entries) and audit again.`, commands: [] },
          });
          continue;
        }
        if (peer.kind !== 'addresses') continue;
        if (isWhole(peer.set)) {
          if (authorisedOnly) continue;
          findings.push({
            resource: ctx.groupResource(group),
            severity: 'high',
            message: `${group.groupId} references ${listId}, whose entries cover the whole IPv${peer.set.family} internet: ${ruleText(rule)}`,
            ruleIds: [rule.ruleId],
            evidence: ruleEvidence(rule),
            remediation: fix,
          });
          continue;
        }
        const limit = peer.set.family === 4 ? ctx.config.broadPublicPrefixV4 : ctx.config.broadPublicPrefixV6;
        const wide = toCidrs(publicPart(peer.set)).filter((c) => c.prefixLength < limit);
        if (!hasPublicAddresses(peer.set) || wide.length === 0) continue;
        findings.push({
          resource: ctx.groupResource(group),
          severity: 'medium',
          message: `${group.groupId} references ${listId}, which includes wide public space (${describeSet({ family: peer.set.family, intervals: wide.map(cidrInterval) })}): ${ruleText(rule)}`,
          ruleIds: [rule.ruleId],
          evidence: ruleEvidence(rule),
          remediation: fix,
        });
      }
    }
    return { findings };
  },
};
