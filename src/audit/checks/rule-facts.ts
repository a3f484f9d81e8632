/**
 * Facts about single rules that several rule-level checks (SG-006…SG-009, SG-019…SG-023) ask: the addresses of
 * the peer, the sensitive ports the rule opens, and its traffic in words.
 */
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { TCP, UDP } from '../../core/net/protocol.ts';
import { toAtomicRule } from '../../core/rules/atomic-rule.ts';
import type { ServicePort } from '../config/audit-config.ts';
import type { AuditContext } from '../run/context.ts';
import { peerText, type PeerAddresses } from '../analysis/rule-peers.ts';
import type { FindingEvidence } from '../model/finding.ts';
import { trafficText } from './exposure-text.ts';

export function addressesOf(ctx: AuditContext, rule: SecurityGroupRule): PeerAddresses {
  return ctx.peers.resolve(rule.peer);
}

const sensitiveLists = new WeakMap<object, readonly ServicePort[]>();

/** Admin and high-risk ports the rule opens, with the matching protocol (or -1). */
export function sensitivePortsOf(ctx: AuditContext, rule: SecurityGroupRule): ServicePort[] {
  if (rule.protocol !== -1 && rule.protocol !== TCP && rule.protocol !== UDP) return [];
  let all = sensitiveLists.get(ctx.config);
  if (!all) sensitiveLists.set(ctx.config, (all = [...ctx.config.adminPorts, ...ctx.config.highRiskPorts]));
  const from = rule.protocol === -1 ? 0 : rule.fromPort;
  const to = rule.protocol === -1 ? 65535 : rule.toPort;
  const out: ServicePort[] = [];
  for (const s of all) if (s.port >= from && s.port <= to && (rule.protocol === -1 || s.protocols.includes(rule.protocol))) out.push(s);
  return out;
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
