import type { Check } from '../model/check.ts';
import { TCP, UDP } from '../../core/net/protocol.ts';
import { exposureDraft, groupExposures } from './exposure-text.ts';

export const SG_003: Check = {
  id: 'SG-003',
  title: 'All ports and protocols open to the internet',
  severity: 'critical',
  ruleLevel: true,
  rationale:
    'An ingress rule or union of rules admits the whole IPv4 or IPv6 internet with protocol -1 (every protocol and port), or tcp/udp on every port (0-65535; 1-65535 counts too, since port 0 carries no service). Everything the instance listens on is exposed, including services started later.',
  mapping: { cis: ['CIS 3.0 5.2', 'CIS 6.0 6.3', 'CIS 6.0 6.4'], fsbp: ['EC2.18', 'EC2.19'] },
  run: (ctx) => {
    const findings = [];
    for (const [group, e] of groupExposures(ctx)) {
      const allPorts = e.protocol === -1 || ((e.protocol === TCP || e.protocol === UDP) && e.portFrom <= 1 && e.portTo === 65535);
      if (!allPorts) continue;
      findings.push(
        exposureDraft(ctx, group, e, {
          what: 'every service on the interface',
          fixSummary: 'Remove the rule; allow only the ports the workload serves, from the ranges that need them.',
          narrow: false,
        }),
      );
    }
    return { findings };
  },
};
