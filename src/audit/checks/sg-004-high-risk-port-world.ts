import type { Check } from '../model/check.ts';
import { exposureDraft, groupExposures, servicePortsIn, servicesText } from './exposure-text.ts';

export const SG_004: Check = {
  id: 'SG-004',
  title: 'High-risk service port open to the internet',
  severity: 'high',
  ruleLevel: true,
  rationale:
    'An ingress rule or union of rules admits the whole internet (either family) on a port of a database, cache, search, mail, file-sharing or development service (Security Hub EC2.19 list plus the per-service ports: 1433, 3306, 5432, 27017, 6379, 9200, 445, 139, …) with the matching protocol or -1. One finding per rule lists every matched port. Critical when RCH-001 confirms reachability.',
  mapping: { cis: ['CIS 4.0 5.1.2', 'CIS 6.0 6.1.2'], fsbp: ['EC2.19'] },
  run: (ctx) => {
    const findings = [];
    for (const [group, e] of groupExposures(ctx)) {
      const risky = servicePortsIn(e, ctx.config.highRiskPorts);
      if (risky.length === 0) continue;
      findings.push(
        exposureDraft(ctx, group, e, {
          what: `high-risk services on ${servicesText(risky)}`,
          fixSummary: 'Remove the world-open rule; databases and internal services belong behind private ranges or group references.',
          narrow: true,
          matchedPorts: [...new Set(risky.map((p) => p.port))],
        }),
      );
    }
    return { findings };
  },
};
