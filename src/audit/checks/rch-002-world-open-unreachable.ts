import { ICMP, ICMPV6, TCP, UDP } from '../../core/net/protocol.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import type { WorldExposure } from '../analysis/world-exposure.ts';
import type { AuditContext } from '../run/context.ts';
import { servicePortsIn, trafficText } from './exposure-text.ts';

/** Exposures SG-005 accepts (authorised ports such as 443) are not what RCH-002 re-rates. */
function authorisedOnly(ctx: AuditContext, e: WorldExposure): boolean {
  if (e.protocol !== TCP && e.protocol !== UDP) return false;
  const list = e.protocol === TCP ? ctx.config.authorizedTcpPorts : ctx.config.authorizedUdpPorts;
  return list.some(([from, to]) => from <= e.portFrom && e.portTo <= to);
}

export const RCH_002: Check = {
  id: 'RCH-002',
  title: 'World-open security group that no path reaches',
  severity: 'info',
  ruleLevel: false,
  rationale:
    'A group admits the whole internet (an SG-001…SG-005 exposure) but none of its interfaces can be reached on it: not attached, no public address, no route to an internet gateway, or a NACL that denies it. Context for triage, not an all-clear: the group-level finding keeps its severity, since attaching the group to a public instance tomorrow exposes it at once.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const reach = ctx.reachability();
    if ('unavailable' in reach) return { findings: [], notEvaluated: reach.unavailable };
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      const exposures = ctx.exposuresOfGroup(group).filter((e) => e.status === 'fail' && e.protocol !== ICMP && e.protocol !== ICMPV6 && !authorisedOnly(ctx, e));
      if (exposures.length === 0) continue;
      const interfaces = ctx.index.interfacesByGroup.get(group.groupId) ?? [];
      // In a template, a group without modelled interfaces is usually attached through a launch template or a
      // service: where it will run is unknown, so "latent" would be a guess.
      if (interfaces.length === 0 && (ctx.estate.source === 'cloudformation' || ctx.estate.source === 'terraform')) continue;
      const reasons: string[] = [];
      let reachable = false;
      for (const eni of interfaces) {
        for (const e of exposures) {
          const sensitive = servicePortsIn(e, [...ctx.config.adminPorts, ...ctx.config.highRiskPorts])[0];
          const protocol = e.protocol === -1 ? TCP : e.protocol;
          const port = protocol === TCP || protocol === UDP ? (sensitive?.port ?? e.portFrom) : undefined;
          const result = reach.probe(eni, e.family, protocol, port);
          if (result.verdict !== 'unreachable') reachable = true;
          else reasons.push(`${eni.networkInterfaceId}: ${result.reason}`);
        }
      }
      if (reachable) continue;
      findings.push({
        resource: ctx.groupResource(group),
        message:
          interfaces.length === 0
            ? `${group.groupId} opens ${exposures.map(trafficText).join('; ')} to the internet but is attached to no interface: the exposure is latent`
            : `${group.groupId} opens ${exposures.map(trafficText).join('; ')} to the internet, but no attached interface is reachable: ${[...new Set(reasons)].join('; ')}`,
        evidence: { groupIds: [group.groupId] },
        remediation: { summary: 'Still remove the world-open rules (see the group\'s SG findings) before the group is attached somewhere public.', commands: [] },
      });
    }
    return { findings };
  },
};
