/**
 * Security-group rules and network-ACL entries as one line of text, in the words the EC2 console uses
 * ("tcp 22 from 203.0.113.10/32", "all traffic to 0.0.0.0/0", "icmp echo-request").
 */
import type { NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { RulePeer, SecurityGroupRule } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { ALL_PROTOCOLS, ICMP, ICMPV6, hasPorts, isIcmp, protocolLabel } from '../../core/net/protocol.ts';

export function securityGroupRuleText(rule: SecurityGroupRule, snapshot: Snapshot): string {
  const what = trafficText(rule.protocol, hasPorts(rule.protocol) ? { from: rule.fromPort, to: rule.toPort } : undefined, isIcmp(rule.protocol) ? { type: rule.fromPort, code: rule.toPort } : undefined);
  const peer = `${rule.direction === 'ingress' ? 'from' : 'to'} ${peerText(rule.peer, snapshot)}`;
  return `${what} ${peer}${rule.description ? ` "${rule.description}"` : ''}`;
}

export function networkAclEntryText(entry: NetworkAclEntry): string {
  const what = trafficText(entry.protocol, entry.portRange, entry.icmp);
  return `${entry.action} ${what} ${entry.egress ? 'to' : 'from'} ${entry.cidr.text}`;
}

export function peerText(peer: RulePeer, snapshot: Snapshot): string {
  switch (peer.kind) {
    case 'cidr':
      return peer.cidr.text;
    case 'group': {
      const name = snapshot.securityGroups.find((g) => g.groupId === peer.groupId)?.groupName;
      return name ? `${peer.groupId} (${name})` : peer.groupId;
    }
    case 'prefix-list': {
      const name = snapshot.prefixLists.find((l) => l.prefixListId === peer.prefixListId)?.prefixListName;
      return name && name !== peer.prefixListId ? `${peer.prefixListId} (${name})` : peer.prefixListId;
    }
  }
}

function trafficText(protocol: number, ports: { from: number; to: number } | undefined, icmp: { type: number; code: number } | undefined): string {
  if (protocol === ALL_PROTOCOLS) return 'all traffic';
  const name = protocolLabel(protocol);
  if (ports) return ports.from === 0 && ports.to === 65535 ? `${name} all ports` : `${name} ${portRangeText(ports.from, ports.to)}`;
  if ((protocol === ICMP || protocol === ICMPV6) && icmp && icmp.type !== -1) {
    return `${name} type ${icmp.type} code ${icmp.code === -1 ? 'any' : icmp.code}`;
  }
  return name;
}

export function portRangeText(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}
