/**
 * What a database dialect provides to the one Kysely store: an open Kysely instance and the capabilities the migration
 * runner needs. A second database (PostgreSQL) is a second file beside sqlite.ts implementing this, nothing more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../kysely/schema.ts';

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  /** SQLite's Kysely adapter cannot roll back DDL on its own, so the migration runner wraps each step (stack.md). */
  readonly supportsTransactionalDdl: boolean;
  /**
   * A cheap value that differs from the previous call's whenever another connection (another process, e.g.
   * `rampart accounts create|delete`) has committed since. The store keeps access keys in memory only while it stays
   * the same (src/store/kysely/access-key-cache.ts). Absent when the dialect cannot tell cheaply: keys are then read
   * from the database on every request.
   */
  readonly externalChangeToken?: () => number;
  /** Other processes may commit to the same database (PostgreSQL): Store.sharedByServers. */
  readonly sharedByServers: boolean;
  /** Turns a driver's bigint/number/string count into a number (pg returns int8 as a string). */
  readonly close: () => Promise<void>;
}
