/**
 * The engine's answer: a verdict and the explanation that produced it, stage by stage in packet order
 * (source SG egress → source subnet NACL outbound → route → destination subnet NACL inbound → destination SG
 * ingress; aws-semantics.md §8.1). Every stage the packet reached is listed; the first denying stage decides.
 */
export type StageKind =
  | 'exempt' // traffic EC2 never filters (§8.3): the decision is made here
  | 'sg-egress'
  | 'nacl-outbound'
  | 'route'
  | 'nacl-inbound'
  | 'sg-ingress';

export interface SecurityGroupMatch {
  readonly groupId: string;
  readonly ruleId: string;
}

export type StageResult =
  | {
      readonly kind: 'sg-egress' | 'sg-ingress';
      readonly allowed: boolean;
      readonly networkInterfaceId: string;
      /** `rule`: a rule matched; `conntrack`: a tracked connection let it through; `default-deny`: no rule matched. */
      readonly reason: 'rule' | 'conntrack' | 'default-deny';
      /** The first matching rule (any one suffices: groups are a union without priorities). */
      readonly match?: SecurityGroupMatch;
      /** Whether the connection is tracked at this interface (false for untracked flows, §5.3). */
      readonly tracked?: boolean;
    }
  | {
      readonly kind: 'nacl-outbound' | 'nacl-inbound';
      readonly allowed: boolean;
      readonly networkAclId: string;
      readonly subnetId: string;
      /** The deciding entry's number; 32767/32768 for the implicit `*` deny. */
      readonly ruleNumber: number;
      readonly isDefaultRule: boolean;
    }
  | {
      readonly kind: 'route';
      readonly allowed: boolean;
      /** e.g. "local route in vpc-1", "0.0.0.0/0 via igw-1", "no route to an internet gateway". */
      readonly detail: string;
    }
  | {
      readonly kind: 'exempt';
      readonly allowed: true;
      /** Which never-filtered service the address belongs to (DNS resolver, IMDS, time sync, …). */
      readonly detail: string;
    };

export interface Endpoint {
  /** `internet` for an address outside every VPC interface. */
  readonly kind: 'interface' | 'internet';
  readonly networkInterfaceId?: string;
  readonly subnetId?: string;
  readonly vpcId?: string;
  /** The address the packet carries at this end (a private address once past the internet gateway's NAT). */
  readonly address: string;
}

export interface Decision {
  readonly allowed: boolean;
  readonly source: Endpoint;
  readonly destination: Endpoint;
  readonly stages: readonly StageResult[];
  /** The stage that denied the flow, when it was denied. */
  readonly deniedBy?: StageKind;
}
