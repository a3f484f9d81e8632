/**
 * One rule produces one finding (audit-checks.md §6 #17: "TCP port open to all" duplicating "FTP port open").
 * Among rule-level findings, the most severe wins, a confirmed failure before an unknown, then catalogue order; a
 * finding is dropped when every rule it names is already claimed by a winner. A union finding that shares only
 * some rules with a winner stays: it says something the winner does not.
 */
import { severityRank } from '../model/severity.ts';
import type { Finding } from '../model/finding.ts';

/** What de-duplication reads of a finding: the runner applies it to drafts, before completing the survivors. */
export type RankedFinding = Pick<Finding, 'checkId' | 'severity' | 'status' | 'ruleIds'>;

export function deduplicateRuleFindings<F extends RankedFinding>(findings: readonly F[], ruleLevel: ReadonlySet<string>, catalogueOrder: ReadonlyMap<string, number>): F[] {
  const ranked = findings
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => ruleLevel.has(f.checkId) && f.ruleIds.length > 0)
    .sort(
      (a, b) =>
        severityRank(b.f.severity) - severityRank(a.f.severity) ||
        (a.f.status === b.f.status ? 0 : a.f.status === 'fail' ? -1 : 1) ||
        (catalogueOrder.get(a.f.checkId) ?? 0) - (catalogueOrder.get(b.f.checkId) ?? 0) ||
        a.i - b.i,
    );
  const claimed = new Set<string>();
  const dropped = new Set<number>();
  for (const { f, i } of ranked) {
    if (f.ruleIds.every((id) => claimed.has(id))) dropped.add(i);
    else for (const id of f.ruleIds) claimed.add(id);
  }
  return findings.filter((_, i) => !dropped.has(i));
}
