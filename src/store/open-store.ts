/** Opens the control plane's store in a data directory: DATA/rampart.db (SQLite). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite, type SqliteSynchronous } from './dialects/sqlite.ts';
import { KyselyStore } from './kysely/kysely-store.ts';
import type { Store } from './store.ts';

export const DATABASE_FILE = 'rampart.db';

export async function openStore(dataDir: string, options: { synchronous?: SqliteSynchronous } = {}): Promise<Store> {
  mkdirSync(dataDir, { recursive: true });
  return KyselyStore.create(openSqlite(join(dataDir, DATABASE_FILE), options));
}
