/**
 * `rampart audit`: what is really exposed, from describe snapshots, CloudFormation templates, Terraform plans or a
 * live EC2 endpoint, as a table, JSON, SARIF or HTML. Exit codes (docs/audit.md): 0 nothing at or above
 * --fail-on; 1 findings at or above it; 2 bad input or usage.
 */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { auditEstate, type AuditResult } from '../../audit/run/audit.ts';
import { buildReport } from '../../audit/run/report.ts';
import { readBaseline } from '../../audit/run/baseline.ts';
import { readSuppressions } from '../../audit/run/suppressions.ts';
import type { AuditEstate } from '../../audit/model/estate.ts';
import { parseSeverity, type Severity } from '../../audit/model/severity.ts';
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

const FORMATS = ['table', 'json', 'sarif', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface AuditOptions {
  readonly snapshot: string[];
  readonly cfn: string[];
  readonly tfPlan: string[];
  readonly endpoint?: string;
  readonly live?: boolean;
  readonly region: string[];
  readonly cfnParam: Record<string, string>;
  readonly format: Format;
  readonly output?: string;
  readonly failOn: Severity | 'none';
  readonly failOnUnknown?: boolean;
  readonly suppressions?: string;
  readonly baseline?: string;
  readonly checks?: string[];
  readonly progress: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];
const regions = (v: string, prev: string[]) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function register(program: Command): void {
  program
    .command('audit')
    .description('Audit security groups and network ACLs for real exposure (snapshot, CloudFormation, Terraform plan or live endpoint)')
    .option('--snapshot <path>', 'folder (or file) of `aws ec2 describe-* --output json` documents; repeatable', collect, [])
    .option('--cfn <file>', 'CloudFormation template (YAML or JSON); repeatable', collect, [])
    .option('--tf-plan <file>', '`terraform show -json` plan output; repeatable', collect, [])
    .option('--endpoint <url>', 'an EC2 API endpoint to audit live (a Rampart server); credentials from the AWS chain')
    .option('--live', 'audit AWS itself through its regional endpoints (credentials from the AWS chain)')
    .option('--region <region>', 'region(s) for --endpoint/--live (comma-separated or repeated), and for ARNs and commands', regions, [])
    .option('--cfn-param <key=value>', 'a CloudFormation parameter value (wins over its Default); repeatable', parseParam, {})
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, parseFormat, 'table')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: critical, high, medium, low, info, none', parseFailOn, 'high')
    .option('--fail-on-unknown', 'UNKNOWN findings at or above --fail-on also fail the run')
    .option('--suppressions <file>', 'YAML list of accepted findings: check, resource, reason, expiry')
    .option('--baseline <file>', 'a previous JSON report: report only findings that are not in it')
    .option('--checks <ids>', 'run only these checks (comma-separated ids)', (v) => v.split(',').map((s) => s.trim().toUpperCase()))
    .option('--no-progress', 'never show a progress bar')
    .action(async (options: AuditOptions) => {
      try {
        process.exitCode = await runAudit(options);
      } catch (e) {
        process.stderr.write(`error: ${(e as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}

async function runAudit(options: AuditOptions): Promise<number> {
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

function parseFormat(v: string): Format {
  if (!(FORMATS as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}`);
  return v as Format;
}

function parseFailOn(v: string): Severity | 'none' {
  if (v.toLowerCase() === 'none') return 'none';
  const s = parseSeverity(v);
  if (!s) throw new InvalidArgumentError('expected critical, high, medium, low, info or none');
  return s;
}

function parseParam(v: string, prev: Record<string, string>): Record<string, string> {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected Key=Value');
  return { ...prev, [v.slice(0, eq)]: v.slice(eq + 1) };
}
