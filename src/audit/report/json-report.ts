/**
 * `--format json`: the versioned, documented report (docs/audit.md, "JSON report"). `schema` and `version` let
 * consumers — and `--baseline` — reject what they do not understand; fields are only ever added within a version.
 */
import { SEVERITIES } from '../model/severity.ts';
import type { AuditReport } from '../run/report.ts';
import { TOOL_VERSION } from './tool-info.ts';

export const REPORT_SCHEMA = 'rampart.audit.report';
export const REPORT_VERSION = 1;

export interface JsonReportOptions {
  /** ISO timestamp; fixed in tests for byte-stable output. */
  readonly generatedAt?: string;
}

export function renderJson(report: AuditReport, options: JsonReportOptions = {}): string {
  const active = report.findings.filter((f) => !f.suppression);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s && f.status === 'fail').length]));
  const doc = {
    schema: REPORT_SCHEMA,
    version: REPORT_VERSION,
    tool: { name: 'rampart', version: TOOL_VERSION },
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    failOn: report.failOn,
    failOnUnknown: report.failOnUnknown,
    exitCode: report.exitCode,
    summary: {
      findings: report.findings.length,
      failing: report.failing,
      bySeverity,
      unknown: active.filter((f) => f.status === 'unknown').length,
      suppressed: report.findings.length - active.length,
      baselineMatched: report.baselineMatched,
    },
    sources: report.sources,
    notices: report.notices,
    findings: report.findings,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
