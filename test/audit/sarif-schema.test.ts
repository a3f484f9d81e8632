/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF documents are walked generically in these assertions */
/**
 * Rampart's SARIF is valid SARIF 2.1.0: validated with ajv + ajv-formats against the official schema shipped in
 * the fixtures (test/fixtures/audit/sarif/README.md says where it comes from), for every fixture source, with
 * suppressed and UNKNOWN results included. Also the properties code scanning relies on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { auditEstate } from '../../src/audit/run/audit.ts';
import { buildReport } from '../../src/audit/run/report.ts';
import { renderSarif } from '../../src/audit/report/sarif-report.ts';
import { readSnapshotDirectory } from '../../src/audit/sources/snapshot/snapshot-source.ts';
import { readCloudFormation } from '../../src/audit/sources/cloudformation/cfn-source.ts';
import { readTerraformPlan } from '../../src/audit/sources/terraform-plan/tf-plan-source.ts';
import { CATALOGUE } from '../../src/audit/checks/catalogue.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'audit');
const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
// The schema's `language` pattern ("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$") is not valid with the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

async function sarifOfAll(): Promise<{ runs: Array<Record<string, any>> }> {
  const results = [
    auditEstate(await readSnapshotDirectory(join(FIXTURES, 'snapshot', 'sg-traps'))),
    auditEstate(await readSnapshotDirectory(join(FIXTURES, 'snapshot', 'reachability'), { region: 'eu-west-1' })),
    auditEstate(await readCloudFormation(join(FIXTURES, 'cloudformation', 'intrinsics.yaml'))),
    auditEstate(await readTerraformPlan(join(FIXTURES, 'terraform', 'web.plan.json'))),
  ];
  const report = buildReport(results, { suppressions: [{ check: 'SG-018', resource: 'sg-0wizard', reason: 'accepted for the demo' }] });
  return JSON.parse(renderSarif(report, { baseDir: join(FIXTURES, '..', '..', '..') }));
}

describe('SARIF output', () => {
  it('validates against the official SARIF 2.1.0 schema', async () => {
    const log = await sarifOfAll();
    const ok = validate(log);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects what is not SARIF (the validator can fail)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('describes every check as a rule with security-severity and CIS/FSBP tags', async () => {
    const rules = (await sarifOfAll()).runs[0].tool.driver.rules as Array<Record<string, any>>;
    expect(rules.map((r) => r.id)).toEqual(CATALOGUE.map((c) => c.id));
    const sg001 = rules.find((r) => r.id === 'SG-001')!;
    expect(sg001.properties['security-severity']).toBe('8.0');
    expect(sg001.properties.tags).toContain('FSBP EC2.13');
    expect(rules.find((r) => r.id === 'SG-003')!.properties['security-severity']).toBe('9.5');
  });

  it('locates IaC findings at file and line, live ones at a stable synthetic artifact plus the ARN', async () => {
    const results = (await sarifOfAll()).runs[0].results as Array<Record<string, any>>;
    const iac = results.find((r) => r.ruleId === 'SG-001' && r.locations[0].logicalLocations[0].name === 'aws_security_group.web')!;
    expect(iac.locations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/audit/terraform/web.plan.json');
    expect(iac.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    const live = results.find((r) => r.ruleId === 'RCH-001' && r.locations[0].logicalLocations[0].name === 'eni-0web')!;
    expect(live.locations[0].physicalLocation.artifactLocation.uri).toBe('aws/111111111111/eu-west-1/network-interface/eni-0web');
    expect(live.locations[0].logicalLocations[0].fullyQualifiedName).toBe('arn:aws:ec2:eu-west-1:111111111111:network-interface/eni-0web');
    expect(live.level).toBe('error');
    expect(live.partialFingerprints['rampartFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('marks UNKNOWN results for review and suppressed ones as externally suppressed', async () => {
    const results = (await sarifOfAll()).runs[0].results as Array<Record<string, any>>;
    const unknown = results.find((r) => r.properties.status === 'unknown')!;
    expect(unknown.kind).toBe('review');
    expect(unknown.level).toBe('none');
    const suppressed = results.find((r) => r.ruleId === 'SG-018')!;
    expect(suppressed.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'accepted for the demo' }]);
  });
});
