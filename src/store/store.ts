/**
 * The one persistence interface of the control plane: accounts and their access keys, and each account+region's
 * resources as opaque records. The services own the record shapes (src/service/**); the store only keeps them, so a
 * new resource family needs no migration. Every `commit` is one transaction: all of a change set lands, or none.
 *
 * Implementations: src/store/kysely/kysely-store.ts over a dialect from src/store/dialects/ (SQLite now; PostgreSQL is
 * a second dialect file — docs/api.md "Storage").
 */

export interface AccountRow {
  readonly accountId: string;
  readonly createdAt: string;
}

export interface AccessKeyRow {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly readOnly: boolean;
  readonly createdAt: string;
  /** When the key's account was created (set by findAccessKey): tells a re-created account from the old one. */
  readonly accountCreatedAt?: string;
}

/** One resource of one account in one region. `body` is the service's record, serialised as JSON. */
export interface ResourceRow {
  readonly kind: string;
  readonly id: string;
  readonly parentId: string | null;
  readonly body: string;
}

export interface ChangeSet {
  /** Inserted or replaced, keyed by id. */
  readonly puts: readonly ResourceRow[];
  readonly deletes: readonly string[];
}

export interface Store {
  createAccount(account: AccountRow, keys: readonly AccessKeyRow[]): Promise<void>;
  /** Deletes the account, its keys and every resource it owns. False when there was no such account. */
  deleteAccount(accountId: string): Promise<boolean>;
  listAccounts(): Promise<AccountRow[]>;
  createAccessKey(key: AccessKeyRow): Promise<void>;
  listAccessKeys(accountId?: string): Promise<AccessKeyRow[]>;
  findAccessKey(accessKeyId: string): Promise<AccessKeyRow | undefined>;

  /** All resources of one account in one region, in insertion order. */
  loadRegion(accountId: string, region: string): Promise<ResourceRow[]>;
  /** Applies a change set in one transaction. */
  commit(accountId: string, region: string, changes: ChangeSet): Promise<void>;
  /** Deletes every resource of every account (accounts and keys stay): the `/_rampart/v1/reset` endpoint. */
  deleteAllResources(): Promise<void>;

  close(): Promise<void>;
}
