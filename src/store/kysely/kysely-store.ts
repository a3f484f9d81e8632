/**
 * The Store (src/store/store.ts) over Kysely: the same queries for every dialect. Change sets are applied inside one
 * Kysely transaction, so a failed commit leaves the database as it was.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AccessKeyRow, AccountRow, ChangeSet, LockedRegion, ResourceRow, Store } from '../store.ts';
import type { OpenDatabase } from '../dialects/dialect.ts';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrate.ts';
import { AccessKeyCache } from './access-key-cache.ts';
import { compileStoreStatements, type StoreStatements } from './store-statements.ts';

const toAccessKey = (r: Database['access_keys']): AccessKeyRow => ({
  accessKeyId: r.access_key_id,
  secretAccessKey: r.secret_access_key,
  accountId: r.account_id,
  readOnly: Number(r.read_only) === 1,
  createdAt: r.created_at,
});

export class KyselyStore implements Store {
  private readonly db: Kysely<Database>;
  readonly sharedByServers: boolean;
  private readonly keys: AccessKeyCache;
  /** The per-request statements, compiled once (store-statements.ts). */
  private readonly statements: StoreStatements;

  private constructor(private readonly open: OpenDatabase) {
    this.db = open.db;
    this.keys = new AccessKeyCache(open.externalChangeToken);
    this.statements = compileStoreStatements(open.db);
    this.sharedByServers = open.sharedByServers;
  }

  /** Opens the store and migrates it to the latest schema. */
  static async create(open: OpenDatabase): Promise<KyselyStore> {
    await migrateToLatest(open);
    return new KyselyStore(open);
  }

  async createAccount(account: AccountRow, keys: readonly AccessKeyRow[]): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('accounts').values({ account_id: account.accountId, created_at: account.createdAt }).execute();
        for (const k of keys) await insertKey(trx, k);
      });
    } finally {
      this.keys.clear();
    }
  }

  async deleteAccount(accountId: string): Promise<boolean> {
    try {
      return await this.deleteAccountRows(accountId);
    } finally {
      this.keys.clear();
    }
  }

  private deleteAccountRows(accountId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('resources').where('account_id', '=', accountId).execute();
      await bumpRevisions(trx, accountId);
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
    try {
      await insertKey(this.db, key);
    } finally {
      this.keys.clear();
    }
  }

  async listAccessKeys(accountId?: string): Promise<AccessKeyRow[]> {
    let q = this.db.selectFrom('access_keys').selectAll();
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    return (await q.orderBy('created_at').orderBy('access_key_id').execute()).map(toAccessKey);
  }

  cachedAccessKey(accessKeyId: string): AccessKeyRow | undefined {
    return this.keys.peek(accessKeyId);
  }

  findAccessKey(accessKeyId: string): Promise<AccessKeyRow | undefined> {
    return this.keys.find(accessKeyId, () => this.readAccessKey(accessKeyId));
  }

  private async readAccessKey(accessKeyId: string): Promise<AccessKeyRow | undefined> {
    const [r] = (await this.statements.findAccessKey.run(this.db, { accessKeyId })).rows;
    return r ? { ...toAccessKey(r), accountCreatedAt: r.account_created_at } : undefined;
  }

  async loadRegion(accountId: string, region: string): Promise<ResourceRow[]> {
    return readRegion(this.db, accountId, region);
  }

  async regionRevision(accountId: string, region: string): Promise<number> {
    const [r] = (await this.statements.regionRevision.run(this.db, { accountId, region })).rows;
    return Number(r?.revision ?? 0);
  }

  async commit(accountId: string, region: string, changes: ChangeSet): Promise<number> {
    if (changes.puts.length === 0 && changes.deletes.length === 0) return this.regionRevision(accountId, region);
    return this.commitLocked(accountId, region, () => Promise.resolve(changes));
  }

  async commitLocked(accountId: string, region: string, decide: (locked: LockedRegion) => Promise<ChangeSet>): Promise<number> {
    const sql = this.statements;
    const where = { accountId, region };
    try {
      return await this.db.transaction().execute(async (trx) => {
        // First statement of the transaction: it takes the revision row's lock (PostgreSQL) or the write lock (SQLite),
        // so commits to one region serialise here and `decide` sees the state no other commit can change under it.
        const revision = Number((await sql.bumpRevision.run(trx, where)).rows[0]!.revision);
        const changes = await decide({ revision: revision - 1, loadRegion: () => readRegion(trx, accountId, region) });
        if (changes.puts.length === 0 && changes.deletes.length === 0) throw new NothingToCommit(revision - 1);
        // One statement per id rather than `id in (…)`: a fixed statement is compiled once; change sets are small.
        for (const id of changes.deletes) await sql.deleteResource.run(trx, { ...where, id });
        if (changes.puts.length === 0) return revision;
        let seq = Number((await sql.maxSeq.run(trx, where)).rows[0]?.seq ?? 0);
        for (const p of changes.puts) {
          seq += 1;
          await sql.putResource.run(trx, { ...where, id: p.id, kind: p.kind, parentId: p.parentId, body: p.body, seq });
        }
        return revision;
      });
    } catch (e) {
      // Rolled back on purpose: the revision bump is undone, and nothing else was written.
      if (e instanceof NothingToCommit) return e.revision;
      throw e;
    }
  }

  async deleteAllResources(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('resources').execute();
      await bumpRevisions(trx);
    });
  }

  settled(): Promise<void> {
    return this.keys.settled();
  }

  async close(): Promise<void> {
    // A key changed here must be visible to a running server before whoever changed it carries on (access-key-cache.ts).
    await this.keys.settled();
    await this.open.close();
  }
}

/** Thrown inside a commit's transaction to roll it back when there is nothing to write. */
class NothingToCommit extends Error {
  constructor(readonly revision: number) {
    super('nothing to commit');
  }
}

async function readRegion(db: Kysely<Database>, accountId: string, region: string): Promise<ResourceRow[]> {
  const rows = await db
    .selectFrom('resources')
    .select(['kind', 'id', 'parent_id', 'body'])
    .where('account_id', '=', accountId)
    .where('region', '=', region)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ kind: r.kind, id: r.id, parentId: r.parent_id, body: r.body }));
}

/** Bumps every region of one account (or of all accounts): servers holding them in memory reload. */
async function bumpRevisions(trx: Transaction<Database>, accountId?: string): Promise<void> {
  let q = trx.updateTable('region_revisions').set((eb) => ({ revision: eb('revision', '+', 1) }));
  if (accountId !== undefined) q = q.where('account_id', '=', accountId);
  await q.execute();
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
