/**
 * Keys that name one resource within its scope, for the look-ups EC2 makes on every create and that must not walk a
 * list: a security group's name within its VPC (case-insensitive, aws-semantics.md fact 4). The region's state keeps
 * an index by these keys (region-state.ts) and a transaction overlays its own writes on it (region-tx.ts). A group
 * can be neither renamed nor moved to another VPC, so a key never changes under a resource.
 */
import type { Resource } from './resource.ts';

/** The key of a security group named `name` in VPC `vpcId`. */
export function groupNameKey(vpcId: string, name: string): string {
  return `security-group\n${vpcId}\n${name.toLowerCase()}`;
}

export function uniqueKeyOf(r: Resource): string | undefined {
  if (r.kind !== 'security-group' || r.parentId === undefined) return undefined;
  const name = (r as Resource & { readonly groupName?: unknown }).groupName;
  return typeof name === 'string' ? groupNameKey(r.parentId, name) : undefined;
}
