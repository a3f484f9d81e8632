/**
 * Brings a database to the latest schema with Kysely's Migrator. On dialects whose adapter cannot roll back DDL
 * (SQLite) each migration runs inside BEGIN/COMMIT so a failure halfway leaves nothing behind (stack.md, "wrapTx").
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { OpenDatabase } from '../dialects/dialect.ts';
import { MIGRATIONS } from './migrations/index.ts';

function wrapInTransaction(m: Migration): Migration {
  return {
    ...m,
    up: async (db: Kysely<unknown>) => {
      await sql`begin`.execute(db);
      try {
        await m.up(db);
        await sql`commit`.execute(db);
      } catch (e) {
        await sql`rollback`.execute(db);
        throw e;
      }
    },
  };
}

export async function migrateToLatest(open: OpenDatabase): Promise<void> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      open.supportsTransactionalDdl
        ? MIGRATIONS
        : Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, wrapInTransaction(m)])),
  };
  const { error, results } = await new Migrator({ db: open.db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const why = error instanceof Error ? error.message : String(error);
    // No failed step means the migrator never got to run one: usually the database cannot be reached at all.
    throw new Error(failed ? `database migration ${failed} failed: ${why}` : `cannot migrate the database: ${why}`);
  }
}
