/**
 * PostgreSQL through a `pg.Pool`, for deployments where several `rampart serve` processes share one database
 * (docs/api.md "Storage"). The same Kysely store and migrations as SQLite run on it; Kysely's Migrator takes an
 * advisory lock, so servers starting together migrate once.
 *
 * Durability: a commit is acknowledged only after PostgreSQL committed it (synchronous_commit as the server is
 * configured, `on` by default), so killing Rampart loses nothing it answered.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../kysely/schema.ts';
import type { OpenDatabase } from './dialect.ts';

const INT8_OID = 20;

export function openPostgres(url: string, options: { log?: (line: string) => void } = {}): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'rampart',
    max: 10,
    connectionTimeoutMillis: 10_000,
    // int8 (bigint: `seq`, `revision`) comes back as a string by default; every value we keep fits a JS number.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // An idle connection that the database drops (restart, network) emits 'error' on the pool; unhandled, that would
  // end the process. The pool replaces the connection; the next query reports a real failure if there is one.
  pool.on('error', (e) => options.log?.(`postgresql connection lost: ${e.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    supportsTransactionalDdl: true,
    sharedByServers: true,
    close: async () => {
      await db.destroy();
    },
  };
}
