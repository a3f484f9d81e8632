/**
 * Network ACLs: one chain per ACL and direction, entries in rule-number order, allow = `return` (the packet
 * passes this stage), deny = `drop`, and the implicit `*` entry = the final `drop` (aws-semantics.md §6). They
 * run in their own base chain on every packet, replies included, because NACLs are stateless (§6.2) and
 * conntrack never bypasses them (docs/semantics.md §5).
 */
import type { NetworkAcl } from '../../core/model/network-acl.ts';
import { cidrMatch, joinMatch, naclProtocolMatch } from './match-expressions.ts';
import { names } from './nft-names.ts';
import type { RulesetBuilder } from './ruleset.ts';

export function compileNetworkAclChains(b: RulesetBuilder, acl: NetworkAcl): void {
  for (const egress of [false, true]) {
    const name = names.naclChain(acl.networkAclId, egress);
    if (b.hasChain(name)) continue;
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
    b.addChain(name, rules);
  }
}

/** The ACL that governs a subnet: its explicit association, else the VPC's default ACL (§6.8). */
export function networkAclOfSubnet(acls: readonly NetworkAcl[], subnetId: string, vpcId: string): NetworkAcl | undefined {
  return acls.find((a) => a.associations.some((s) => s.subnetId === subnetId)) ?? acls.find((a) => a.vpcId === vpcId && a.isDefault);
}
