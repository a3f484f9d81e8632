/**
 * DeleteInternetGateway: only a detached gateway ("You must detach the internet gateway from the VPC before you can
 * delete it", M); an attached one is `DependencyViolation`. Routes that named it remain, as `blackhole`.
 */
import type { DeleteInternetGatewayRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { requireInternetGateway } from './lookup.ts';

export async function deleteInternetGateway(input: DeleteInternetGatewayRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  await ctx.write((tx) => {
    const gateway = requireInternetGateway(tx, input.InternetGatewayId);
    if (gateway.attachedVpcIds.length > 0) {
      throw ec2Error('DependencyViolation', `The internetGateway '${gateway.id}' has dependencies and cannot be deleted.`);
    }
    tx.delete(gateway.id);
  });
  return {};
}
