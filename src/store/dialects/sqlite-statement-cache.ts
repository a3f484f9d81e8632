/**
 * better-sqlite3 behind Kysely with each SQL text prepared once. Kysely's SQLite driver calls `prepare(sql)` for every
 * query it runs; preparing cost more than running the statement (a tenth of the server's CPU time under
 * bench/api.bench.ts). A prepared statement can be run again with new parameters, so statements are kept per SQL text.
 *
 * Safe because Kysely runs one statement at a time on the single connection and never leaves one mid-iteration
 * (streamed queries are not used by the store); SQLite re-prepares a kept statement itself after a schema change.
 */
import type { Database as BetterSqlite, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Enough for every statement the store and its migrations issue; a runaway caller only costs re-preparation. */
const MAX_STATEMENTS = 500;

export function withStatementCache(sqlite: BetterSqlite): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let stmt = statements.get(sql);
      if (!stmt) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        stmt = sqlite.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    },
  };
}
