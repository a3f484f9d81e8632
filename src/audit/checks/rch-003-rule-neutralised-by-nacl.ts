import type { NetworkAcl } from '../../core/model/network-acl.ts';
import type { NetworkInterface, Subnet } from '../../core/model/network.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { TCP, UDP, hasPorts } from '../../core/net/protocol.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { intersect, isEmpty, isWhole, overlaps, setOfCidrs, unionAll, type AddressSet } from '../analysis/address-set.ts';
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
      const sites = sitesOf(ctx, interfaces);
      // An interface without a known subnet or NACL is never neutralised, so neither is any rule of the group.
      if (!sites) continue;
      for (const rule of group.ingress) {
        const p = rule.peer;
        // A group reference is not an address set; a CIDR is of a known family, so when some subnet's NACL lets
        // that family in and out on everything, the rule takes effect there, decided without resolving the peer.
        if (p.kind === 'group' || (p.kind === 'cidr' && sites.openTo[p.cidr.family])) continue;
        const peer = ctx.peers.resolve(p);
        if (peer.kind !== 'addresses' || isEmpty(peer.set)) continue;
        // The verdict depends on the interface's subnet only: judge each distinct subnet once, and stop at the
        // first one the rule does reach (usually the first: most NACLs allow broadly).
        let allNeutralised = true;
        for (const site of sites.distinct) {
          if ((site.verdict = neutralisedIn(site, rule, peer.set)) === undefined) {
            allNeutralised = false;
            break;
          }
        }
        if (!allNeutralised) continue;
        const verdicts = interfaces.map((eni, k) => verdictText(sites.ofInterface[k], eni));
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

const admittedMemo = new WeakMap<NetworkAcl, Map<number, AddressSet>>();
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
  // A number, not a string: this runs for every rule of every attached group. Exact below 2^53 (257 · 2^33).
  const key = (((rule.protocol + 1) * 65536 + portFrom) * 65536 + portTo) * 2 + (family === 6 ? 1 : 0);
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

/** Where an interface sits, as far as NACLs go: its subnet and that subnet's ACL (the same for every interface in it). */
interface Site {
  readonly subnet: Subnet;
  readonly acl: NetworkAcl;
  /** Scratch: the verdict for the rule being judged. */
  verdict: Neutralised | undefined;
}

type Neutralised = 'inbound' | 'replies';

interface Sites {
  /** The site of each interface, index for index. */
  readonly ofInterface: readonly Site[];
  readonly distinct: readonly Site[];
  /** Per family: some site's NACL allows every packet of the family in and out (so nothing is neutralised). */
  readonly openTo: { readonly 4: boolean; readonly 6: boolean };
}

/** Where the interfaces sit; undefined when one of them has no known subnet or NACL. */
function sitesOf(ctx: AuditContext, interfaces: readonly NetworkInterface[]): Sites | undefined {
  const bySubnet = new Map<string, Site>();
  const ofInterface: Site[] = [];
  for (const eni of interfaces) {
    let site = bySubnet.get(eni.subnetId);
    if (!site) {
      const subnet = ctx.index.subnets.get(eni.subnetId);
      const acl = ctx.index.naclOfSubnet(eni.subnetId);
      if (!subnet || !acl) return undefined;
      bySubnet.set(eni.subnetId, (site = { subnet, acl, verdict: undefined }));
    }
    ofInterface.push(site);
  }
  const distinct = [...bySubnet.values()];
  return { ofInterface, distinct, openTo: { 4: distinct.some((d) => openBothWays(d.acl, 4)), 6: distinct.some((d) => openBothWays(d.acl, 6)) } };
}

const openMemo = new WeakMap<NetworkAcl, { 4?: boolean; 6?: boolean }>();

/**
 * True when the ACL allows the whole family for every kind of packet, inbound and outbound (the default ACL's
 * allow-all): then every rule's traffic and replies get through, whatever its sources (memoised per ACL).
 */
function openBothWays(acl: NetworkAcl, family: 4 | 6): boolean {
  let byFamily = openMemo.get(acl);
  if (!byFamily) openMemo.set(acl, (byFamily = {}));
  let open = byFamily[family];
  if (open === undefined) {
    const wholeFor = (entries: ReturnType<typeof entriesOf>) => allPacketKinds(entries).every((k) => isWhole(allowedAddresses(entries, family, k)));
    byFamily[family] = open = wholeFor(entriesOf(acl, false, family)) && wholeFor(entriesOf(acl, true, family));
  }
  return open;
}

function verdictText(site: Site, eni: NetworkInterface): string {
  return site.verdict === 'inbound'
    ? `${site.acl.networkAclId} denies it inbound for ${eni.networkInterfaceId}`
    : `${site.acl.networkAclId} denies the replies for ${eni.networkInterfaceId}`;
}

/** How the NACL of the site's subnet cancels the rule, or undefined when some of its traffic gets through. */
function neutralisedIn(site: Site, rule: SecurityGroupRule, sources: AddressSet): Neutralised | undefined {
  const family = sources.family;
  if (overlaps(subnetSpace(site.subnet, family), sources)) return undefined;
  const admitted = admittedBy(site.acl, family, rule);
  // overlaps() is "the intersection is not empty" without building it (all sets here are of the sources' family).
  if (!overlaps(admitted, sources)) return 'inbound';
  if (rule.protocol === -1 || rule.protocol === TCP || rule.protocol === UDP) {
    if (!overlaps(repliesTo(site.acl, family, rule.protocol), intersect(admitted, sources))) return 'replies';
  }
  return undefined;
}
