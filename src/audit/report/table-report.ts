/**
 * The default output: findings grouped by resource, one small table per resource, the fixes printed under it as
 * plain lines (so commands copy-paste cleanly), then a summary with the exit verdict. Colour only when asked for
 * (the CLI asks when stdout is a terminal and NO_COLOR is unset): cli-table3 colours borders and heads even when
 * piped unless told not to (stack.md).
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import { SEVERITIES, type Severity } from '../model/severity.ts';
import type { AuditReport, ReportedFinding } from '../run/report.ts';

export interface TableOptions {
  readonly color: boolean;
  /** Terminal width; the message column fills what is left. */
  readonly width?: number;
}

export function renderTable(report: AuditReport, options: TableOptions): string {
  const c = pc.createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  const width = Math.max(80, Math.min(options.width ?? 120, 200));
  const lines: string[] = [];
  const byResource = new Map<string, ReportedFinding[]>();
  for (const f of report.findings) {
    const key = `${f.source}|${f.resource.kind}|${f.resource.id}`;
    byResource.set(key, [...(byResource.get(key) ?? []), f]);
  }
  for (const findings of byResource.values()) {
    const r = findings[0].resource;
    const where = findings[0].location ? `  ${findings[0].location.file}:${findings[0].location.line}` : findings[0].arn ? `  ${findings[0].arn}` : '';
    lines.push(c.bold(`■ ${r.id}${r.name && r.name !== r.id ? ` (${r.name})` : ''}`) + c.dim(`  ${r.kind}${r.vpcId ? `  ${r.vpcId}` : ''}${where}`));
    const table = new Table({
      head: ['Severity', 'Check', 'Finding'],
      colWidths: [20, 10, width - 34],
      wordWrap: true,
      style: options.color ? { head: ['bold'] } : { head: [], border: [] },
    });
    for (const f of findings) {
      const sev = f.suppression ? c.dim(`${f.severity} (suppressed)`) : f.status === 'unknown' ? c.magenta(`UNKNOWN ${f.severity}`) : paint[f.severity](f.severity.toUpperCase());
      const escalated = f.baseSeverity ? ` [${f.baseSeverity} → ${f.severity}: ${f.escalatedBy}]` : '';
      table.push([sev, f.checkId, `${f.title}: ${f.message}${escalated}${f.suppression ? `\nSuppressed: ${f.suppression.reason}` : ''}`]);
    }
    lines.push(table.toString());
    for (const f of findings) {
      if (f.suppression) continue;
      lines.push(`  ${c.bold(`Fix ${f.checkId}:`)} ${f.remediation.summary}`);
      for (const cmd of f.remediation.commands) lines.push(`    ${c.green(cmd)}`);
      if (f.remediation.patch) for (const l of f.remediation.patch.split('\n')) lines.push(`    ${l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : c.dim(l)}`);
    }
    lines.push('');
  }
  for (const n of report.notices) lines.push(c.yellow(`notice: ${n}`));
  lines.push(summaryLine(report, c.bold));
  for (const s of report.sources) {
    const skipped = s.checks.filter((k) => !k.evaluated);
    if (skipped.length > 0) lines.push(c.dim(`${s.kind} ${s.origin}: not evaluated: ${skipped.map((k) => `${k.id} (${k.notEvaluated})`).join('; ')}`));
  }
  return `${lines.join('\n')}\n`;
}

export function summaryLine(report: AuditReport, bold: (s: string) => string = (s) => s): string {
  const active = report.findings.filter((f) => !f.suppression && f.status === 'fail');
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const unknown = report.findings.filter((f) => !f.suppression && f.status === 'unknown').length;
  const suppressed = report.findings.filter((f) => f.suppression).length;
  const extras = [unknown > 0 ? `${unknown} unknown` : '', suppressed > 0 ? `${suppressed} suppressed` : '', report.baselineMatched > 0 ? `${report.baselineMatched} in baseline` : ''].filter(Boolean);
  const total = `${active.length} finding${active.length === 1 ? '' : 's'}${counts.length > 0 ? `: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}` : ''}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
  const verdict = report.failOn === 'none' ? 'not gating (--fail-on none)' : `${report.failing} at or above ${report.failOn}`;
  return bold(`${total}. ${verdict}: exit ${report.exitCode}`);
}
