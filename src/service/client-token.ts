/**
 * `ClientToken` idempotency for the Create* calls that take one (CreateNetworkAcl, CreateRouteTable; issue 5 §2):
 * a retry with the same token answers the resource the first call created instead of making a second one; the same
 * token with different parameters is `IdempotentParameterMismatch`. Tokens are scoped to the account and region.
 */
import { ec2Error } from '../core/errors/ec2-error.ts';
import type { Resource, ResourceView } from './state/resource.ts';

interface TokenHolder extends Resource {
  readonly clientToken?: string;
}

/** The resource an earlier call with `token` created, if it still exists; throws when `sameRequest` says it differs. */
export function earlierResultOf<R extends TokenHolder>(view: ResourceView, kind: R['kind'], token: string | undefined, sameRequest: (r: R) => boolean): R | undefined {
  if (token === undefined || token === '') return undefined;
  const earlier = view.list<R>(kind).find((r) => r.clientToken === token);
  if (earlier && !sameRequest(earlier)) throw ec2Error('IdempotentParameterMismatch', token);
  return earlier;
}
