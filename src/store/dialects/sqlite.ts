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

export type SqliteSynchronous = 'normal' | 'full';

export function openSqlite(file: string, options: { synchronous?: SqliteSynchronous } = {}): OpenDatabase {
  // Writers from other processes (`rampart accounts create` beside a running server) wait up to 5 s for the lock.
  const sqlite = new SQLite(file, { timeout: 5000 });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    supportsTransactionalDdl: false,
    close: async () => {
      await db.destroy();
    },
  };
}
