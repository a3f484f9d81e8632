/**
 * Fingerprints identify "the same finding" across runs: the check, the resource and the normalised evidence
 * (protocol, ports, peers), never rule ids or line numbers, which change when a template is edited or a snapshot
 * is re-captured. Used for SARIF `partialFingerprints` and for baselines.
 */
import { hash } from 'node:crypto';
import type { FindingEvidence, ResourceRef } from '../model/finding.ts';

export function fingerprintOf(checkId: string, resource: ResourceRef, evidence: FindingEvidence): string {
  const e = evidence;
  const parts = [
    checkId,
    resource.kind,
    resource.id,
    e.direction ?? '',
    e.family ?? '',
    e.protocol ?? '',
    e.portFrom ?? '',
    e.portTo ?? '',
    e.icmpType ?? '',
    e.icmpCode ?? '',
    [...(e.peers ?? [])].sort().join(','),
    [...(e.groupIds ?? [])].sort().join(','),
    e.networkInterfaceId ?? '',
    [...(e.ruleNumbers ?? [])].sort((a, b) => a - b).join(','),
  ];
  // One-shot hash (Node ≥ 20.12): the same digest as createHash(), without a Hash object per finding.
  return hash('sha256', parts.join('|'), 'hex').slice(0, 32);
}
