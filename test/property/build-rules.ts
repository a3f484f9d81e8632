/**
 * Security-group permissions and network ACL entries in raw describe form, from their plans: the protocol, port and
 * ICMP tables the plans index into, and the builders. EC2's own shape rules are kept (ports only for tcp/udp, a type
 * and code for icmp, `-1` type means `-1` code, `*` entries as describe-network-acls prints them).
 */
import type { RawIpPermission, RawNetworkAclEntry } from '../reference/raw-describe.ts';
import { pick } from './address-pools.ts';
import type { NaclPlan, PermissionPlan } from './topology-plan.ts';

export interface PermissionPools {
  readonly v4: readonly string[];
  readonly v6: readonly string[];
  readonly groupIds: readonly string[];
  readonly prefixListIds: readonly string[];
}

/** Protocol tables indexed by the plan's protocol index. */
export const SG_PROTOCOLS = ['tcp', 'udp', 'icmp', '-1', 'icmpv6', '47', '50'] as const;
const SG_NUMERIC: Record<string, string> = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58' };
export const NACL_PROTOCOLS = ['6', '17', '1', '-1', '58', '47', '50'] as const;

export const PORT_RANGES: readonly (readonly [number, number])[] = [
  [22, 22], [80, 80], [443, 443], [0, 65535], [1024, 65535], [32768, 61000], [53, 53], [8000, 8100],
  [0, 0], [65535, 65535], [5432, 5432], [1, 1023], [3000, 3000], [49152, 65535], [80, 443], [123, 123],
];
export const ICMP4_TYPES = [-1, 0, 3, 8, 11, 13, 14, 8];
export const ICMP6_TYPES = [-1, 128, 129, 1, 2, 3, 135, 128];
export const ICMP_CODES = [-1, 0, 1, 4];

export const OWNER = '111122223333';

export function permissionFrom(p: PermissionPlan, ownGroup: string, pools: PermissionPools): RawIpPermission {
  const { v4, v6, prefixListIds } = pools;
  const allGroups = pools.groupIds;
  const name = SG_PROTOCOLS[p.protocol];
  const out: RawIpPermission = {
    IpProtocol: p.numeric && SG_NUMERIC[name] ? SG_NUMERIC[name] : name,
    IpRanges: [],
    Ipv6Ranges: [],
    UserIdGroupPairs: [],
    PrefixListIds: [],
  };
  if (name === 'tcp' || name === 'udp') {
    const [from, to] = pick(PORT_RANGES, p.ports);
    out.FromPort = from;
    out.ToPort = to;
  } else if (name === 'icmp' || (name === 'icmpv6' && p.ports % 2 === 1)) {
    const type = pick(name === 'icmp' ? ICMP4_TYPES : ICMP6_TYPES, p.icmpType);
    out.FromPort = type;
    out.ToPort = type === -1 ? -1 : pick(ICMP_CODES, p.icmpCode);
  } else if ((name === '47' || name === '50') && p.ports % 2 === 1) {
    out.FromPort = -1;
    out.ToPort = -1;
  }
  for (const peer of p.peers) {
    if (peer.kind === 'v4' || (peer.kind === 'pl' && prefixListIds.length === 0)) {
      const cidr = pick(v4, peer.index);
      if (!out.IpRanges.some((r) => r.CidrIp === cidr)) out.IpRanges.push({ CidrIp: cidr });
    } else if (peer.kind === 'v6') {
      const cidr = pick(v6, peer.index);
      if (!out.Ipv6Ranges.some((r) => r.CidrIpv6 === cidr)) out.Ipv6Ranges.push({ CidrIpv6: cidr });
    } else if (peer.kind === 'pl') {
      const id = pick(prefixListIds, peer.index);
      if (!out.PrefixListIds.some((r) => r.PrefixListId === id)) out.PrefixListIds.push({ PrefixListId: id });
    } else {
      const id = peer.kind === 'self' ? ownGroup : pick(allGroups, peer.index);
      if (!out.UserIdGroupPairs.some((r) => r.GroupId === id)) out.UserIdGroupPairs.push({ GroupId: id, UserId: OWNER });
    }
  }
  return out;
}

export function naclEntries(plan: NaclPlan, v4: readonly string[], v6: readonly string[]): RawNetworkAclEntry[] {
  const out: RawNetworkAclEntry[] = [];
  const taken = (egress: boolean, n: number) => out.some((e) => e.Egress === egress && e.RuleNumber === n);
  for (const e of plan.entries) {
    if (taken(e.egress, e.ruleNumber) || (plan.allowAll && (e.ruleNumber === 100 || e.ruleNumber === 101))) continue;
    const protocol = NACL_PROTOCOLS[e.protocol];
    const entry: RawNetworkAclEntry = { RuleNumber: e.ruleNumber, Egress: e.egress, RuleAction: e.allow ? 'allow' : 'deny', Protocol: protocol };
    if (e.v6) entry.Ipv6CidrBlock = pick(v6, e.cidr);
    else entry.CidrBlock = pick(v4, e.cidr);
    if (protocol === '6' || protocol === '17') {
      const [from, to] = pick(PORT_RANGES, e.ports);
      entry.PortRange = { From: from, To: to };
    } else if (protocol === '1' || (protocol === '58' && e.v6)) {
      const type = pick(protocol === '1' ? ICMP4_TYPES : ICMP6_TYPES, e.icmpType);
      entry.IcmpTypeCode = { Type: type, Code: type === -1 ? -1 : pick(ICMP_CODES, e.icmpCode) };
    }
    out.push(entry);
  }
  for (const egress of [false, true]) {
    if (plan.allowAll) {
      out.push({ RuleNumber: 100, Egress: egress, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' });
      out.push({ RuleNumber: 101, Egress: egress, RuleAction: 'allow', Protocol: '-1', Ipv6CidrBlock: '::/0' });
    }
    if (plan.stars) {
      out.push({ RuleNumber: 32767, Egress: egress, RuleAction: 'deny', Protocol: '-1', CidrBlock: '0.0.0.0/0' });
      out.push({ RuleNumber: 32768, Egress: egress, RuleAction: 'deny', Protocol: '-1', Ipv6CidrBlock: '::/0' });
    }
  }
  return out;
}

