/**
 * `rampart audit`: what is really exposed, from describe snapshots, CloudFormation templates, Terraform plans or a
 * live EC2 endpoint, as a table, JSON, SARIF or HTML. Exit codes (docs/audit.md): 0 nothing at or above
 * --fail-on; 1 findings at or above it; 2 bad input or usage.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { parseSeverity, type Severity } from '../../audit/model/severity.ts';

const FORMATS = ['table', 'json', 'sarif', 'html'] as const;
type Format = (typeof FORMATS)[number];

export interface AuditOptions {
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
        // Loaded here, not at the top: `rampart check` and `--help` should not pay for the auditor's modules.
        const { runAudit } = await import('./audit-run.ts');
        process.exitCode = await runAudit(options);
      } catch (e) {
        process.stderr.write(`error: ${(e as Error).message}\n`);
        process.exitCode = 2;
      }
    });
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
