/**
 * The rules of one group and direction, each identity once: the same peer twice with the same protocol and ports
 * is one rule (EC2 would have refused the duplicate). The core reader keys rules by their synthetic id; this keeps
 * the same identity — protocol, ports, and the peer's key (canonical CIDR text, group id without the account,
 * prefix-list id) — without hashing: short lists are scanned, long ones get a key set.
 */
import type { Direction, RulePeer, SecurityGroupRule } from '../../../core/model/security-group.ts';
import type { PermissionPorts } from '../../../core/rules/permission.ts';
import { peerKey } from '../../../core/describe/synthetic-rule-id.ts';
import { LazyIdRule } from './lazy-id-rule.ts';

/** Beyond this many rules a scan per added rule costs more than building keys. */
const SCAN_LIMIT = 32;

export class UniqueRules {
  readonly rules: LazyIdRule[] = [];
  private keys: Set<string> | undefined;

  constructor(
    private readonly groupId: string,
    private readonly direction: Direction,
  ) {}

  add(ports: PermissionPorts, peer: RulePeer, description: string | undefined): void {
    if (this.has(ports, peer)) return;
    this.keys?.add(identityKey(ports, peer));
    this.rules.push(new LazyIdRule(this.groupId, this.direction, ports.protocol, ports.fromPort, ports.toPort, peer, description));
    if (!this.keys && this.rules.length > SCAN_LIMIT) this.keys = new Set(this.rules.map((r) => identityKey(r, r.peer)));
  }

  private has(ports: PermissionPorts, peer: RulePeer): boolean {
    if (this.keys) return this.keys.has(identityKey(ports, peer));
    for (const r of this.rules) if (sameIdentity(r, ports, peer)) return true;
    return false;
  }
}

function identityKey(ports: PermissionPorts, peer: RulePeer): string {
  return `${ports.protocol}|${ports.fromPort}|${ports.toPort}|${peerKey(peer)}`;
}

function sameIdentity(rule: SecurityGroupRule, ports: PermissionPorts, peer: RulePeer): boolean {
  if (rule.protocol !== ports.protocol || rule.fromPort !== ports.fromPort || rule.toPort !== ports.toPort) return false;
  const other = rule.peer;
  switch (peer.kind) {
    case 'cidr':
      return other.kind === 'cidr' && other.cidr.text === peer.cidr.text;
    case 'group':
      return other.kind === 'group' && other.groupId === peer.groupId;
    case 'prefix-list':
      return other.kind === 'prefix-list' && other.prefixListId === peer.prefixListId;
  }
}
