/**
 * `--baseline FILE`: a previous JSON report. Findings whose fingerprint appears in it are not reported again, so
 * a pipeline can fail on what is new while the backlog is worked down. Fingerprints ignore rule ids and line
 * numbers (run/fingerprint.ts), so re-captured snapshots and edited templates keep matching.
 */
import { readFile } from 'node:fs/promises';
import type { Finding } from '../model/finding.ts';
import { REPORT_SCHEMA, REPORT_VERSION } from '../report/json-report.ts';

export class BadBaselineFile extends Error {}

export async function readBaseline(path: string): Promise<Set<string>> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new BadBaselineFile(`${path}: not a JSON report: ${(e as Error).message}`);
  }
  const report = doc as { schema?: unknown; version?: unknown; findings?: unknown };
  if (report?.schema !== REPORT_SCHEMA || typeof report.version !== 'number' || report.version > REPORT_VERSION || !Array.isArray(report.findings)) {
    throw new BadBaselineFile(`${path}: not a rampart audit JSON report (schema "${REPORT_SCHEMA}", version ≤ ${REPORT_VERSION})`);
  }
  return new Set(report.findings.map((f) => (f as { fingerprint?: unknown }).fingerprint).filter((x): x is string => typeof x === 'string'));
}

export function applyBaseline(findings: readonly Finding[], baseline: ReadonlySet<string>): { findings: Finding[]; matched: number } {
  const kept = findings.filter((f) => !baseline.has(f.fingerprint));
  return { findings: kept, matched: findings.length - kept.length };
}
