/**
 * The work of `rampart audit` (audit.ts registers the command and parses its options): read every source, run the
 * checks, build and write the report. A module of its own so that other commands load none of the auditor.
 */
import { writeFile } from 'node:fs/promises';
import { auditEstate, type AuditResult } from '../../audit/run/audit.ts';
import { buildReport } from '../../audit/run/report.ts';
import { readBaseline } from '../../audit/run/baseline.ts';
import { readSuppressions } from '../../audit/run/suppressions.ts';
import type { AuditEstate } from '../../audit/model/estate.ts';
import { readSnapshotDirectory } from '../../audit/sources/snapshot/snapshot-source.ts';
import { readCloudFormation } from '../../audit/sources/cloudformation/cfn-source.ts';
import { readTerraformPlan } from '../../audit/sources/terraform-plan/tf-plan-source.ts';
import { readLive } from '../../audit/sources/live/live-source.ts';
import { renderJson } from '../../audit/report/json-report.ts';
import { renderSarif } from '../../audit/report/sarif-report.ts';
import { renderTable } from '../../audit/report/table-report.ts';
import { renderHtml } from '../../audit/report/html-report.ts';
import { CATALOGUE } from '../../audit/checks/catalogue.ts';
import { AuditProgress } from './audit-progress.ts';
import type { AuditOptions } from './audit.ts';

export async function runAudit(options: AuditOptions): Promise<number> {
  const sources = options.snapshot.length + options.cfn.length + options.tfPlan.length + (options.endpoint || options.live ? 1 : 0);
  if (sources === 0) throw new Error('nothing to audit: give --snapshot, --cfn, --tf-plan, --endpoint or --live');
  if ((options.endpoint || options.live) && options.region.length === 0) throw new Error('--endpoint and --live need --region');
  const checks = options.checks ? CATALOGUE.filter((c) => options.checks!.includes(c.id)) : CATALOGUE;
  if (options.checks) {
    const unknownIds = options.checks.filter((id) => !CATALOGUE.some((c) => c.id === id));
    if (unknownIds.length > 0) throw new Error(`unknown check id(s): ${unknownIds.join(', ')}`);
  }
  const suppressions = options.suppressions ? await readSuppressions(options.suppressions) : [];
  const baseline = options.baseline ? await readBaseline(options.baseline) : undefined;
  const progress = new AuditProgress(options.progress && process.stderr.isTTY === true);
  const region = options.region[0];

  const results: AuditResult[] = [];
  const audit = (estate: AuditEstate) => {
    results.push(auditEstate(estate, { checks, onCheck: (c, i, n) => progress.step(`${estate.origin}: ${c.id}`, i + 1, n) }));
  };
  try {
    for (const dir of options.snapshot) {
      audit(await readSnapshotDirectory(dir, { ...(region ? { region } : {}), onProgress: (read, total) => progress.step(`reading ${dir}`, read, total) }));
    }
    for (const file of options.cfn) audit(await readCloudFormation(file, { parameters: options.cfnParam, ...(region ? { region } : {}) }));
    for (const file of options.tfPlan) audit(await readTerraformPlan(file));
    if (options.endpoint || options.live) {
      for (const r of options.region) audit(await readLive({ ...(options.endpoint ? { endpoint: options.endpoint } : {}), region: r, onProgress: (s) => progress.step(`${r}: ${s}`, 0, 0) }));
    }
  } finally {
    progress.stop();
  }

  const report = buildReport(results, { failOn: options.failOn, failOnUnknown: options.failOnUnknown === true, suppressions, ...(baseline ? { baseline } : {}) });
  const toTerminal = !options.output && process.stdout.isTTY === true;
  const text =
    options.format === 'json'
      ? renderJson(report)
      : options.format === 'sarif'
        ? renderSarif(report)
        : options.format === 'html'
          ? renderHtml(report)
          : renderTable(report, { color: toTerminal && !process.env.NO_COLOR, width: process.stdout.columns });
  if (options.output) await writeFile(options.output, text);
  else process.stdout.write(text);
  return report.exitCode;
}
