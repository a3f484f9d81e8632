import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.ts';
import { applySuppressions, BadSuppressionsFile, parseSuppressions } from './suppressions.ts';
import { deduplicateRuleFindings } from './deduplicate.ts';

const finding = (checkId: string, id: string, extra: Partial<Finding> = {}): Finding => ({
  checkId,
  title: checkId,
  severity: 'high',
  status: 'fail',
  resource: { kind: 'security-group', id },
  message: '',
  ruleIds: [],
  evidence: {},
  remediation: { summary: 'fix it', commands: [] },
  fingerprint: `${checkId}-${id}`,
  ...extra,
});

describe('suppressions', () => {
  it('suppress by check and resource (with * wildcards); an entry holds through its expiry day', () => {
    const s = parseSuppressions([
      { check: 'SG-001', resource: 'sg-1', reason: 'bastion', expiry: '2026-06-30' },
      { check: '*', resource: 'aws_security_group.*', reason: 'lab' },
    ]);
    const out = applySuppressions([finding('SG-001', 'sg-1'), finding('SG-002', 'sg-1'), finding('SG-003', 'aws_security_group.x')], s, '2026-06-30');
    expect(out.findings.map((f) => f.suppression?.reason)).toEqual(['bastion', undefined, 'lab']);
    expect(out.notices).toEqual([]);
  });

  it('an expired entry stops suppressing and says so', () => {
    const s = parseSuppressions({ suppressions: [{ check: 'SG-001', resource: 'sg-1', reason: 'old', expiry: '2026-06-29' }] });
    const out = applySuppressions([finding('SG-001', 'sg-1')], s, '2026-06-30');
    expect(out.findings[0].suppression).toBeUndefined();
    expect(out.notices[0]).toMatch(/expired on 2026-06-29 and no longer suppresses \(it matches findings in this report\)/);
  });

  it('rejects malformed files', () => {
    expect(() => parseSuppressions({ nope: [] })).toThrow(BadSuppressionsFile);
    expect(() => parseSuppressions([{ check: 'SG-001', resource: 'x' }])).toThrow(/reason/);
    expect(() => parseSuppressions([{ check: 'SG-001', resource: 'x', reason: 'r', expiry: 'soon' }])).toThrow(/expiry/);
    expect(() => parseSuppressions([{ check: 'SG-001', resource: 'x', reason: 'r', owner: 'me' }])).toThrow(/unknown key/);
  });
});

describe('one rule, one finding', () => {
  it('keeps the most severe rule-level finding, then catalogue order; unions that add rules stay', () => {
    const order = new Map([
      ['SG-001', 0],
      ['SG-004', 3],
      ['SG-009', 8],
    ]);
    const all = [
      finding('SG-004', 'sg-1', { ruleIds: ['r1'] }),
      finding('SG-001', 'sg-1', { ruleIds: ['r1'] }),
      finding('SG-009', 'sg-1', { ruleIds: ['r1'], severity: 'low' }),
      finding('SG-004', 'sg-1', { ruleIds: ['r1', 'r2'] }),
    ];
    const kept = deduplicateRuleFindings(all, new Set(['SG-001', 'SG-004', 'SG-009']), order);
    expect(kept.map((f) => `${f.checkId} ${f.ruleIds.join('+')}`)).toEqual(['SG-001 r1', 'SG-004 r1+r2']);
  });
});
