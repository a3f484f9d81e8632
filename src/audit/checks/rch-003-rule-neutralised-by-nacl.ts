import type { NetworkAcl } from '../../core/model/network-acl.ts';
import type { NetworkInterface, Subnet } from '../../core/model/network.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { TCP, UDP, hasPorts } from '../../core/net/protocol.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { intersect, isEmpty, overlaps, setOfCidrs, unionAll, type AddressSet } from '../analysis/address-set.ts';
import { allowedAddresses, allPacketKinds, entriesOf, packetKinds } from '../analysis/nacl-evaluation.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import type { AuditContext } from '../run/context.ts';
import { ruleEvidence, ruleText } from './rule-facts.ts';

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
      const peers = ctx.peers.ofRules(group.ingress);
      for (let i = 0; i < group.ingress.length; i++) {
        const rule = group.ingress[i];
        const peer = peers[i];
        if (peer.kind !== 'addresses' || isEmpty(peer.set)) continue;
        // Stops at the first interface the rule does reach (usually the first: most NACLs allow broadly).
        const verdicts: string[] = [];
        for (const eni of interfaces) {
          const why = neutralisedAt(ctx, eni, rule, peer.set);
          if (why === undefined) break;
          verdicts.push(why);
        }
        if (verdicts.length < interfaces.length) continue;
        findings.push({
          resource: ctx.groupResource(group),
          get message() {
            return `${group.groupId}: ${ruleText(rule)} never takes effect: ${[...new Set(verdicts)].join('; ')}`;
          },
          ruleIds: [rule.ruleId],
          get evidence() {
            return ruleEvidence(rule);
          },
          get remediation() {
            return revokeRulesFix(ctx, group, [rule], { summary: 'Remove the rule if the NACL is the intended policy; otherwise fix the NACL (and know that the rule then applies).' });
          },
        });
      }
    }
    return { findings };
  },
};

const admittedMemo = new WeakMap<NetworkAcl, Map<string, AddressSet>>();
const repliesMemo = new WeakMap<NetworkAcl, Map<string, AddressSet>>();
const subnetMemo = new WeakMap<Subnet, Map<number, AddressSet>>();

function subnetSpace(subnet: Subnet, family: 4 | 6): AddressSet {
  let byFamily = subnetMemo.get(subnet);
  if (!byFamily) subnetMemo.set(subnet, (byFamily = new Map()));
  let set = byFamily.get(family);
  if (!set) byFamily.set(family, (set = setOfCidrs(family, [subnet.cidr, ...subnet.ipv6Cidrs])));
  return set;
}

/** Destinations the ACL lets replies out to: some ephemeral port (1024-65535) allowed outbound (memoised). */
function repliesTo(acl: NetworkAcl, family: 4 | 6, protocol: number): AddressSet {
  const key = `${family}|${protocol}`;
  let byKey = repliesMemo.get(acl);
  if (!byKey) repliesMemo.set(acl, (byKey = new Map()));
  let set = byKey.get(key);
  if (!set) {
    const outbound = entriesOf(acl, true, family);
    const protocols = protocol === -1 ? [TCP, UDP] : [protocol];
    set = unionAll(family, protocols.flatMap((p) => packetKinds(outbound, p, 1024, 65535).map((k) => allowedAddresses(outbound, family, k))));
    byKey.set(key, set);
  }
  return set;
}

/** Every source the ACL admits inbound for some packet of the rule's protocol and ports (memoised per ACL). */
function admittedBy(acl: NetworkAcl, family: 4 | 6, rule: SecurityGroupRule): AddressSet {
  // The core's atomic port interval (toAtomicRule), without building the atomic rule (or reading its id).
  const ported = hasPorts(rule.protocol);
  const portFrom = ported ? rule.fromPort : 0;
  const portTo = ported ? rule.toPort : 65535;
  const key = `${family}|${rule.protocol}|${portFrom}|${portTo}`;
  let byKey = admittedMemo.get(acl);
  if (!byKey) admittedMemo.set(acl, (byKey = new Map()));
  let set = byKey.get(key);
  if (!set) {
    const inbound = entriesOf(acl, false, family);
    const kinds = rule.protocol === -1 ? allPacketKinds(inbound) : packetKinds(inbound, rule.protocol, portFrom, portTo);
    set = unionAll(family, kinds.map((k) => allowedAddresses(inbound, family, k)));
    byKey.set(key, set);
  }
  return set;
}

/** Why the NACL of the interface's subnet cancels the rule, or undefined when some of its traffic gets through. */
function neutralisedAt(ctx: AuditContext, eni: NetworkInterface, rule: SecurityGroupRule, sources: AddressSet): string | undefined {
  const subnet = ctx.index.subnets.get(eni.subnetId);
  const acl = ctx.index.naclOfSubnet(eni.subnetId);
  if (!subnet || !acl) return undefined;
  const family = sources.family;
  if (overlaps(subnetSpace(subnet, family), sources)) return undefined;
  const admitted = admittedBy(acl, family, rule);
  // overlaps() is "the intersection is not empty" without building it (all sets here are of the sources' family).
  if (!overlaps(admitted, sources)) return `${acl.networkAclId} denies it inbound for ${eni.networkInterfaceId}`;
  if (rule.protocol === -1 || rule.protocol === TCP || rule.protocol === UDP) {
    if (!overlaps(repliesTo(acl, family, rule.protocol), intersect(admitted, sources))) return `${acl.networkAclId} denies the replies for ${eni.networkInterfaceId}`;
  }
  return undefined;
}
