/**
 * Everything a check may read, built once per audit: the estate, its indexes, the configuration, and shared
 * analyses computed on first use (world exposure per group, reachability through the engine).
 */
import type { SecurityGroup } from '../../core/model/security-group.ts';
import { DEFAULT_AUDIT_CONFIG, type AuditConfig } from '../config/audit-config.ts';
import type { AuditEstate, UnresolvedRule } from '../model/estate.ts';
import type { ResourceRef } from '../model/finding.ts';
import { indexEstate, type EstateIndex } from '../analysis/estate-index.ts';
import { Reachability } from '../analysis/reachability.ts';
import { worldExposures, type WorldExposure } from '../analysis/world-exposure.ts';
import { PeerResolver } from '../analysis/rule-peers.ts';

export interface AuditContext {
  readonly estate: AuditEstate;
  readonly index: EstateIndex;
  readonly config: AuditConfig;
  /** Peer → addresses, resolved once per distinct peer. */
  readonly peers: PeerResolver;
  /** Where the group's own ingress rules admit the whole internet (memoised). */
  exposuresOfGroup(group: SecurityGroup): readonly WorldExposure[];
  unresolvedRulesOf(groupId: string): readonly UnresolvedRule[];
  /** The engine-backed reachability prober, or why it is unavailable. */
  reachability(): Reachability | { readonly unavailable: string };
  groupResource(group: SecurityGroup): ResourceRef;
}

const NO_UNRESOLVED: readonly UnresolvedRule[] = [];

export function createContext(estate: AuditEstate, config: AuditConfig = DEFAULT_AUDIT_CONFIG): AuditContext {
  const index = indexEstate(estate.snapshot);
  const peers = new PeerResolver(index.prefixLists);
  const exposures = new Map<string, readonly WorldExposure[]>();
  const unresolvedByGroup = new Map<string, UnresolvedRule[]>();
  for (const u of estate.unresolvedRules) {
    const list = unresolvedByGroup.get(u.groupId);
    if (list) list.push(u);
    else unresolvedByGroup.set(u.groupId, [u]);
  }
  let reachability: Reachability | { readonly unavailable: string } | undefined;
  return {
    estate,
    index,
    config,
    peers,
    exposuresOfGroup(group) {
      let e = exposures.get(group.groupId);
      if (!e) {
        e = worldExposures(group.ingress, peers, unresolvedByGroup.get(group.groupId) ?? NO_UNRESOLVED);
        exposures.set(group.groupId, e);
      }
      return e;
    },
    unresolvedRulesOf: (groupId) => unresolvedByGroup.get(groupId) ?? [],
    reachability() {
      reachability ??= Reachability.create(estate.snapshot, index);
      return reachability;
    },
    groupResource: (g) => ({ kind: 'security-group', id: g.groupId, name: g.groupName, vpcId: g.vpcId, ownerId: g.ownerId || undefined }),
  };
}
