/**
 * A finding: one check's verdict on one resource, with the evidence that produced it and the concrete fix.
 * `status` is `fail` when the check's condition holds, `unknown` when an unresolved input (an IaC value with no
 * default, a prefix list whose entries were not captured) could make it hold: the auditor never guesses.
 */
import type { Severity } from './severity.ts';
import type { SourceLocation } from './estate.ts';

export type FindingStatus = 'fail' | 'unknown';

export type ResourceKind = 'security-group' | 'network-acl' | 'network-interface' | 'route-table' | 'vpc';

export interface ResourceRef {
  readonly kind: ResourceKind;
  /** `sg-…` for live and describe sources; the CloudFormation logical id or Terraform address for IaC. */
  readonly id: string;
  readonly name?: string;
  readonly vpcId?: string;
  readonly ownerId?: string;
}

export interface Remediation {
  /** One sentence: what to change. */
  readonly summary: string;
  /** `aws ec2 …` commands that apply the fix (live and describe sources). */
  readonly commands: readonly string[];
  /** A short patch hint for the template or plan's configuration (IaC sources). */
  readonly patch?: string;
}

/** The normalised facts behind a finding: what traffic, from where. Also the input of the fingerprint. */
export interface FindingEvidence {
  readonly direction?: 'ingress' | 'egress';
  readonly family?: 4 | 6;
  /** Protocol number, -1 = all. */
  readonly protocol?: number;
  readonly portFrom?: number;
  readonly portTo?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** The peers involved, as text: CIDRs, `pl-…`, `sg-…`. */
  readonly peers?: readonly string[];
  /** Sensitive ports matched, e.g. [22, 3389]. */
  readonly matchedPorts?: readonly number[];
  readonly groupIds?: readonly string[];
  readonly networkInterfaceId?: string;
  readonly address?: string;
  readonly ruleNumbers?: readonly number[];
}

export interface Finding {
  readonly checkId: string;
  readonly title: string;
  readonly severity: Severity;
  /** The catalogue severity, when the finding was re-rated (SG-001/002/004 → critical when RCH-001 confirms). */
  readonly baseSeverity?: Severity;
  readonly escalatedBy?: string;
  readonly status: FindingStatus;
  readonly resource: ResourceRef;
  /** `arn:aws:ec2:<region>:<account>:security-group/sg-…` when the account is known (live and describe sources). */
  readonly arn?: string;
  readonly location?: SourceLocation;
  readonly message: string;
  /** The security-group rules (`sgr-…`) or NACL entries (`acl-…:ingress:100`) the finding is about. */
  readonly ruleIds: readonly string[];
  readonly evidence: FindingEvidence;
  readonly remediation: Remediation;
  /** Stable across runs: hash of check, resource and normalised evidence (SARIF partialFingerprints, baselines). */
  readonly fingerprint: string;
  readonly suppression?: { readonly reason: string; readonly expiry?: string };
}
