/**
 * The golden comparison: expected findings are hand-written YAML (test/fixtures/audit/…/expected.yaml), each
 * `{check, resource, severity, status}` plus optional `peers`, `ports` and `family` that must match the finding's
 * evidence. Every output format is read back to the same tuples, so "the golden findings in every format" is one
 * assertion per format.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface ExpectedFinding {
  readonly check: string;
  readonly resource: string;
  readonly severity: string;
  readonly status: string;
  readonly peers?: readonly string[];
  readonly ports?: readonly number[];
  readonly family?: 4 | 6;
}

export function readExpected(path: string): ExpectedFinding[] {
  return parse(readFileSync(path, 'utf8')) as ExpectedFinding[];
}

/** The identity every format must reproduce, sorted for comparison. */
export function keys(items: ReadonlyArray<{ check: string; resource: string; severity: string; status: string }>): string[] {
  return items.map((i) => `${i.check} ${i.resource} ${i.severity} ${i.status}`).sort();
}

interface JsonFinding {
  checkId: string;
  resource: { id: string };
  severity: string;
  status: string;
  evidence: { peers?: string[]; matchedPorts?: number[]; family?: number };
}

export function fromJson(text: string): Array<ExpectedFinding & { evidence: JsonFinding['evidence'] }> {
  const doc = JSON.parse(text) as { findings: JsonFinding[] };
  return doc.findings.map((f) => ({ check: f.checkId, resource: f.resource.id, severity: f.severity, status: f.status, evidence: f.evidence }));
}

export function fromSarif(text: string): ExpectedFinding[] {
  const log = JSON.parse(text) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ logicalLocations: Array<{ name: string }> }>; properties: { severity: string; status: string } }> }> };
  return log.runs.flatMap((r) => r.results.map((x) => ({ check: x.ruleId, resource: x.locations[0].logicalLocations[0].name, severity: x.properties.severity, status: x.properties.status })));
}

export function fromHtml(text: string): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  const re = /<div class="finding[^"]*" data-sev="[^"]*" data-check="([^"]*)" data-resource="([^"]*)" data-severity="([^"]*)" data-status="([^"]*)">/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ check: m[1], resource: unescape(m[2]), severity: m[3], status: m[4] });
  return out;
}

export function fromTable(text: string): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  let resource = '';
  for (const line of text.split('\n')) {
    const header = /^■ (\S+)/.exec(line);
    if (header) resource = header[1];
    const row = /^│ (\S[^│]*?)\s*│ ([A-Z]+-\d{3})\s*│/.exec(line);
    if (!row) continue;
    const sev = row[1].trim();
    const unknown = /^UNKNOWN (\w+)/.exec(sev);
    out.push({ check: row[2], resource, severity: unknown ? unknown[1] : sev.toLowerCase().replace(/ \(suppressed\)$/, ''), status: unknown ? 'unknown' : 'fail' });
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
