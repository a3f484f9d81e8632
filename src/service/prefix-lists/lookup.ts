/** Finding the prefix list a request names: `InvalidPrefixListId.Malformed`, `InvalidPrefixListID.NotFound` (§2). */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import type { PrefixListRecord } from './records.ts';

export function requirePrefixList(view: ResourceView, prefixListId: string): PrefixListRecord {
  requireWellFormedId('pl', prefixListId);
  const list = view.getOf<PrefixListRecord>('prefix-list', prefixListId);
  if (!list) throw ec2Error('InvalidPrefixListID.NotFound', prefixListId);
  return list;
}
