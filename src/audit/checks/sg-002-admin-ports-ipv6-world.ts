import type { Check } from '../model/check.ts';
import { adminPortFindings } from './admin-port-exposure.ts';

export const SG_002: Check = {
  id: 'SG-002',
  title: 'Remote administration ports open to the IPv6 internet',
  severity: 'high',
  ruleLevel: true,
  rationale:
    'As SG-001 for IPv6: an ingress rule or union of rules covering ::/0, with protocol tcp, udp or -1 on a port range containing an administration port. IPv4 rules never match IPv6 packets, so an IPv6 rule is its own exposure. Critical when RCH-001 confirms reachability.',
  mapping: { cis: ['CIS 1.5 5.3', 'CIS 3.0 5.3', 'CIS 5.0 5.4', 'CIS 6.0 6.4'], fsbp: ['EC2.13', 'EC2.14', 'EC2.54'] },
  run: (ctx) => ({ findings: adminPortFindings(ctx, 6) }),
};
