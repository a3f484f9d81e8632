import type { NetworkInterface } from '../../core/model/network.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { TCP, UDP } from '../../core/net/protocol.ts';
import { toAtomicRule } from '../../core/rules/atomic-rule.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { intersect, isEmpty, overlaps, setOfCidrs, unionAll, type AddressSet } from '../analysis/address-set.ts';
import { allowedAddresses, allPacketKinds, entriesOf, packetKinds } from '../analysis/nacl-evaluation.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import type { AuditContext } from '../run/context.ts';
import { addressesOf, ruleEvidence, ruleText } from './rule-facts.ts';

export const RCH_003: Check = {
  id: 'RCH-003',
  title: 'Security-group rule neutralised by network ACLs',
  severity: 'low',
  ruleLevel: true,
  rationale:
    'An ingress rule of an attached group whose traffic the subnet NACL of every attached interface denies — inbound, or on the return path (no outbound ephemeral port back to the source). Sources inside the interface\'s own subnet are never neutralised (NACLs do not apply within a subnet, aws-semantics.md §6.9). The rule is dead weight today and becomes live exposure the day the NACL is relaxed.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const group of ctx.estate.snapshot.securityGroups) {
      const interfaces = ctx.index.interfacesByGroup.get(group.groupId) ?? [];
      if (interfaces.length === 0) continue;
      for (const rule of group.ingress) {
        const peer = addressesOf(ctx, rule);
        if (peer.kind !== 'addresses' || isEmpty(peer.set)) continue;
        const verdicts = interfaces.map((eni) => neutralisedAt(ctx, eni, rule, peer.set));
        if (verdicts.some((v) => v === undefined)) continue;
        findings.push({
          resource: ctx.groupResource(group),
          message: `${group.groupId}: ${ruleText(rule)} never takes effect: ${[...new Set(verdicts)].join('; ')}`,
          ruleIds: [rule.ruleId],
          evidence: ruleEvidence(rule),
          remediation: revokeRulesFix(ctx, group, [rule], { summary: 'Remove the rule if the NACL is the intended policy; otherwise fix the NACL (and know that the rule then applies).' }),
        });
      }
    }
    return { findings };
  },
};

/** Why the NACL of the interface's subnet cancels the rule, or undefined when some of its traffic gets through. */
function neutralisedAt(ctx: AuditContext, eni: NetworkInterface, rule: SecurityGroupRule, sources: AddressSet): string | undefined {
  const subnet = ctx.index.subnets.get(eni.subnetId);
  const acl = ctx.index.naclOfSubnet(eni.subnetId);
  if (!subnet || !acl) return undefined;
  const family = sources.family;
  const own = setOfCidrs(family, [subnet.cidr, ...subnet.ipv6Cidrs]);
  if (overlaps(own, sources)) return undefined;
  const inbound = entriesOf(acl, false, family);
  const a = toAtomicRule(rule);
  const kinds = rule.protocol === -1 ? allPacketKinds(inbound) : packetKinds(inbound, rule.protocol, a.portFrom, a.portTo);
  const admitted = unionAll(family, kinds.map((k) => allowedAddresses(inbound, family, k)));
  if (isEmpty(intersect(admitted, sources))) return `${acl.networkAclId} denies it inbound for ${eni.networkInterfaceId}`;
  if (rule.protocol === -1 || rule.protocol === TCP || rule.protocol === UDP) {
    const outbound = entriesOf(acl, true, family);
    const protocols = rule.protocol === -1 ? [TCP, UDP] : [rule.protocol];
    const replies = unionAll(family, protocols.flatMap((p) => packetKinds(outbound, p, 1024, 65535).map((k) => allowedAddresses(outbound, family, k))));
    if (isEmpty(intersect(replies, intersect(admitted, sources)))) return `${acl.networkAclId} denies the replies for ${eni.networkInterfaceId}`;
  }
  return undefined;
}
