/**
 * A rule read from describe-security-groups, whose synthetic `sgr-` id (src/core/describe/synthetic-rule-id.ts) is
 * computed the first time someone reads it. An audit of a million rules names only the rules of its findings, so
 * hashing every rule's identity up front cost more than a second and kept a million id strings alive for nothing.
 * The id is the same string the core reader assigns; it is a prototype getter, so it is not an own enumerable
 * property (spread and JSON.stringify leave it out — nothing in the auditor copies rules that way).
 */
import { syntheticRuleId } from '../../../core/describe/index.ts';
import type { Direction, RulePeer, SecurityGroupRule } from '../../../core/model/security-group.ts';

export class LazyIdRule implements SecurityGroupRule {
  #ruleId: string | undefined;

  constructor(
    readonly groupId: string,
    readonly direction: Direction,
    readonly protocol: number,
    readonly fromPort: number,
    readonly toPort: number,
    readonly peer: RulePeer,
    readonly description: string | undefined,
  ) {}

  get ruleId(): string {
    return (this.#ruleId ??= syntheticRuleId(this));
  }
}
