/**
 * One revision number per account+region, bumped in the same transaction as every commit to that region. Servers that
 * share one database (PostgreSQL) compare it with the revision their memory holds: a mismatch means another process
 * committed, so they reload before serving (docs/api.md "Storage"). A missing row means revision 0. Rows are never
 * deleted (a reset or an account deletion bumps them), so a revision never repeats for a region.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('region_revisions')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('region_revisions_pk', ['account_id', 'region'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('region_revisions').execute();
}
