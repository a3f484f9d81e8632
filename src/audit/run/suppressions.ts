/**
 * `--suppressions FILE`: accepted risks, in YAML. Each entry names a check (an id, or `*`), a resource (an id,
 * logical id or address; `*` matches any run of characters), a reason, and optionally an expiry date
 * (YYYY-MM-DD). A suppressed finding stays in the JSON, HTML and SARIF reports (marked, with its justification)
 * but no longer counts for the exit code. An expired entry stops suppressing and the report says so.
 *
 *   suppressions:
 *     - check: SG-001
 *       resource: sg-0123456789abcdef0
 *       reason: bastion, SSH restricted by the host firewall (SEC-142)
 *       expiry: 2026-12-31
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { Finding } from '../model/finding.ts';

export interface Suppression {
  readonly check: string;
  readonly resource: string;
  readonly reason: string;
  readonly expiry?: string;
}

export class BadSuppressionsFile extends Error {}

export async function readSuppressions(path: string): Promise<Suppression[]> {
  let doc: unknown;
  try {
    doc = parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new BadSuppressionsFile(`${path}: ${(e as Error).message}`);
  }
  return parseSuppressions(doc, path);
}

export function parseSuppressions(doc: unknown, name = 'suppressions'): Suppression[] {
  const list = Array.isArray(doc) ? doc : doc && typeof doc === 'object' && 'suppressions' in doc ? (doc as { suppressions: unknown }).suppressions : undefined;
  if (!Array.isArray(list)) throw new BadSuppressionsFile(`${name}: expected a list of suppressions (or a "suppressions:" key holding one)`);
  return list.map((raw, i) => {
    const where = `${name}: suppressions[${i}]`;
    if (!raw || typeof raw !== 'object') throw new BadSuppressionsFile(`${where}: expected a mapping with check, resource, reason`);
    const e = raw as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!['check', 'resource', 'reason', 'expiry'].includes(key)) throw new BadSuppressionsFile(`${where}: unknown key "${key}"`);
    }
    for (const key of ['check', 'resource', 'reason']) {
      if (typeof e[key] !== 'string' || (e[key] as string).trim() === '') throw new BadSuppressionsFile(`${where}: "${key}" is required and must be text`);
    }
    // YAML reads an unquoted 2026-12-31 as a date; accept both forms.
    const expiry = e.expiry instanceof Date ? e.expiry.toISOString().slice(0, 10) : e.expiry;
    if (expiry !== undefined && (typeof expiry !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expiry) || Number.isNaN(Date.parse(expiry)))) {
      throw new BadSuppressionsFile(`${where}: "expiry" must be a date YYYY-MM-DD`);
    }
    return { check: e.check as string, resource: e.resource as string, reason: e.reason as string, ...(expiry ? { expiry } : {}) };
  });
}

export interface SuppressionOutcome {
  readonly findings: Finding[];
  readonly notices: string[];
}

/** Marks suppressed findings; `today` is YYYY-MM-DD (an entry expiring today still holds today). */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], today: string): SuppressionOutcome {
  const notices: string[] = [];
  const expiredUsed = new Set<Suppression>();
  const out = findings.map((f) => {
    const matching = suppressions.filter((s) => matches(s.check, f.checkId) && (matches(s.resource, f.resource.id) || (f.arn !== undefined && matches(s.resource, f.arn))));
    const active = matching.find((s) => !s.expiry || s.expiry >= today);
    if (active) return { ...f, suppression: { reason: active.reason, ...(active.expiry ? { expiry: active.expiry } : {}) } };
    for (const s of matching) expiredUsed.add(s);
    return f;
  });
  for (const s of suppressions) {
    if (s.expiry && s.expiry < today) {
      notices.push(
        `suppression of ${s.check} on ${s.resource} expired on ${s.expiry} and no longer suppresses${expiredUsed.has(s) ? ' (it matches findings in this report)' : ''}: "${s.reason}"`,
      );
    }
  }
  return { findings: out, notices };
}

function matches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}
