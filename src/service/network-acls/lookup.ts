/** Finding network ACLs and their subnet associations named in a request, with EC2's Malformed / NotFound codes (§2). */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import type { NetworkAclAssociationRecord, NetworkAclRecord } from './records.ts';

export function requireNetworkAcl(view: ResourceView, networkAclId: string): NetworkAclRecord {
  requireWellFormedId('acl', networkAclId);
  const acl = view.getOf<NetworkAclRecord>('network-acl', networkAclId);
  if (!acl) throw ec2Error('InvalidNetworkAclID.NotFound', networkAclId);
  return acl;
}

/**
 * The ACL holding association `associationId` (an `aclassoc-` id from DescribeNetworkAcls). A malformed id is simply
 * not found: ERR lists no Malformed code for association ids (UNCONFIRMED).
 */
export function requireAclAssociation(view: ResourceView, associationId: string): { acl: NetworkAclRecord; association: NetworkAclAssociationRecord } {
  for (const acl of view.list<NetworkAclRecord>('network-acl')) {
    const association = acl.associations.find((a) => a.associationId === associationId);
    if (association) return { acl, association };
  }
  throw ec2Error('InvalidAssociationID.NotFound', associationId);
}
