/**
 * The EC2 Query pipeline over a control plane and its store, wired as `rampart serve` runs it: access keys from the
 * store (synchronously while they are in memory), each key's account incarnation noted (a deleted and re-created
 * account must not see the old one's cached state), contexts from the control plane, every handler. The fuzzers and
 * bench/api-pipeline.bench.ts build theirs here too, so they exercise exactly what the server runs.
 */
import type { AccessKey } from '../protocol/auth/sigv4.ts';
import { QueryPipeline } from '../protocol/ec2-query/pipeline.ts';
import type { RequestContext } from '../service/context.ts';
import type { ControlPlane } from '../service/control-plane.ts';
import { HANDLERS, isReadOnlyOperation } from '../service/handlers.ts';
import { isKnownRegion } from '../service/regions/catalogue.ts';
import type { Store } from '../store/store.ts';

export interface KeyLookups {
  /** The key, read from the store if need be. */
  readonly lookupKey: (accessKeyId: string) => Promise<AccessKey | undefined>;
  /** The key if the store holds it in memory and it is current (the no-await path); undefined means "ask lookupKey". */
  readonly cachedKey: (accessKeyId: string) => AccessKey | undefined;
  /** The account a request with auth off acts for when its key is unknown: the first account. */
  readonly fallbackAccountId: () => Promise<string>;
}

/**
 * The store keeps keys in memory and notices other processes' commits (src/store/kysely/access-key-cache.ts), so
 * `rampart accounts create|delete` beside a running server takes effect at once.
 */
export function keyLookups(store: Store, plane: ControlPlane): KeyLookups {
  return {
    lookupKey: async (id) => {
      const k = await store.findAccessKey(id);
      if (k) plane.noteAccount(k.accountId, k.accountCreatedAt);
      return k && { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey, accountId: k.accountId, readOnly: k.readOnly };
    },
    cachedKey: (id) => {
      const k = store.cachedAccessKey(id);
      if (k) plane.noteAccount(k.accountId, k.accountCreatedAt);
      return k;
    },
    fallbackAccountId: async () => (await store.listAccounts())[0]?.accountId ?? '000000000000',
  };
}

export function controlPlanePipeline(o: {
  readonly plane: ControlPlane;
  readonly keys: KeyLookups;
  readonly auth: 'on' | 'off';
  readonly onInternalError: (error: unknown, requestId: string, action: string | undefined) => void;
}): QueryPipeline<RequestContext> {
  return new QueryPipeline<RequestContext>({
    auth: o.auth,
    lookupKey: o.keys.lookupKey,
    cachedKey: o.keys.cachedKey,
    fallbackAccountId: o.keys.fallbackAccountId,
    isKnownRegion,
    handlers: HANDLERS,
    isReadOnlyOperation,
    contextFor: (scope) => o.plane.context(scope),
    onInternalError: o.onInternalError,
  });
}
