/**
 * How world exposures are worded and turned into findings, shared by the checks that classify them
 * (SG-001…SG-005, SG-010). Each check decides *whether* an exposure is its own; this file only says it.
 */
import type { SecurityGroup } from '../../core/model/security-group.ts';
import { ICMP, ICMPV6, TCP, UDP, protocolLabel } from '../../core/net/protocol.ts';
import type { ServicePort } from '../config/audit-config.ts';
import type { FindingDraft } from '../model/check.ts';
import type { FindingEvidence } from '../model/finding.ts';
import type { WorldExposure } from '../analysis/world-exposure.ts';
import { peerText } from '../analysis/rule-peers.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import type { AuditContext } from '../run/context.ts';

export function trafficText(e: Pick<WorldExposure, 'protocol' | 'portFrom' | 'portTo' | 'icmpType' | 'icmpCode'>): string {
  if (e.protocol === -1) return 'all traffic (every protocol and port)';
  if (e.protocol === TCP || e.protocol === UDP) {
    const name = protocolLabel(e.protocol);
    return e.portFrom === e.portTo ? `${name} port ${e.portFrom}` : `${name} ports ${e.portFrom}-${e.portTo}`;
  }
  if (e.protocol === ICMP || e.protocol === ICMPV6) {
    const name = protocolLabel(e.protocol);
    if (e.icmpType === -1) return `${name} (all types)`;
    return e.icmpCode === -1 ? `${name} type ${e.icmpType}` : `${name} type ${e.icmpType} code ${e.icmpCode}`;
  }
  return `${protocolLabel(e.protocol)} (all of it)`;
}

export function worldText(family: 4 | 6): string {
  return family === 4 ? 'the whole IPv4 internet' : 'the whole IPv6 internet';
}

export function sourceText(e: WorldExposure): string {
  if (e.status === 'unknown') return `an unresolved source (${e.unknownReason})`;
  const peers = e.rules.map((r) => peerText(r.peer));
  const viaList = e.rules.some((r) => r.peer.kind === 'prefix-list');
  if (e.union) return `${peers.join(' + ')} (together ${worldText(e.family)})`;
  return viaList ? `${peers.join(', ')} (its entries cover ${worldText(e.family)})` : peers.join(', ');
}

/** Service ports of the list that the exposure opens, respecting each service's protocols. */
export function servicePortsIn(e: WorldExposure, ports: readonly ServicePort[]): ServicePort[] {
  if (e.protocol !== -1 && e.protocol !== TCP && e.protocol !== UDP) return [];
  return ports.filter((s) => (e.protocol === -1 || s.protocols.includes(e.protocol)) && s.port >= e.portFrom && s.port <= e.portTo);
}

export function servicesText(ports: readonly ServicePort[]): string {
  const seen = new Set<number>();
  return ports
    .filter((p) => !seen.has(p.port) && seen.add(p.port))
    .map((p) => `${p.port} (${p.service})`)
    .join(', ');
}

export interface ExposureFindingText {
  /** What is exposed, e.g. "SSH (22) and RDP (3389)". */
  readonly what: string;
  readonly fixSummary: string;
  /** Whether the access may be legitimate for a narrower range (so the fix re-adds it for `<trusted-cidr>`). */
  readonly narrow: boolean;
  readonly matchedPorts?: readonly number[];
}

export function exposureDraft(ctx: AuditContext, group: SecurityGroup, e: WorldExposure, text: ExposureFindingText): FindingDraft {
  const unknown = e.status === 'unknown';
  // Message, evidence and fix are read only for findings that survive de-duplication (SG-005 loses most of its
  // drafts to SG-001…004), so they are getters.
  return {
    resource: ctx.groupResource(group),
    get message() {
      return unknown
        ? `${group.groupId} may open ${trafficText(e)} to ${worldText(e.family)}: ${text.what}; ${e.unknownReason}`
        : `${group.groupId} opens ${trafficText(e)} to ${worldText(e.family)}: ${text.what}; source ${sourceText(e)}`;
    },
    status: e.status,
    ruleIds: unknown ? [e.unresolvedRuleId!] : e.rules.map((r) => r.ruleId),
    get evidence(): FindingEvidence {
      return {
        direction: 'ingress',
        family: e.family,
        protocol: e.protocol,
        ...(e.protocol === TCP || e.protocol === UDP ? { portFrom: e.portFrom, portTo: e.portTo } : {}),
        ...(e.protocol === ICMP || e.protocol === ICMPV6 ? { icmpType: e.icmpType, icmpCode: e.icmpCode } : {}),
        peers: unknown ? ['<unresolved>'] : e.rules.map((r) => peerText(r.peer)),
        ...(text.matchedPorts ? { matchedPorts: text.matchedPorts } : {}),
      };
    },
    get remediation() {
      return unknown
        ? { summary: `Resolve the value (${e.unknownReason}) and make sure it is not the whole internet.`, commands: [] }
        : revokeRulesFix(ctx, group, e.rules, { summary: text.fixSummary, narrow: text.narrow });
    },
  };
}

/** Every world exposure of every group, with the group: the loop each exposure check runs. */
export function groupExposures(ctx: AuditContext): ReadonlyArray<readonly [SecurityGroup, WorldExposure]> {
  let all = exposureLists.get(ctx);
  if (!all) {
    // Computed once per audit and shared by SG-001…SG-005 and SG-010: most groups have no exposure at all.
    const out: Array<readonly [SecurityGroup, WorldExposure]> = [];
    for (const group of ctx.estate.snapshot.securityGroups) for (const e of ctx.exposuresOfGroup(group)) out.push([group, e]);
    exposureLists.set(ctx, (all = out));
  }
  return all;
}

const exposureLists = new WeakMap<AuditContext, ReadonlyArray<readonly [SecurityGroup, WorldExposure]>>();
