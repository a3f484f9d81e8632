/**
 * The report every output format renders: the audit results of each source, then suppressions and the baseline
 * applied, and the exit-code verdict (0: nothing at or above --fail-on; 1: findings at or above it).
 */
import { atLeast, type Severity } from '../model/severity.ts';
import type { Finding } from '../model/finding.ts';
import type { AuditResult, CheckRun } from './audit.ts';
import { applyBaseline } from './baseline.ts';
import { applySuppressions, type Suppression } from './suppressions.ts';

export interface ReportedFinding extends Finding {
  readonly source: AuditResult['source'];
}

export interface AuditReport {
  readonly sources: ReadonlyArray<{ readonly kind: AuditResult['source']; readonly origin: string; readonly checks: readonly CheckRun[] }>;
  /** Every reported finding, suppressed ones included (marked); baseline matches are gone. */
  readonly findings: readonly ReportedFinding[];
  readonly notices: readonly string[];
  readonly failOn: Severity | 'none';
  readonly failOnUnknown: boolean;
  readonly baselineMatched: number;
  /** Findings that make the run fail. */
  readonly failing: number;
  readonly exitCode: 0 | 1;
}

export interface ReportOptions {
  readonly failOn?: Severity | 'none';
  readonly failOnUnknown?: boolean;
  readonly suppressions?: readonly Suppression[];
  readonly baseline?: ReadonlySet<string>;
  /** YYYY-MM-DD, for suppression expiry; defaults to today (UTC). */
  readonly today?: string;
}

export function buildReport(results: readonly AuditResult[], options: ReportOptions = {}): AuditReport {
  const failOn = options.failOn ?? 'high';
  const all = results.flatMap((r) => r.findings.map((f) => ({ ...f, source: r.source })));
  const suppressed = applySuppressions(all, options.suppressions ?? [], options.today ?? new Date().toISOString().slice(0, 10));
  const baselined = options.baseline ? applyBaseline(suppressed.findings, options.baseline) : { findings: suppressed.findings, matched: 0 };
  const findings = baselined.findings as ReportedFinding[];
  const failing = findings.filter((f) => isFailing(f, failOn, options.failOnUnknown ?? false)).length;
  return {
    sources: results.map((r) => ({ kind: r.source, origin: r.origin, checks: r.checks })),
    findings,
    notices: [...results.flatMap((r) => r.notes.map((n) => `${r.origin}: ${n}`)), ...suppressed.notices],
    failOn,
    failOnUnknown: options.failOnUnknown ?? false,
    baselineMatched: baselined.matched,
    failing,
    exitCode: failing > 0 ? 1 : 0,
  };
}

export function isFailing(f: Finding, failOn: Severity | 'none', failOnUnknown: boolean): boolean {
  if (failOn === 'none' || f.suppression) return false;
  if (f.status === 'unknown' && !failOnUnknown) return false;
  return atLeast(f.severity, failOn);
}
