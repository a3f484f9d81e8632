/**
 * The catalogue's five severities (audit-checks.md §8) and how each output format spells them. The SARIF scores
 * follow GitHub's bands (≥9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, ≤3.9 low; audit-checks.md §5.1).
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe: critical 4 … info 0. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(s);
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

export function parseSeverity(text: string): Severity | undefined {
  const t = text.trim().toLowerCase();
  return (SEVERITIES as readonly string[]).includes(t) ? (t as Severity) : undefined;
}

/** SARIF `properties.security-severity`: a number as a string, read by GitHub code scanning. */
export function securitySeverityScore(s: Severity): string {
  return { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' }[s];
}

/** SARIF `level` of a failing result. */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}
