/**
 * Every network ACL's packed entries, per direction, replaced whole when the ACL changes (an ACL has ≤ 40 entries
 * per direction, aws-semantics.md §6.15, so a repack is cheap).
 */
import type { NetworkAcl } from '../../core/model/network-acl.ts';
import { packNetworkAclEntries } from './nacl-entries.ts';

export interface PackedNetworkAcl {
  readonly inbound: Int32Array;
  readonly outbound: Int32Array;
}

export class NetworkAclTable {
  private readonly byId = new Map<string, PackedNetworkAcl>();

  set(acl: NetworkAcl): void {
    this.byId.set(acl.networkAclId, {
      inbound: packNetworkAclEntries(acl.entries, false),
      outbound: packNetworkAclEntries(acl.entries, true),
    });
  }

  delete(networkAclId: string): void {
    this.byId.delete(networkAclId);
  }

  get(networkAclId: string): PackedNetworkAcl | undefined {
    return this.byId.get(networkAclId);
  }
}
