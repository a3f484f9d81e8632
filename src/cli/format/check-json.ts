/**
 * `rampart check --json`: a stable shape for programs. Every key is always present (null when it does not apply),
 * so consumers need no existence checks. Documented in docs/check.md.
 */
import type { RulePeer } from '../../core/model/security-group.ts';
import { hasPorts, isIcmp, protocolLabel } from '../../core/net/protocol.ts';
import { flowAddresses, type CheckReport } from './check-report.ts';
import { explainStage, type ExplainedStage } from './stage-explanation.ts';

export function checkReportJson(report: CheckReport): unknown {
  const { decision, flow, snapshot } = report;
  const ported = hasPorts(flow.protocol);
  const icmp = isIcmp(flow.protocol);
  return {
    verdict: decision.allowed ? 'allowed' : 'denied',
    allowed: decision.allowed,
    deniedBy: decision.deniedBy ?? null,
    flow: {
      ...flowAddresses(flow),
      protocol: flow.protocol,
      protocolName: protocolLabel(flow.protocol),
      sourcePort: ported ? flow.srcPort : null,
      destinationPort: ported ? flow.dstPort : null,
      icmpType: icmp ? flow.icmpType : null,
      icmpCode: icmp ? flow.icmpCode : null,
    },
    source: endpointJson(decision.source),
    destination: endpointJson(decision.destination),
    stages: decision.stages.map((s) => stageJson(explainStage(s, snapshot))),
  };
}

function endpointJson(e: CheckReport['decision']['source']) {
  return {
    kind: e.kind,
    address: e.address,
    networkInterfaceId: e.networkInterfaceId ?? null,
    subnetId: e.subnetId ?? null,
    vpcId: e.vpcId ?? null,
  };
}

function stageJson(s: ExplainedStage) {
  return {
    ...s.stage,
    label: s.label,
    explanation: s.why,
    rule: s.rule
      ? {
          ruleId: s.rule.ruleId,
          groupId: s.rule.groupId,
          direction: s.rule.direction,
          protocol: s.rule.protocol,
          fromPort: s.rule.fromPort,
          toPort: s.rule.toPort,
          peer: peerJson(s.rule.peer),
          description: s.rule.description ?? null,
        }
      : null,
    entry: s.entry
      ? {
          ruleNumber: s.entry.ruleNumber,
          egress: s.entry.egress,
          action: s.entry.action,
          protocol: s.entry.protocol,
          cidr: s.entry.cidr.text,
          portRange: s.entry.portRange ?? null,
          icmp: s.entry.icmp ?? null,
        }
      : null,
  };
}

function peerJson(peer: RulePeer) {
  switch (peer.kind) {
    case 'cidr':
      return { kind: 'cidr', cidr: peer.cidr.text };
    case 'group':
      return { kind: 'group', groupId: peer.groupId };
    case 'prefix-list':
      return { kind: 'prefix-list', prefixListId: peer.prefixListId };
  }
}
