/**
 * One engine stage (src/engine/decision.ts) explained against the snapshot it was decided on: where it happened
 * (interface, ACL, subnet) and why (the matching rule or entry, or the default that denied). Shared by the table for
 * people and the JSON for programs, so both say the same thing.
 */
import type { StageResult } from '../../engine/index.ts';
import type { NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { nameTag } from '../../core/describe/index.ts';
import { networkAclEntryText, securityGroupRuleText } from './rule-text.ts';

export interface ExplainedStage {
  readonly stage: StageResult;
  /** "SG egress", "NACL inbound", "route", "exempt". */
  readonly label: string;
  /** Where the stage ran, e.g. "eni-0abc… (i-0def… web-1)"; empty for route and exempt stages. */
  readonly at: string;
  /** Why it allowed or denied, in one sentence. */
  readonly why: string;
  /** The security-group rule that matched, when one did. */
  readonly rule?: SecurityGroupRule;
  /** The network-ACL entry that decided, when a numbered one did (the `*` entry has none). */
  readonly entry?: NetworkAclEntry;
}

const LABELS: Record<StageResult['kind'], string> = {
  exempt: 'exempt',
  'sg-egress': 'SG egress',
  'nacl-outbound': 'NACL outbound',
  route: 'route',
  'nacl-inbound': 'NACL inbound',
  'sg-ingress': 'SG ingress',
};

export function explainStage(stage: StageResult, snapshot: Snapshot): ExplainedStage {
  const label = LABELS[stage.kind];
  switch (stage.kind) {
    case 'exempt':
    case 'route':
      return { stage, label, at: '', why: stage.detail };
    case 'sg-egress':
    case 'sg-ingress': {
      const at = interfaceText(stage.networkInterfaceId, snapshot);
      if (stage.reason === 'conntrack') return { stage, label, at, why: 'part of a tracked connection: replies pass without rules (§5)' };
      if (stage.reason === 'default-deny' || !stage.match) {
        const groups = snapshot.networkInterfaces.find((i) => i.networkInterfaceId === stage.networkInterfaceId)?.groupIds ?? [];
        const direction = stage.kind === 'sg-egress' ? 'egress' : 'ingress';
        if (groups.length === 0) return { stage, label, at, why: 'the interface has no security group: denied by default' };
        return { stage, label, at, why: `no ${direction} rule of ${groups.map((g) => groupText(g, snapshot)).join(', ')} matches: denied by default` };
      }
      const group = snapshot.securityGroups.find((g) => g.groupId === stage.match!.groupId);
      const rule = group && [...group.ingress, ...group.egress].find((r) => r.ruleId === stage.match!.ruleId);
      const where = `${stage.match.ruleId} of ${groupText(stage.match.groupId, snapshot)}`;
      return rule ? { stage, label, at, why: `${where}: ${securityGroupRuleText(rule, snapshot)}`, rule } : { stage, label, at, why: where };
    }
    case 'nacl-outbound':
    case 'nacl-inbound': {
      const at = `${stage.networkAclId} on ${stage.subnetId}`;
      if (stage.isDefaultRule) {
        return { stage, label, at, why: `rule * (${stage.ruleNumber}): no numbered rule matches: denied by default` };
      }
      const egress = stage.kind === 'nacl-outbound';
      const entry = snapshot.networkAcls
        .find((a) => a.networkAclId === stage.networkAclId)
        ?.entries.find((e) => e.ruleNumber === stage.ruleNumber && e.egress === egress);
      return entry
        ? { stage, label, at, why: `rule ${stage.ruleNumber}: ${networkAclEntryText(entry)}`, entry }
        : { stage, label, at, why: `rule ${stage.ruleNumber}` };
    }
  }
}

/** "eni-… (i-… web-1)": the interface with its instance and that instance's Name tag, when known. */
export function interfaceText(networkInterfaceId: string, snapshot: Snapshot): string {
  const eni = snapshot.networkInterfaces.find((i) => i.networkInterfaceId === networkInterfaceId);
  if (!eni?.instanceId) return networkInterfaceId;
  const name = nameTag(snapshot.instances.find((i) => i.instanceId === eni.instanceId)?.tags);
  return `${networkInterfaceId} (${eni.instanceId}${name ? ` ${name}` : ''})`;
}

function groupText(groupId: string, snapshot: Snapshot): string {
  const name = snapshot.securityGroups.find((g) => g.groupId === groupId)?.groupName;
  return name ? `${groupId} (${name})` : groupId;
}
