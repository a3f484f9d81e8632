/**
 * Runs the catalogue over one estate: every check, then the completion of drafts (title, severity, location, ARN,
 * fingerprint), de-duplication of rule-level findings, and the re-rating that RCH-001 causes (SG-001/002/004 become
 * critical on groups whose interfaces it proved reachable on those ports; issue 3).
 */
import { CATALOGUE } from '../checks/catalogue.ts';
import type { AuditConfig } from '../config/audit-config.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import type { AuditEstate } from '../model/estate.ts';
import type { Finding, ResourceRef } from '../model/finding.ts';
import { severityRank } from '../model/severity.ts';
import { createContext } from './context.ts';
import { deduplicateRuleFindings, type RankedFinding } from './deduplicate.ts';
import { fingerprintOf } from './fingerprint.ts';

export interface CheckRun {
  readonly id: string;
  readonly title: string;
  readonly severity: Check['severity'];
  readonly evaluated: boolean;
  /** Why the check did not run on this input. */
  readonly notEvaluated?: string;
}

export interface AuditResult {
  readonly source: AuditEstate['source'];
  readonly origin: string;
  readonly findings: readonly Finding[];
  readonly checks: readonly CheckRun[];
  /** The source's own notes (values it could not resolve, entries it skipped). */
  readonly notes: readonly string[];
}

export interface AuditRunOptions {
  readonly config?: AuditConfig;
  readonly checks?: readonly Check[];
  /** Called after each check, for progress bars. */
  readonly onCheck?: (check: Check, index: number, total: number) => void;
}

/** Checks whose findings RCH-001 re-rates to critical. */
const ESCALATED_BY_REACHABILITY = new Set(['SG-001', 'SG-002', 'SG-004']);

export function auditEstate(estate: AuditEstate, options: AuditRunOptions = {}): AuditResult {
  const checks = options.checks ?? CATALOGUE;
  const ctx = createContext(estate, options.config);
  const drafts: RankedDraft[] = [];
  const runs: CheckRun[] = [];
  checks.forEach((check, i) => {
    const outcome = check.run(ctx);
    for (const draft of outcome.findings) {
      drafts.push({ checkId: check.id, severity: draft.severity ?? check.severity, status: draft.status ?? 'fail', ruleIds: draft.ruleIds ?? [], check, draft });
    }
    const notEvaluated = 'notEvaluated' in outcome ? outcome.notEvaluated : undefined;
    runs.push({ id: check.id, title: check.title, severity: check.severity, evaluated: notEvaluated === undefined, ...(notEvaluated ? { notEvaluated } : {}) });
    options.onCheck?.(check, i, checks.length);
  });
  const ruleLevel = new Set(checks.filter((c) => c.ruleLevel).map((c) => c.id));
  const order = new Map(CATALOGUE.map((c, i) => [c.id, i]));
  // De-duplicate first and complete only the survivors: a dropped draft's remediation (which checks may compute
  // lazily), fingerprint and ARN are never needed. A third of the drafts of a large estate are dropped.
  const unique = deduplicateRuleFindings(drafts, ruleLevel, order).map((d) => complete(estate, d.check, d.draft));
  return { source: estate.source, origin: estate.origin, findings: sortFindings(escalate(unique)), checks: runs, notes: estate.notes ?? [] };
}

interface RankedDraft extends RankedFinding {
  readonly check: Check;
  readonly draft: FindingDraft;
}

function complete(estate: AuditEstate, check: Check, draft: FindingDraft): Finding {
  const evidence = draft.evidence ?? {};
  const ruleIds = draft.ruleIds ?? [];
  const location = ruleIds.map((id) => estate.locations.get(id)).find((l) => l) ?? estate.locations.get(draft.resource.id);
  const arn = arnOf(estate, draft.resource);
  return {
    checkId: check.id,
    title: check.title,
    severity: draft.severity ?? check.severity,
    status: draft.status ?? 'fail',
    resource: draft.resource,
    ...(arn ? { arn } : {}),
    ...(location ? { location } : {}),
    message: draft.message,
    ruleIds,
    evidence,
    remediation: draft.remediation,
    fingerprint: fingerprintOf(check.id, draft.resource, evidence),
  };
}

const ARN_TYPES: Record<ResourceRef['kind'], string> = {
  'security-group': 'security-group',
  'network-acl': 'network-acl',
  'network-interface': 'network-interface',
  'route-table': 'route-table',
  vpc: 'vpc',
};

/** ARNs exist for real resources only (live and describe sources) and need the owner account. */
export function arnOf(estate: AuditEstate, r: ResourceRef): string | undefined {
  if (estate.source !== 'live' && estate.source !== 'snapshot') return undefined;
  if (!r.ownerId) return undefined;
  return `arn:aws:ec2:${estate.region ?? ''}:${r.ownerId}:${ARN_TYPES[r.kind]}/${r.id}`;
}

function escalate(findings: readonly Finding[]): Finding[] {
  const reachable = findings.filter((f) => f.checkId === 'RCH-001' && f.status === 'fail');
  return findings.map((f) => {
    if (!ESCALATED_BY_REACHABILITY.has(f.checkId) || f.status !== 'fail' || f.resource.kind !== 'security-group') return f;
    const proof = reachable.find(
      (r) =>
        r.evidence.family === f.evidence.family &&
        (r.evidence.groupIds ?? []).includes(f.resource.id) &&
        (r.evidence.matchedPorts ?? []).some((p) => (f.evidence.matchedPorts ?? []).includes(p)),
    );
    if (!proof) return f;
    return { ...f, severity: 'critical', baseSeverity: f.severity, escalatedBy: `RCH-001: ${proof.resource.id} is reachable from the internet on these ports` };
  });
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  const order = new Map(CATALOGUE.map((c, i) => [c.id, i]));
  // The same order as String.prototype.localeCompare (which is defined as this collator's compare), without
  // setting a collator up on each of the million comparisons a large estate's findings take.
  const { compare } = new Intl.Collator();
  return [...findings].sort(
    (a, b) =>
      compare(a.resource.id, b.resource.id) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0) ||
      compare(a.message, b.message),
  );
}
