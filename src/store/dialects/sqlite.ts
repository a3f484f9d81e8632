/**
 * SQLite through better-sqlite3: one file, WAL journal, foreign keys on.
 *
 * Durability (issue 5 §6, "an acknowledged write survives kill -9"): in WAL mode a commit is complete once its frames
 * are written to the -wal file with write(2), before Rampart answers. A killed process loses nothing the kernel
 * already has, so `synchronous = NORMAL` already survives kill -9; it skips the fsync per commit, which only matters
 * if the whole machine loses power (then the last commits may be lost, never corrupted). `FULL` adds that fsync for
 * people who need power-loss durability: `rampart serve --synchronous full`.
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../kysely/schema.ts';
import type { OpenDatabase } from './dialect.ts';
import { withStatementCache } from './sqlite-statement-cache.ts';

export type SqliteSynchronous = 'normal' | 'full';

export function openSqlite(file: string, options: { synchronous?: SqliteSynchronous } = {}): OpenDatabase {
  // Writers from other processes (`rampart accounts create` beside a running server) wait up to 5 s for the lock.
  const sqlite = new SQLite(file, { timeout: 5000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // SQLite bumps data_version for this connection whenever another connection commits (the connection's own commits
  // leave it alone): one read of the WAL index, no I/O.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  return {
    db,
    supportsTransactionalDdl: false,
    externalChangeToken: () => Number(dataVersion.get()),
    // One server per data directory; `rampart accounts` beside it touches only accounts and keys.
    sharedByServers: false,
    close: async () => {
      await db.destroy();
    },
  };
}
