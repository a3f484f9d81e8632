import type { Check } from '../model/check.ts';
import { ICMP, ICMPV6, TCP, UDP } from '../../core/net/protocol.ts';
import { exposureDraft, groupExposures } from './exposure-text.ts';

export const SG_005: Check = {
  id: 'SG-005',
  title: 'World-open port outside the authorised list',
  severity: 'medium',
  ruleLevel: true,
  rationale:
    'An ingress rule or union of rules admits the whole internet on tcp or udp ports not entirely inside the authorised lists (EC2.18 defaults: tcp 80 and 443, no udp), or on another IP protocol (GRE, ESP, …). Web ports are expected to be public; anything else open to everyone should be a decision, not an accident. ICMP is SG-010.',
  mapping: { cis: [], fsbp: ['EC2.18'] },
  run: (ctx) => {
    const findings = [];
    for (const [group, e] of groupExposures(ctx)) {
      if (e.protocol === -1 || e.protocol === ICMP || e.protocol === ICMPV6) continue;
      if (e.protocol === TCP || e.protocol === UDP) {
        const authorised = e.protocol === TCP ? ctx.config.authorizedTcpPorts : ctx.config.authorizedUdpPorts;
        if (authorised.some(([from, to]) => from <= e.portFrom && e.portTo <= to)) continue;
      }
      const list = (e.protocol === TCP ? ctx.config.authorizedTcpPorts : ctx.config.authorizedUdpPorts).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
      findings.push(
        exposureDraft(ctx, group, e, {
          what: `not in the authorised ports (${list.length > 0 ? list.join(', ') : 'none for this protocol'})`,
          fixSummary: 'Restrict the rule to the ranges that need the service, or add the port to the authorised list if it is meant to be public.',
          narrow: true,
        }),
      );
    }
    return { findings };
  },
};
