/**
 * Opens the control plane's store: DATA/rampart.db (SQLite) by default, or the PostgreSQL database named by a
 * `postgres://` URL (`rampart serve --store URL`, env RAMPART_STORE).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgres } from './dialects/postgres.ts';
import { openSqlite, type SqliteSynchronous } from './dialects/sqlite.ts';
import { KyselyStore } from './kysely/kysely-store.ts';
import type { Store } from './store.ts';
import { storeUrlProblem } from './store-url.ts';

export const DATABASE_FILE = 'rampart.db';

export interface StoreOptions {
  /** A `postgres://user@host:port/db` URL: use PostgreSQL instead of DATA/rampart.db. */
  readonly url?: string;
  /** SQLite only (sqlite.ts). */
  readonly synchronous?: SqliteSynchronous;
  /** Where the PostgreSQL pool reports lost connections. */
  readonly log?: (line: string) => void;
}

export async function openStore(dataDir: string, options: StoreOptions = {}): Promise<Store> {
  if (options.url !== undefined && options.url !== '') {
    const problem = storeUrlProblem(options.url);
    if (problem) throw new Error(problem);
    const open = openPostgres(options.url, { log: options.log });
    try {
      return await KyselyStore.create(open);
    } catch (e) {
      await open.close();
      throw e;
    }
  }
  mkdirSync(dataDir, { recursive: true });
  return KyselyStore.create(openSqlite(join(dataDir, DATABASE_FILE), options));
}
