/**
 * The catalogue and its documentation stay in step: every check has an id of the catalogue's form, a title, a
 * rationale, a severity from the scale, its row in docs/audit.md with that severity, and the catalogue has exactly
 * the ids audit-checks.md §8 lists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/audit/checks/catalogue.ts';
import { SEVERITIES } from '../../src/audit/model/severity.ts';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'audit.md'), 'utf8');

describe('check catalogue', () => {
  it('holds SG-001…SG-025, NACL-001…006 and RCH-001…004, in order', () => {
    const ids = [
      ...Array.from({ length: 25 }, (_, i) => `SG-${String(i + 1).padStart(3, '0')}`),
      ...Array.from({ length: 6 }, (_, i) => `NACL-00${i + 1}`),
      ...Array.from({ length: 4 }, (_, i) => `RCH-00${i + 1}`),
    ];
    expect(CATALOGUE.map((c) => c.id)).toEqual(ids);
  });

  it('gives each check a title, a rationale, a severity, and the catalogue severities for the basics', () => {
    for (const c of CATALOGUE) {
      expect(c.title.length, c.id).toBeGreaterThan(5);
      expect(c.rationale.length, c.id).toBeGreaterThan(60);
      expect(SEVERITIES).toContain(c.severity);
    }
    const sev = Object.fromEntries(CATALOGUE.map((c) => [c.id, c.severity]));
    expect([sev['SG-003'], sev['SG-001'], sev['SG-002'], sev['SG-004'], sev['SG-005'], sev['RCH-001']]).toEqual(['critical', 'high', 'high', 'high', 'medium', 'critical']);
  });

  it('documents every check in docs/audit.md with its severity', () => {
    for (const c of CATALOGUE) expect(doc, c.id).toMatch(new RegExp(`\\| ${c.id} \\| [^|]+ \\| ${c.severity} \\|`));
  });
});
