/** What creating resources needs from the request: the owner and fresh ids. A RequestContext is one. */
import type { IdPrefix } from '../core/ids.ts';

export interface IdSource {
  readonly accountId: string;
  newId(prefix: IdPrefix): string;
}
