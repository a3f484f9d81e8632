/**
 * The naive baseline of the rulegen runs (performance.md §3.5 "naive: objects, walk groups"): no compilation at
 * all. A lookup takes the interface object, looks each of its group ids up in a Map, and walks the group's rule
 * objects in order, testing docs/semantics.md §3 literally. Written here, independently of src/engine, so that it
 * is both the speed baseline and a second reference for the engine's verdicts.
 */
import type { NetworkInterface, PrefixList } from '../../src/core/model/network.ts';
import type { SecurityGroup, SecurityGroupRule } from '../../src/core/model/security-group.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import type { Cidr } from '../../src/core/net/cidr.ts';

function contains(c: Cidr, family: number, w0: number, w1: number, w2: number, w3: number): boolean {
  const m = c.mask;
  const w = c.words;
  return (
    c.family === family &&
    ((w0 & m[0]) >>> 0) === w[0] &&
    ((w1 & m[1]) >>> 0) === w[1] &&
    ((w2 & m[2]) >>> 0) === w[2] &&
    ((w3 & m[3]) >>> 0) === w[3]
  );
}

function ipv6Key(w0: number, w1: number, w2: number, w3: number): string {
  return `${w0 >>> 0}:${w1 >>> 0}:${w2 >>> 0}:${w3 >>> 0}`;
}

export class NaiveSecurityGroups {
  private readonly groups = new Map<string, SecurityGroup>();
  private readonly prefixLists = new Map<string, PrefixList>();
  /** Group id → private IPv4 addresses (uint32) of the interfaces carrying it. */
  private readonly members4 = new Map<string, Set<number>>();
  /** Group id → IPv6 addresses (as text keys) of the interfaces carrying it (docs/semantics.md §3, chosen). */
  private readonly members6 = new Map<string, Set<string>>();
  private readonly interfaces: readonly NetworkInterface[];

  constructor(snapshot: Snapshot) {
    for (const g of snapshot.securityGroups) this.groups.set(g.groupId, g);
    for (const p of snapshot.prefixLists) this.prefixLists.set(p.prefixListId, p);
    this.interfaces = snapshot.networkInterfaces;
    for (const eni of snapshot.networkInterfaces) {
      for (const g of eni.groupIds) {
        let v4 = this.members4.get(g);
        if (!v4) this.members4.set(g, (v4 = new Set()));
        for (const a of eni.privateIps) v4.add(a.words[0]);
        let v6 = this.members6.get(g);
        if (!v6) this.members6.set(g, (v6 = new Set()));
        for (const a of eni.ipv6Addresses) v6.add(ipv6Key(a.words[0], a.words[1], a.words[2], a.words[3]));
      }
    }
  }

  /** The first rule of interface `eni`'s groups that admits the packet, or undefined (default deny). */
  match(
    eni: number,
    egress: boolean,
    family: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    protocol: number,
    dstPort: number,
    icmpType: number,
    icmpCode: number,
  ): SecurityGroupRule | undefined {
    for (const groupId of this.interfaces[eni].groupIds) {
      const group = this.groups.get(groupId);
      if (group === undefined) continue;
      for (const rule of egress ? group.egress : group.ingress) {
        if (this.admits(rule, family, w0, w1, w2, w3, protocol, dstPort, icmpType, icmpCode)) return rule;
      }
    }
    return undefined;
  }

  /** docs/semantics.md §3 for one rule (direction aside): protocol, ports or ICMP type/code, then the peer. */
  admits(
    rule: SecurityGroupRule,
    family: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    protocol: number,
    dstPort: number,
    icmpType: number,
    icmpCode: number,
  ): boolean {
    if (rule.protocol !== -1 && rule.protocol !== protocol) return false;
    if (rule.protocol === 6 || rule.protocol === 17) {
      if (dstPort < rule.fromPort || dstPort > rule.toPort) return false;
    } else if (rule.protocol === 1 || rule.protocol === 58) {
      if (rule.fromPort !== -1 && rule.fromPort !== icmpType) return false;
      if (rule.toPort !== -1 && rule.toPort !== icmpCode) return false;
    }
    return this.peerContains(rule, family, w0, w1, w2, w3);
  }

  private peerContains(rule: SecurityGroupRule, family: number, w0: number, w1: number, w2: number, w3: number): boolean {
    const peer = rule.peer;
    switch (peer.kind) {
      case 'cidr':
        return contains(peer.cidr, family, w0, w1, w2, w3);
      case 'group':
        return family === 4
          ? (this.members4.get(peer.groupId)?.has(w0 >>> 0) ?? false)
          : (this.members6.get(peer.groupId)?.has(ipv6Key(w0, w1, w2, w3)) ?? false);
      case 'prefix-list':
        return this.prefixLists.get(peer.prefixListId)?.entries.some((e) => contains(e.cidr, family, w0, w1, w2, w3)) ?? false;
    }
  }
}
