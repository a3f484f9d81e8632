/**
 * Network ACLs: one chain per ACL and direction, entries in rule-number order, allow = `return` (the packet
 * passes this stage), deny = `drop`, and the implicit `*` entry = the final `drop` (aws-semantics.md §6). They
 * are jumped to from the subnet chains on every packet that crosses a subnet boundary, replies included,
 * because NACLs are stateless (§6.2) and conntrack never bypasses them (docs/semantics.md §5). A NACL has at
 * most 40 entries per direction, so a short linear chain (≈ 20 ns per entry, enforcement.md §5.3) is cheap.
 */
import type { NetworkAcl } from '../../core/model/network-acl.ts';
import { cidrMatch, joinMatch, naclProtocolMatch } from './match-expressions.ts';
import { names } from './nft-names.ts';
import type { NftChain } from './ruleset.ts';

export function networkAclChains(acl: NetworkAcl): NftChain[] {
  return [false, true].map((egress) => {
    const entries = acl.entries.filter((e) => e.egress === egress).sort((x, y) => x.ruleNumber - y.ruleNumber);
    const rules = entries.map((e) =>
      joinMatch(
        cidrMatch(e.cidr, egress ? 'daddr' : 'saddr'),
        naclProtocolMatch(e.protocol, e.cidr.family, e.portRange, e.icmp),
        e.action === 'allow' ? 'return' : 'drop',
        `comment "${e.ruleNumber}"`,
      ),
    );
    rules.push('drop comment "*"');
    return { name: names.naclChain(acl.networkAclId, egress), rules };
  });
}

/** The ACL that governs a subnet: its explicit association, else the VPC's default ACL (§6.8). */
export function networkAclOfSubnet(acls: Iterable<NetworkAcl>, subnetId: string, vpcId: string): NetworkAcl | undefined {
  let fallback: NetworkAcl | undefined;
  for (const a of acls) {
    if (a.associations.some((s) => s.subnetId === subnetId)) return a;
    if (!fallback && a.vpcId === vpcId && a.isDefault) fallback = a;
  }
  return fallback;
}
