/**
 * Network ACL evaluation on raw `describe-network-acls` entries (docs/semantics.md §4): the subnet's ACL, its entries
 * of one direction in ascending rule number, first match decides; nothing matches → the implicit `*` deny, 32767
 * for IPv4 and 32768 for IPv6.
 */
import { blockContains, parseBlock, type Addr } from './address.ts';
import type { RawDescribe, RawNetworkAcl, RawNetworkAclEntry } from './raw-describe.ts';
import type { ReferenceFlow } from './reference-types.ts';

export interface NaclOutcome {
  readonly networkAclId: string;
  readonly allowed: boolean;
  readonly ruleNumber: number;
  readonly implicit: boolean;
}

/** The ACL whose associations name the subnet, else the VPC's default ACL, else none (the stage is omitted). */
export function networkAclOf(doc: RawDescribe, subnetId: string, vpcId: string): RawNetworkAcl | undefined {
  const acls = doc.NetworkAcls ?? [];
  return acls.find((a) => a.Associations.some((s) => s.SubnetId === subnetId)) ?? acls.find((a) => a.IsDefault && a.VpcId === vpcId);
}

function typeCodeMatch(e: RawNetworkAclEntry, flow: ReferenceFlow): boolean {
  if (!e.IcmpTypeCode) return true;
  const { Type, Code } = e.IcmpTypeCode;
  return (Type === -1 || Type === flow.icmpType) && (Code === -1 || Code === flow.icmpCode);
}

function entryMatches(e: RawNetworkAclEntry, remote: Addr, flow: ReferenceFlow): boolean {
  const cidr = e.CidrBlock ?? e.Ipv6CidrBlock;
  const block = cidr === undefined ? undefined : parseBlock(cidr);
  if (!block || !blockContains(block, remote)) return false;
  const protocol = Number(e.Protocol);
  if (protocol !== -1 && protocol !== flow.protocol) return false;
  if ((protocol === 6 || protocol === 17) && e.PortRange) return e.PortRange.From <= flow.dstPort && flow.dstPort <= e.PortRange.To;
  if (protocol === 1) return typeCodeMatch(e, flow);
  // 58 with an IPv4 CIDR means every ICMP message; with an IPv6 CIDR the type/code apply.
  if (protocol === 58 && block.family === 6) return typeCodeMatch(e, flow);
  return true;
}

export function evaluateNetworkAcl(acl: RawNetworkAcl, egress: boolean, remote: Addr, flow: ReferenceFlow): NaclOutcome {
  const entries = acl.Entries.filter((e) => e.Egress === egress).sort((a, b) => a.RuleNumber - b.RuleNumber);
  for (const e of entries) {
    if (entryMatches(e, remote, flow)) {
      return { networkAclId: acl.NetworkAclId, allowed: e.RuleAction === 'allow', ruleNumber: e.RuleNumber, implicit: false };
    }
  }
  return { networkAclId: acl.NetworkAclId, allowed: false, ruleNumber: remote.family === 4 ? 32767 : 32768, implicit: true };
}
