/**
 * Facts about single rules that several rule-level checks (SG-006…SG-009, SG-019…SG-023) ask: the addresses of
 * the peer, the sensitive ports the rule opens, and its traffic in words.
 */
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { TCP, UDP } from '../../core/net/protocol.ts';
import { toAtomicRule } from '../../core/rules/atomic-rule.ts';
import type { ServicePort } from '../config/audit-config.ts';
import type { AuditContext } from '../run/context.ts';
import { peerAddresses, peerText, type PeerAddresses } from '../analysis/rule-peers.ts';
import type { FindingEvidence } from '../model/finding.ts';
import { trafficText } from './exposure-text.ts';

export function addressesOf(ctx: AuditContext, rule: SecurityGroupRule): PeerAddresses {
  return peerAddresses(rule.peer, ctx.index.prefixLists);
}

/** Admin and high-risk ports the rule opens, with the matching protocol (or -1). */
export function sensitivePortsOf(ctx: AuditContext, rule: SecurityGroupRule): ServicePort[] {
  if (rule.protocol !== -1 && rule.protocol !== TCP && rule.protocol !== UDP) return [];
  const a = toAtomicRule(rule);
  return [...ctx.config.adminPorts, ...ctx.config.highRiskPorts].filter(
    (s) => (rule.protocol === -1 || s.protocols.includes(rule.protocol)) && s.port >= a.portFrom && s.port <= a.portTo,
  );
}

export function ruleTrafficText(rule: SecurityGroupRule): string {
  return trafficText(toAtomicRule(rule));
}

export function ruleEvidence(rule: SecurityGroupRule, extra: FindingEvidence = {}): FindingEvidence {
  const a = toAtomicRule(rule);
  return {
    direction: rule.direction,
    ...(a.family !== 0 ? { family: a.family } : {}),
    protocol: rule.protocol,
    ...(rule.protocol === TCP || rule.protocol === UDP ? { portFrom: a.portFrom, portTo: a.portTo } : {}),
    ...(a.icmpType !== -1 || a.icmpCode !== -1 ? { icmpType: a.icmpType, icmpCode: a.icmpCode } : {}),
    peers: [peerText(rule.peer)],
    ...extra,
  };
}

/** "sgr-… (tcp port 22 from 10.0.0.0/8)" */
export function ruleText(rule: SecurityGroupRule): string {
  const dir = rule.direction === 'ingress' ? 'from' : 'to';
  return `${rule.ruleId} (${ruleTrafficText(rule)} ${dir} ${peerText(rule.peer)})`;
}
