/**
 * Finding the Elastic IP a request names. VPC addresses are addressed by allocation id; the deprecated `PublicIp`
 * parameter still finds them here (UNCONFIRMED: EC2 asks for the allocation id of a VPC address in some calls).
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { ResourceView } from '../state/resource.ts';
import type { ElasticIpRecord } from './records.ts';

export function requireElasticIp(view: ResourceView, ref: { readonly AllocationId?: string; readonly PublicIp?: string }): ElasticIpRecord {
  if (ref.AllocationId !== undefined) {
    const eip = view.getOf<ElasticIpRecord>('elastic-ip', ref.AllocationId);
    if (!eip) throw ec2Error('InvalidAllocationID.NotFound', ref.AllocationId);
    return eip;
  }
  if (ref.PublicIp !== undefined) {
    const eip = view.list<ElasticIpRecord>('elastic-ip').find((e) => e.publicIp === ref.PublicIp);
    if (!eip) throw ec2Error('InvalidAddress.NotFound', ref.PublicIp);
    return eip;
  }
  throw ec2Error('MissingParameter', 'AllocationId');
}
