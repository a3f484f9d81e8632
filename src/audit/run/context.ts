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

export interface AuditContext {
  readonly estate: AuditEstate;
  readonly index: EstateIndex;
  readonly config: AuditConfig;
  /** Where the group's own ingress rules admit the whole internet (memoised). */
  exposuresOfGroup(group: SecurityGroup): readonly WorldExposure[];
  unresolvedRulesOf(groupId: string): readonly UnresolvedRule[];
  /** The engine-backed reachability prober, or why it is unavailable. */
  reachability(): Reachability | { readonly unavailable: string };
  groupResource(group: SecurityGroup): ResourceRef;
}

export function createContext(estate: AuditEstate, config: AuditConfig = DEFAULT_AUDIT_CONFIG): AuditContext {
  const index = indexEstate(estate.snapshot);
  const exposures = new Map<string, readonly WorldExposure[]>();
  const unresolvedByGroup = new Map<string, UnresolvedRule[]>();
  for (const u of estate.unresolvedRules) unresolvedByGroup.set(u.groupId, [...(unresolvedByGroup.get(u.groupId) ?? []), u]);
  let reachability: Reachability | { readonly unavailable: string } | undefined;
  return {
    estate,
    index,
    config,
    exposuresOfGroup(group) {
      let e = exposures.get(group.groupId);
      if (!e) {
        e = worldExposures(group.ingress, index.prefixLists, unresolvedByGroup.get(group.groupId) ?? []);
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
