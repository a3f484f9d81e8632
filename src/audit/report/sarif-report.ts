/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning tools (validated against the official schema in the tests).
 * One rule per catalogue check with `properties.security-severity` (GitHub's bands) and its CIS/FSBP tags.
 * IaC findings point at the file and line that declared the resource; live and describe findings get a stable
 * synthetic artifact (`aws/<account>/<region>/<type>/<id>`, no URI scheme: code scanning rejects unknown schemes)
 * plus the ARN as a logical location (audit-checks.md §5.1). UNKNOWN results are `kind: review` (level none);
 * suppressed ones carry an external suppression with the justification.
 */
import { relative, sep } from 'node:path';
import { CATALOGUE } from '../checks/catalogue.ts';
import type { Check } from '../model/check.ts';
import { sarifLevel, securitySeverityScore } from '../model/severity.ts';
import type { AuditReport, ReportedFinding } from '../run/report.ts';
import { TOOL_URI, TOOL_VERSION } from './tool-info.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** Directory IaC paths are made relative to (the repository root); default: the working directory. */
  readonly baseDir?: string;
}

export function renderSarif(report: AuditReport, options: SarifOptions = {}): string {
  const baseDir = options.baseDir ?? process.cwd();
  const ruleIndex = new Map(CATALOGUE.map((c, i) => [c.id, i]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'rampart', informationUri: TOOL_URI, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules: CATALOGUE.map(ruleOf) } },
        results: report.findings.map((f) => resultOf(f, ruleIndex.get(f.checkId) ?? 0, baseDir)),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleOf(check: Check) {
  const tags = ['security', 'aws', 'ec2', check.id.startsWith('NACL') ? 'network-acl' : check.id.startsWith('RCH') ? 'reachability' : 'security-group', ...check.mapping.cis, ...check.mapping.fsbp.map((c) => `FSBP ${c}`)];
  const mapping = [...check.mapping.cis, ...check.mapping.fsbp.map((c) => `AWS FSBP ${c}`)];
  return {
    id: check.id,
    name: check.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: check.title },
    fullDescription: { text: check.rationale },
    help: {
      text: `${check.rationale}${mapping.length > 0 ? `\nMaps to: ${mapping.join(', ')}.` : ''}`,
      markdown: `**${check.id} — ${check.title}** (${check.severity})\n\n${check.rationale}${mapping.length > 0 ? `\n\nMaps to: ${mapping.join(', ')}.` : ''}`,
    },
    defaultConfiguration: { level: sarifLevel(check.severity) },
    properties: { 'security-severity': securitySeverityScore(check.severity), precision: 'very-high', tags },
  };
}

function resultOf(f: ReportedFinding, ruleIndex: number, baseDir: string) {
  const fix = [f.remediation.summary, ...f.remediation.commands, ...(f.remediation.patch ? [f.remediation.patch] : [])].join('\n');
  return {
    ruleId: f.checkId,
    ruleIndex,
    kind: f.status === 'fail' ? 'fail' : 'review',
    level: f.status === 'fail' ? sarifLevel(f.severity) : 'none',
    message: { text: `${f.message}\nFix: ${fix}` },
    locations: [locationOf(f, baseDir)],
    partialFingerprints: { 'rampartFinding/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      'security-severity': securitySeverityScore(f.severity),
      status: f.status,
      resource: f.resource,
      source: f.source,
      remediation: f.remediation,
      ...(f.baseSeverity ? { baseSeverity: f.baseSeverity, escalatedBy: f.escalatedBy } : {}),
    },
    ...(f.suppression ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.suppression.reason }] } : {}),
  };
}

function locationOf(f: ReportedFinding, baseDir: string) {
  const logicalName = f.location?.logicalName ?? f.resource.id;
  const logical = [{ name: f.resource.id, fullyQualifiedName: f.arn ?? logicalName, kind: 'resource' }];
  if (f.location && (f.source === 'cloudformation' || f.source === 'terraform')) {
    return {
      physicalLocation: {
        artifactLocation: { uri: relative(baseDir, f.location.file).split(sep).join('/') },
        region: { startLine: f.location.line, ...(f.location.column ? { startColumn: f.location.column } : {}) },
      },
      logicalLocations: logical,
    };
  }
  const account = f.resource.ownerId ?? 'unknown-account';
  const region = f.arn?.split(':')[3] || 'unknown-region';
  return {
    physicalLocation: { artifactLocation: { uri: `aws/${account}/${region}/${f.resource.kind}/${f.resource.id}` }, region: { startLine: 1 } },
    logicalLocations: logical,
  };
}
