import type { Check } from '../model/check.ts';
import { ICMP, ICMPV6 } from '../../core/net/protocol.ts';
import { exposureDraft, groupExposures } from './exposure-text.ts';

/** Echo request: ICMP type 8, ICMPv6 type 128. */
const ECHO_REQUEST: Record<number, number> = { [ICMP]: 8, [ICMPV6]: 128 };

export const SG_010: Check = {
  id: 'SG-010',
  title: 'ICMP open to the internet',
  severity: 'low',
  ruleLevel: true,
  rationale:
    'An ingress rule or union of rules admits ICMP or ICMPv6 of every type, or echo requests, from the whole internet: hosts answer ping sweeps and reveal themselves. Path-MTU messages (ICMP type 3 code 4, ICMPv6 type 2) are not flagged.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings = [];
    for (const [group, e] of groupExposures(ctx)) {
      if (e.protocol !== ICMP && e.protocol !== ICMPV6) continue;
      if (e.icmpType !== -1 && e.icmpType !== ECHO_REQUEST[e.protocol]) continue;
      findings.push(
        exposureDraft(ctx, group, e, {
          what: e.icmpType === -1 ? 'every ICMP message type' : 'echo requests (ping)',
          fixSummary: 'Allow only the ICMP types you need (e.g. type 3 code 4 for path MTU), or ping from known ranges.',
          narrow: true,
        }),
      );
    }
    return { findings };
  },
};
