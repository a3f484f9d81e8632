/**
 * The statements the store runs per request, compiled once per database (src/store/kysely/compiled-statement.ts):
 * the access-key lookup, a region's revision, and the four statements of a commit. Everything else (accounts,
 * migrations, region loads) is rare and stays with the query builder in kysely-store.ts.
 */
import type { Kysely } from 'kysely';
import { compileStatement, param, type CompiledStatement } from './compiled-statement.ts';
import type { Database } from './schema.ts';

interface RegionParams {
  readonly accountId: string;
  readonly region: string;
  readonly [name: string]: unknown;
}

export type AccessKeyWithAccount = Database['access_keys'] & { readonly account_created_at: string };

export interface StoreStatements {
  readonly findAccessKey: CompiledStatement<{ accessKeyId: string }, AccessKeyWithAccount>;
  readonly regionRevision: CompiledStatement<RegionParams, { revision: number }>;
  /** Bumps (or starts at 1) one region's revision, answering the new value. */
  readonly bumpRevision: CompiledStatement<RegionParams, { revision: number }>;
  readonly deleteResource: CompiledStatement<RegionParams & { id: string }, unknown>;
  readonly maxSeq: CompiledStatement<RegionParams, { seq: number | null }>;
  /** Inserts a resource at `seq`, or replaces its kind, parent and body and keeps its place. */
  readonly putResource: CompiledStatement<RegionParams & { id: string; kind: string; parentId: string | null; body: string; seq: number }, unknown>;
}

export function compileStoreStatements(db: Kysely<Database>): StoreStatements {
  const accountId = param('accountId');
  const region = param('region');
  return {
    findAccessKey: compileStatement(
      db
        .selectFrom('access_keys')
        .innerJoin('accounts', 'accounts.account_id', 'access_keys.account_id')
        .selectAll('access_keys')
        .select('accounts.created_at as account_created_at')
        .where('access_key_id', '=', param('accessKeyId')),
    ),
    regionRevision: compileStatement(
      db.selectFrom('region_revisions').select('revision').where('account_id', '=', accountId).where('region', '=', region),
    ),
    bumpRevision: compileStatement(
      db
        .insertInto('region_revisions')
        .values({ account_id: accountId, region, revision: 1 })
        .onConflict((oc) => oc.columns(['account_id', 'region']).doUpdateSet((eb) => ({ revision: eb('region_revisions.revision', '+', 1) })))
        .returning('revision'),
    ),
    deleteResource: compileStatement(
      db.deleteFrom('resources').where('account_id', '=', accountId).where('region', '=', region).where('id', '=', param('id')),
    ),
    maxSeq: compileStatement(
      db
        .selectFrom('resources')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('account_id', '=', accountId)
        .where('region', '=', region),
    ),
    putResource: compileStatement(
      db
        .insertInto('resources')
        .values({ account_id: accountId, region, id: param('id'), kind: param('kind'), parent_id: param<string | null>('parentId'), body: param('body'), seq: param<number>('seq') })
        .onConflict((oc) =>
          oc.columns(['account_id', 'region', 'id']).doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            parent_id: eb.ref('excluded.parent_id'),
            body: eb.ref('excluded.body'),
          })),
        ),
    ),
  };
}
