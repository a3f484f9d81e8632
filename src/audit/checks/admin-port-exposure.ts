/**
 * SG-001 and SG-002 share one definition, per address family: an ingress exposure to the whole internet with
 * protocol tcp, udp or -1 whose port range contains a remote-administration port (CIS: "a port range such as
 * 0-1024 is inclusive"; 6.0 adds "TCP (6), UDP (17), or ALL (-1)").
 */
import type { FindingDraft } from '../model/check.ts';
import type { AuditContext } from '../run/context.ts';
import { exposureDraft, groupExposures, servicePortsIn, servicesText } from './exposure-text.ts';

export function adminPortFindings(ctx: AuditContext, family: 4 | 6): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const [group, e] of groupExposures(ctx)) {
    if (e.family !== family) continue;
    const admin = servicePortsIn(e, ctx.config.adminPorts);
    if (admin.length === 0) continue;
    // The same rule usually opens more (0-1024 holds FTP, Telnet, SMTP…): one finding says all of it (§6 #17).
    const alsoRisky = servicePortsIn(e, ctx.config.highRiskPorts);
    out.push(
      exposureDraft(ctx, group, e, {
        what: `remote administration on ${servicesText(admin)}${alsoRisky.length > 0 ? `, and high-risk services on ${servicesText(alsoRisky)}` : ''}`,
        fixSummary: 'Remove the world-open rule; allow administration only from the ranges that need it (or use SSM Session Manager).',
        narrow: true,
        matchedPorts: [...new Set([...admin, ...alsoRisky].map((p) => p.port))],
      }),
    );
  }
  return out;
}
