/**
 * DeleteManagedPrefixList (aws-semantics.md §3.19): "You must first remove all references to the prefix list in your
 * resources" — a list a security-group rule references fails with DependencyViolation (code UNCONFIRMED; EC2's
 * general code for a resource still in use). The answer shows `delete-in-progress` (CLI-EX).
 */
import type { DeleteManagedPrefixListRequest, DeleteManagedPrefixListResult } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { requirePrefixList } from './lookup.ts';
import { groupsReferencing } from './modify-managed-prefix-list.ts';
import { prefixListToWire } from './to-wire.ts';

export async function deleteManagedPrefixList(input: DeleteManagedPrefixListRequest, ctx: RequestContext): Promise<DeleteManagedPrefixListResult> {
  const list = await ctx.write((tx) => {
    const l = requirePrefixList(tx, input.PrefixListId);
    const holders = groupsReferencing(tx, l.id);
    if (holders.length > 0) {
      throw ec2Error('DependencyViolation', `The prefix list '${l.id}' is referenced by ${holders.map((g) => g.id).join(', ')} and cannot be deleted.`);
    }
    tx.delete(l.id);
    return l;
  });
  return { PrefixList: prefixListToWire(list, ctx.accountId, ctx.region, 'delete-in-progress') };
}
