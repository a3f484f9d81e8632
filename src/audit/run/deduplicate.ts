/**
 * One rule produces one finding (audit-checks.md §6 #17: "TCP port open to all" duplicating "FTP port open").
 * Among rule-level findings, the most severe wins, a confirmed failure before an unknown, then catalogue order; a
 * finding is dropped when every rule it names is already claimed by a winner. A union finding that shares only
 * some rules with a winner stays: it says something the winner does not.
 */
import { SEVERITIES } from '../model/severity.ts';
import type { Finding } from '../model/finding.ts';

/** What de-duplication reads of a finding: the runner applies it to drafts, before completing the survivors. */
export type RankedFinding = Pick<Finding, 'checkId' | 'severity' | 'status' | 'ruleIds'>;

export function deduplicateRuleFindings<F extends RankedFinding>(findings: readonly F[], ruleLevel: ReadonlySet<string>, catalogueOrder: ReadonlyMap<string, number>): F[] {
  // Rank by one number per finding (severity, then failure before unknown, then catalogue order — under 1024 —,
  // then position), sorted as a typed array: a large estate has 100,000 drafts, and a comparator reading maps and
  // severity lists for each of the 1.7 million comparisons costs far more.
  const keys: number[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (!ruleLevel.has(f.checkId) || f.ruleIds.length === 0) continue;
    const rank = (SEVERITIES.indexOf(f.severity) * 2 + (f.status === 'fail' ? 0 : 1)) * 1024 + (catalogueOrder.get(f.checkId) ?? 0);
    keys.push(rank * POSITIONS + i);
  }
  const ranked = Float64Array.from(keys).sort();
  const claimed = new Set<string>();
  const dropped = new Uint8Array(findings.length);
  for (const key of ranked) {
    const i = key % POSITIONS;
    const f = findings[i];
    if (f.ruleIds.every((id) => claimed.has(id))) dropped[i] = 1;
    else for (const id of f.ruleIds) claimed.add(id);
  }
  return findings.filter((_, i) => dropped[i] === 0);
}

/** Room for the position in a rank key: exact in a double while rank · 2^32 stays below 2^53. */
const POSITIONS = 2 ** 32;
