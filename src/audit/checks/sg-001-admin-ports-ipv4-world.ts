import type { Check } from '../model/check.ts';
import { adminPortFindings } from './admin-port-exposure.ts';

export const SG_001: Check = {
  id: 'SG-001',
  title: 'Remote administration ports open to the IPv4 internet',
  severity: 'high',
  ruleLevel: true,
  rationale:
    'An ingress rule (or a union of rules) admits the whole IPv4 space — 0.0.0.0/0, halves such as 0.0.0.0/1 + 128.0.0.0/1, or a prefix list whose entries cover it — with protocol tcp, udp or -1 on a port range that contains an administration port (default 22 and 3389). Internet-wide scanners find such ports within minutes. Critical when RCH-001 confirms an interface is reachable on it.',
  mapping: { cis: ['CIS 1.4 5.2', 'CIS 3.0 5.2', 'CIS 5.0 5.3', 'CIS 6.0 6.3'], fsbp: ['EC2.13', 'EC2.14', 'EC2.53'] },
  run: (ctx) => ({ findings: adminPortFindings(ctx, 4) }),
};
