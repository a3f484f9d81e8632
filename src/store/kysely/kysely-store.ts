/**
 * The Store (src/store/store.ts) over Kysely: the same queries for every dialect. Change sets are applied inside one
 * Kysely transaction, so a failed commit leaves the database as it was.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AccessKeyRow, AccountRow, ChangeSet, ResourceRow, Store } from '../store.ts';
import type { OpenDatabase } from '../dialects/dialect.ts';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrate.ts';

const toAccessKey = (r: Database['access_keys']): AccessKeyRow => ({
  accessKeyId: r.access_key_id,
  secretAccessKey: r.secret_access_key,
  accountId: r.account_id,
  readOnly: Number(r.read_only) === 1,
  createdAt: r.created_at,
});

export class KyselyStore implements Store {
  private readonly db: Kysely<Database>;

  private constructor(private readonly open: OpenDatabase) {
    this.db = open.db;
  }

  /** Opens the store and migrates it to the latest schema. */
  static async create(open: OpenDatabase): Promise<KyselyStore> {
    await migrateToLatest(open);
    return new KyselyStore(open);
  }

  async createAccount(account: AccountRow, keys: readonly AccessKeyRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({ account_id: account.accountId, created_at: account.createdAt }).execute();
      for (const k of keys) await insertKey(trx, k);
    });
  }

  async deleteAccount(accountId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('resources').where('account_id', '=', accountId).execute();
      await trx.deleteFrom('access_keys').where('account_id', '=', accountId).execute();
      const r = await trx.deleteFrom('accounts').where('account_id', '=', accountId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  async listAccounts(): Promise<AccountRow[]> {
    const rows = await this.db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('account_id').execute();
    return rows.map((r) => ({ accountId: r.account_id, createdAt: r.created_at }));
  }

  async createAccessKey(key: AccessKeyRow): Promise<void> {
    await insertKey(this.db, key);
  }

  async listAccessKeys(accountId?: string): Promise<AccessKeyRow[]> {
    let q = this.db.selectFrom('access_keys').selectAll();
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    return (await q.orderBy('created_at').orderBy('access_key_id').execute()).map(toAccessKey);
  }

  async findAccessKey(accessKeyId: string): Promise<AccessKeyRow | undefined> {
    const r = await this.db
      .selectFrom('access_keys')
      .innerJoin('accounts', 'accounts.account_id', 'access_keys.account_id')
      .selectAll('access_keys')
      .select('accounts.created_at as account_created_at')
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return r ? { ...toAccessKey(r), accountCreatedAt: r.account_created_at } : undefined;
  }

  async loadRegion(accountId: string, region: string): Promise<ResourceRow[]> {
    const rows = await this.db
      .selectFrom('resources')
      .select(['kind', 'id', 'parent_id', 'body'])
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ kind: r.kind, id: r.id, parentId: r.parent_id, body: r.body }));
  }

  async commit(accountId: string, region: string, changes: ChangeSet): Promise<void> {
    if (changes.puts.length === 0 && changes.deletes.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      if (changes.deletes.length > 0) {
        await trx
          .deleteFrom('resources')
          .where('account_id', '=', accountId)
          .where('region', '=', region)
          .where('id', 'in', changes.deletes)
          .execute();
      }
      if (changes.puts.length === 0) return;
      const max = await trx
        .selectFrom('resources')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('account_id', '=', accountId)
        .where('region', '=', region)
        .executeTakeFirst();
      let seq = Number(max?.seq ?? 0);
      for (const p of changes.puts) {
        seq += 1;
        await trx
          .insertInto('resources')
          .values({ account_id: accountId, region, id: p.id, kind: p.kind, parent_id: p.parentId, body: p.body, seq })
          .onConflict((oc) => oc.columns(['account_id', 'region', 'id']).doUpdateSet({ kind: p.kind, parent_id: p.parentId, body: p.body }))
          .execute();
      }
    });
  }

  async deleteAllResources(): Promise<void> {
    await this.db.deleteFrom('resources').execute();
  }

  async close(): Promise<void> {
    await this.open.close();
  }
}

async function insertKey(db: Kysely<Database> | Transaction<Database>, k: AccessKeyRow): Promise<void> {
  await db
    .insertInto('access_keys')
    .values({
      access_key_id: k.accessKeyId,
      secret_access_key: k.secretAccessKey,
      account_id: k.accountId,
      read_only: k.readOnly ? 1 : 0,
      created_at: k.createdAt,
    })
    .execute();
}
