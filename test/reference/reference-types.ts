/**
 * What the reference evaluator takes and answers. Deliberately its own vocabulary (plain strings and numbers), not
 * the engine's `Flow`/`Decision` types: the evaluator shares nothing with src/, so the comparison is between two
 * readings of docs/semantics.md, not two users of one library.
 */
export interface ReferenceFlow {
  /** Address text, IPv4 or IPv6. */
  readonly src: string;
  readonly dst: string;
  /** IP protocol number 0–255. */
  readonly protocol: number;
  /** 0 when the protocol has no ports. */
  readonly srcPort: number;
  readonly dstPort: number;
  /** -1 when the protocol is not ICMP. */
  readonly icmpType: number;
  readonly icmpCode: number;
}

export type ReferenceStageKind = 'exempt' | 'sg-egress' | 'nacl-outbound' | 'route' | 'nacl-inbound' | 'sg-ingress';

export interface ReferenceStage {
  readonly kind: ReferenceStageKind;
  readonly allowed: boolean;
  /** SG stages: the interface judged. */
  readonly interfaceId?: string;
  /** SG stages: every group with at least one matching rule (empty when conntrack or nothing admitted it). */
  readonly matchingGroups?: readonly string[];
  /** SG stages admitted by rules: the permissions (objects of the document) that match. */
  readonly matchingPermissions?: readonly object[];
  /** SG stages. */
  readonly reason?: 'rule' | 'conntrack' | 'default-deny';
  /** SG stages that allowed: false for untracked flows (§5 of docs/semantics.md). */
  readonly tracked?: boolean;
  /** NACL stages. */
  readonly networkAclId?: string;
  readonly subnetId?: string;
  readonly ruleNumber?: number;
  /** Route and exempt stages: why. */
  readonly detail?: string;
}

/** Where an address landed (§1): an interface (by private or public address) or the internet. */
export interface ReferenceEndpoint {
  readonly kind: 'interface' | 'internet';
  readonly interfaceId?: string;
}

export interface ReferenceDecision {
  readonly allowed: boolean;
  readonly source: ReferenceEndpoint;
  readonly destination: ReferenceEndpoint;
  readonly stages: readonly ReferenceStage[];
  /**
   * Case labels (`path:internet-in`, `sg-peer:prefix-list6`, `nacl:implicit-deny4`, …) so the property tests can
   * prove their generators reach every case. They do not affect the verdict.
   */
  readonly notes: readonly string[];
}

/** Both ends on the internet, or mixed address families: docs/semantics.md §1 calls this bad input. */
export class BadFlowError extends Error {}

/**
 * A case docs/semantics.md does not settle. The evaluator refuses to guess; the property tests count these and record
 * what the engine chose, so the gap can be reported rather than silently baked in.
 */
export class AmbiguousCaseError extends Error {
  constructor(readonly tag: string) {
    super(`reference: semantics ambiguous here (${tag})`);
  }
}
