import type { Check, FindingDraft } from '../model/check.ts';
import { covers } from '../analysis/address-set.ts';
import { publicSpace } from '../analysis/address-classes.ts';
import { allowedAddresses, entriesOf } from '../analysis/nacl-evaluation.ts';
import { addDenyFix, entryKey } from '../remediation/nacl-fix.ts';
import { firstAllowing, naclResource } from './nacl-facts.ts';
import { TCP, UDP, protocolLabel } from '../../core/net/protocol.ts';

export const NACL_001: Check = {
  id: 'NACL-001',
  title: 'Network ACL admits administration ports from the internet',
  severity: 'medium',
  ruleLevel: false,
  rationale:
    'For an address family, the ACL\'s effective inbound decision for tcp or udp on an administration port (22, 3389) is "allow" for every address of the internet (every public address: a deny on private ranges changes nothing for the internet): entries are evaluated in rule-number order, first match wins, earlier denies are honoured, and sources count by coverage (0.0.0.0/1 + 128.0.0.0/1 is the world). An allow-all with an earlier deny on 22 passes (the anchors\' false positive, prowler#2910).',
  mapping: { cis: ['CIS 1.4 5.1', 'CIS 3.0 5.1', 'CIS 5.0 5.2', 'CIS 6.0 6.2'], fsbp: ['EC2.21'] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const acl of ctx.estate.snapshot.networkAcls) {
      for (const family of [4, 6] as const) {
        const entries = entriesOf(acl, false, family);
        const open: Array<{ protocol: number; port: number; service: string }> = [];
        for (const svc of ctx.config.adminPorts) {
          for (const protocol of [TCP, UDP]) {
            if (covers(allowedAddresses(entries, family, { protocol, port: svc.port }), publicSpace(family))) open.push({ protocol, port: svc.port, service: svc.service });
          }
        }
        if (open.length === 0) continue;
        const deciding = open.map((o) => firstAllowing(entries, { protocol: o.protocol, port: o.port })).filter((e) => e !== undefined);
        const taken = new Set<number>();
        const fixes = open.map((o) =>
          addDenyFix(ctx, acl, { egress: false, family, protocol: o.protocol, portFrom: o.port, portTo: o.port, before: firstAllowing(entries, o)?.ruleNumber ?? 100, taken }, ''),
        );
        findings.push({
          resource: naclResource(acl),
          message: `${acl.networkAclId} allows ${open.map((o) => `${o.service} (${protocolLabel(o.protocol)}/${o.port})`).join(', ')} from the whole IPv${family} internet`,
          ruleIds: [...new Set(deciding.map((e) => entryKey(acl.networkAclId, e)))],
          evidence: { direction: 'ingress', family, matchedPorts: [...new Set(open.map((o) => o.port))], ruleNumbers: [...new Set(deciding.map((e) => e.ruleNumber))] },
          remediation: {
            summary: 'Add deny entries for the administration ports before the allow (or narrow the allow to trusted ranges).',
            commands: fixes.flatMap((f) => f.commands),
            ...(fixes.some((f) => f.patch) ? { patch: fixes.map((f) => f.patch).join('\n') } : {}),
          },
        });
      }
    }
    return { findings };
  },
};
