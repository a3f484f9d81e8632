/**
 * The composition root of `rampart serve`: opens the store (SQLite in the data directory, or PostgreSQL), makes sure an
 * account exists (and writes DATA/credentials for it), wires the control plane to the EC2 Query pipeline and the JSON
 * API, and listens.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Quotas } from '../core/quotas.ts';
import { QueryPipeline } from '../protocol/ec2-query/pipeline.ts';
import { RampartApi } from '../protocol/json/rampart-api.ts';
import { createAccount } from '../service/accounts/account-registry.ts';
import { ControlPlane } from '../service/control-plane.ts';
import { decideFromRequest } from '../service/decide/decide.ts';
import { isKnownRegion } from '../service/regions/catalogue.ts';
import type { SqliteSynchronous } from '../store/dialects/sqlite.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { hasCredentialsFile, writeConfigFile, writeCredentialsFile } from './credential-files.ts';
import { controlPlanePipeline, keyLookups } from './query-pipeline.ts';
import { buildHttpApp } from './http-app.ts';
import { sourceKey } from '../enforce/agent/region-feed.ts';
import { registerEnforcementRoutes } from './enforcement/enforcement-routes.ts';
import { RevisionWatch } from './enforcement/revision-watch.ts';
import { ServerEnforcement } from './enforcement/server-enforcement.ts';

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** A `postgres://` URL: state in that database instead of DATA/rampart.db (DATA still holds credentials, config). */
  readonly storeUrl?: string;
  readonly auth: 'on' | 'off';
  readonly allowReset: boolean;
  /** `serve --enforce`: untagged instances enforced in a live namespace lab with this name prefix (root on Linux). */
  readonly enforce?: { readonly prefix?: string };
  readonly quotas: Quotas;
  readonly synchronous: SqliteSynchronous;
  readonly log: (line: string) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** True when this start created the first account (and DATA/credentials). */
  readonly createdAccount: boolean;
  close(): Promise<void>;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function ensureFirstAccount(store: Store, dataDir: string): Promise<boolean> {
  if ((await store.listAccounts()).length > 0) return false;
  const { key } = await createAccount(store);
  if (!hasCredentialsFile(dataDir)) writeCredentialsFile(dataDir, key);
  return true;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const store = await openStore(options.dataDir, { url: options.storeUrl, synchronous: options.synchronous, log: options.log });
  const createdAccount = await ensureFirstAccount(store, options.dataDir);
  const watchers = new RevisionWatch(store.sharedByServers);
  let enforcement: ServerEnforcement | undefined;
  const plane = new ControlPlane({
    store,
    quotas: options.quotas,
    onCommit: (accountId, region) => {
      watchers.notify(sourceKey(accountId, region));
      enforcement?.follow(accountId, region);
    },
    onEngineError: (e) => options.log(`engine update failed, rebuilding on next decision: ${e instanceof Error ? e.message : String(e)}`),
  });

  const keys = keyLookups(store, plane);
  const logInternal = (e: unknown, requestId?: string, action?: string): void =>
    options.log(`internal error${requestId ? ` (request ${requestId}${action ? `, ${action}` : ''})` : ''}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const pipeline = controlPlanePipeline({ plane, keys, auth: options.auth, onInternalError: logInternal });
  const api = new RampartApi({
    auth: options.auth,
    allowReset: options.allowReset,
    lookupKey: keys.lookupKey,
    fallbackAccountId: keys.fallbackAccountId,
    isKnownRegion,
    version: packageVersion(),
    reset: async () => {
      await plane.reset();
      watchers.notifyAll();
    },
    decide: (accountId, region, body) => decideFromRequest(plane, accountId, region, body),
    onInternalError: (e) => logInternal(e),
  });
  const app = buildHttpApp(pipeline as QueryPipeline<unknown>, api);
  registerEnforcementRoutes(app, { api, plane, store, watchers, enforcement: () => enforcement });
  try {
    if (options.enforce) enforcement = await ServerEnforcement.start({ plane, store, watchers, prefix: options.enforce.prefix, log: options.log });
    await app.listen({ host: options.host, port: options.port });
  } catch (e) {
    await enforcement?.shutdown();
    await store.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  const url = `http://${hostForUrl}:${port}`;
  writeConfigFile(options.dataDir, url);
  return {
    url,
    port,
    createdAccount,
    close: async () => {
      // Long polls first (they would hold the listener open), then the lab, while the store can still answer it.
      watchers.close();
      await enforcement?.shutdown();
      await app.close();
      await store.close();
    },
  };
}
