/**
 * What the auditor audits: a core Snapshot plus where each thing came from. Sources (describe JSON, CloudFormation,
 * Terraform plans, the live API) all produce this, so every check runs the same way on every source.
 */
import type { Direction, SecurityGroupRule } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';

export type SourceKind = 'live' | 'snapshot' | 'cloudformation' | 'terraform';

/** A place in an input file, for SARIF `physicalLocation` and the table. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  /** CloudFormation logical id, Terraform address, or the ARN of a live resource. */
  readonly logicalName?: string;
  /** Path of the property inside the resource, e.g. `SecurityGroupIngress[0]` or `ingress[1]`. */
  readonly property?: string;
  /** The IaC resource type that declares it (`AWS::EC2::SecurityGroupIngress`, `aws_security_group`), for fix hints. */
  readonly resourceType?: string;
}

/** A rule an IaC source could not fully resolve. Unknown fields are `undefined`; `reason` says what was missing. */
export interface UnresolvedRule {
  readonly ruleId: string;
  readonly groupId: string;
  readonly direction: Direction;
  /** Protocol number when known. */
  readonly protocol?: number;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** Family of the peer field, when the field says (CidrIp is IPv4, CidrIpv6 IPv6). */
  readonly family?: 4 | 6;
  /** The peer when known; an unresolved peer is undefined. */
  readonly peer?: SecurityGroupRule['peer'];
  readonly reason: string;
}

export interface AuditEstate {
  readonly source: SourceKind;
  /** What was read: a directory, a file, or an endpoint URL. */
  readonly origin: string;
  readonly snapshot: Snapshot;
  /** AWS region, when known (live sources, or `--region` for a describe snapshot): used in ARNs and commands. */
  readonly region?: string;
  /** Locations of resources (by id) and of rules (by rule id) in the input. */
  readonly locations: ReadonlyMap<string, SourceLocation>;
  /** IaC rules with values the source could not resolve; they give UNKNOWN findings, never guesses. */
  readonly unresolvedRules: readonly UnresolvedRule[];
  /** Rules EC2 adds by itself (a new group's allow-all egress, a new VPC's default group's rules). */
  readonly implicitRuleIds: ReadonlySet<string>;
  /**
   * Groups referenced by something other than an interface or a rule (launch templates, load balancers, Lambda
   * functions in IaC). Absent when the source cannot know (describe snapshots list interfaces only).
   */
  readonly otherGroupReferences?: ReadonlySet<string>;
  /** Resources whose group memberships could not be resolved: "unused" cannot be asserted while these exist. */
  readonly unresolvedGroupReferences?: readonly string[];
  /** What the source had to skip or assume, shown as report notices (e.g. a NACL entry with an unresolved protocol). */
  readonly notes?: readonly string[];
  /** NACL entries from IaC in their declared order, duplicates kept (NACL-005); live data cannot have duplicates. */
  readonly declaredNaclEntries?: ReadonlyMap<string, readonly DeclaredNaclEntry[]>;
}

export interface DeclaredNaclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly location?: SourceLocation;
}
