/**
 * The engine's public surface: import from here, not from the files behind it. docs/engine.md documents each export.
 */
export type { Flow } from './flow.ts';
export type { Decision, Endpoint, SecurityGroupMatch, StageKind, StageResult } from './decision.ts';
export { Engine, decide, type EngineOptions } from './engine.ts';

// Numeric entry points (benchmarks, enforcement, tools).
export { SecurityGroupClassifier, NO_MATCH } from './classify/classifier.ts';
export { INGRESS, EGRESS, type DirectionIndex } from './classify/group-table.ts';
export { MAX_GROUPS_PER_INTERFACE } from './classify/interface-table.ts';
export { ConnectionTracker, ADMITTED_BY_CONNTRACK, ICMP_TIMEOUT, OTHER_PROTOCOL_TIMEOUT, icmpQueryType, icmpReplyType } from './conntrack/connection-tracker.ts';
export { ConnectionTable } from './conntrack/connection-table.ts';
export { WordKeyTable } from './tables/word-key-table.ts';
export { evaluateNetworkAcl, NACL_NO_MATCH } from './nacl/evaluate-nacl.ts';
export { packNetworkAclEntries, NACL_STRIDE, N_RULE_NUMBER, N_ALLOW } from './nacl/nacl-entries.ts';
export type { PackedNetworkAcl } from './nacl/nacl-table.ts';
