/**
 * A check: one entry of the catalogue (audit-checks.md §8), one file under checks/. A check reads the audit
 * context and returns draft findings; the runner adds title, severity, location, ARN and fingerprint, so every
 * check stays about its own definition.
 */
import type { AuditContext } from '../run/context.ts';
import type { FindingEvidence, FindingStatus, Remediation, ResourceRef } from './finding.ts';
import type { Severity } from './severity.ts';

export interface ComplianceMapping {
  /** CIS AWS Foundations Benchmark recommendations, e.g. `CIS 6.0 6.3`. */
  readonly cis: readonly string[];
  /** AWS Foundational Security Best Practices controls, e.g. `EC2.13`. */
  readonly fsbp: readonly string[];
}

export interface Check {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Why it matters and exactly what is flagged. */
  readonly rationale: string;
  readonly mapping: ComplianceMapping;
  /**
   * Rule-level checks take part in de-duplication: one rule produces one finding, the most severe check winning
   * (audit-checks.md §6 #17). Resource-level checks (default group, unused, NACL, reachability) never do.
   */
  readonly ruleLevel: boolean;
  run(ctx: AuditContext): CheckOutcome;
}

/**
 * `message`, `evidence` and `remediation` may be getters: the runner reads them only for drafts that survive
 * de-duplication, so a check whose drafts another check usually wins over (SG-005, SG-007, SG-009, RCH-003) builds
 * their text only when it is reported. Resource, status, severity and rule ids decide de-duplication: plain values.
 */
export interface FindingDraft {
  readonly resource: ResourceRef;
  readonly message: string;
  readonly status?: FindingStatus;
  /** A severity other than the check's default, when the catalogue gives a range (SG-006 I/L, SG-020 H/M). */
  readonly severity?: Severity;
  readonly ruleIds?: readonly string[];
  readonly evidence?: FindingEvidence;
  readonly remediation: Remediation;
}

export type CheckOutcome =
  | { readonly findings: readonly FindingDraft[] }
  /** The check could not run on this input (no flow logs, no engine, not applicable to the source). */
  | { readonly findings: readonly FindingDraft[]; readonly notEvaluated: string };
