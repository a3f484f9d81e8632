import type { Check, FindingDraft } from '../model/check.ts';
import { covers } from '../analysis/address-set.ts';
import { publicSpace } from '../analysis/address-classes.ts';
import { allowedAddresses, allPacketKinds, entriesOf } from '../analysis/nacl-evaluation.ts';
import { entryKey } from '../remediation/nacl-fix.ts';
import { regionFlag, isIacSource } from '../remediation/security-group-fix.ts';
import { naclResource } from './nacl-facts.ts';

export const NACL_002: Check = {
  id: 'NACL-002',
  title: 'Network ACL admits all traffic from the internet',
  severity: 'low',
  ruleLevel: false,
  rationale:
    'For an address family, every kind of inbound packet (every protocol, port and ICMP type) is allowed from every internet (public) address under first-match evaluation — the state of the default ACL (rule 100 allow all). The ACL then adds no protection and every decision falls to security groups. Explicit denies anywhere (even one port) make it pass.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const acl of ctx.estate.snapshot.networkAcls) {
      for (const family of [4, 6] as const) {
        const entries = entriesOf(acl, false, family);
        if (entries.length === 0) continue;
        if (!allPacketKinds(entries).every((k) => covers(allowedAddresses(entries, family, k), publicSpace(family)))) continue;
        const allowAll = entries.filter((e) => e.action === 'allow' && e.protocol === -1);
        findings.push({
          resource: naclResource(acl),
          message: `${acl.networkAclId}${acl.isDefault ? ' (the VPC default)' : ''} allows all inbound IPv${family} traffic from the internet`,
          ruleIds: allowAll.map((e) => entryKey(acl.networkAclId, e)),
          evidence: { direction: 'ingress', family, ruleNumbers: allowAll.map((e) => e.ruleNumber) },
          remediation: isIacSource(ctx)
            ? { summary: 'Replace the allow-all inbound entry with entries for the traffic the subnet serves (plus ephemeral ports for replies).', commands: [], patch: `# ${acl.networkAclId}: replace the inbound allow-all entry with specific entries` }
            : {
                summary: 'Replace the allow-all inbound entry with entries for the traffic the subnet serves (plus ephemeral ports for replies).',
                commands: allowAll.map(
                  (e) => `aws ec2 replace-network-acl-entry --network-acl-id ${acl.networkAclId}${regionFlag(ctx)} --ingress --rule-number ${e.ruleNumber} --protocol 6 --port-range From=443,To=443 ${family === 4 ? '--cidr-block 0.0.0.0/0' : '--ipv6-cidr-block ::/0'} --rule-action allow`,
                ),
              },
        });
      }
    }
    return { findings };
  },
};
