/**
 * Shared wording and look-ups for the NACL checks (NACL-001…006, RCH-003).
 */
import type { NetworkAcl, NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { ResourceRef } from '../model/finding.ts';
import { protocolLabel, TCP, UDP } from '../../core/net/protocol.ts';
import { entryMatches, type PacketKind } from '../analysis/nacl-evaluation.ts';

export function naclResource(acl: NetworkAcl): ResourceRef {
  return { kind: 'network-acl', id: acl.networkAclId, vpcId: acl.vpcId, ownerId: acl.ownerId, ...(acl.isDefault ? { name: 'default' } : {}) };
}

export function entryText(e: NetworkAclEntry): string {
  const traffic =
    e.protocol === -1
      ? 'all traffic'
      : (e.protocol === TCP || e.protocol === UDP) && e.portRange
        ? `${protocolLabel(e.protocol)} ${e.portRange.from === e.portRange.to ? e.portRange.from : `${e.portRange.from}-${e.portRange.to}`}`
        : protocolLabel(e.protocol);
  return `rule ${e.ruleNumber} (${e.action} ${traffic} ${e.egress ? 'to' : 'from'} ${e.cidr.text})`;
}

/** The lowest-numbered allow entry that matches the packet: where a deny must go before. */
export function firstAllowing(entries: readonly NetworkAclEntry[], packet: PacketKind): NetworkAclEntry | undefined {
  return entries.find((e) => e.action === 'allow' && entryMatches(e, packet));
}
