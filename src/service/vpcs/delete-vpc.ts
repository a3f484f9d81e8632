/** DeleteVpc: only once nothing but its built-in group, ACL and main route table remains (DependencyViolation). */
import type { DeleteVpcRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { REGION_RECORD_ID, type RegionRecord } from '../regions/region-record.ts';
import { requireVpc } from './lookup.ts';
import { deleteVpcWithDefaults, vpcHasDependencies } from './vpc-lifecycle.ts';

export async function deleteVpc(input: DeleteVpcRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const vpc = requireVpc(tx, input.VpcId);
    if (vpcHasDependencies(tx, vpc.id)) {
      throw ec2Error('DependencyViolation', `The vpc '${vpc.id}' has dependencies and cannot be deleted.`);
    }
    deleteVpcWithDefaults(tx, vpc.id);
    const region = tx.getOf<RegionRecord>('region', REGION_RECORD_ID);
    if (region?.defaultVpcId === vpc.id) tx.put<RegionRecord>({ kind: 'region', id: REGION_RECORD_ID });
  });
  return {};
}
