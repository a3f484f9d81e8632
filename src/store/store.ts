/**
 * The one persistence interface of the control plane: accounts and their access keys, and each account+region's
 * resources as opaque records. The services own the record shapes (src/service/**); the store only keeps them, so a
 * new resource family needs no migration. Every `commit` is one transaction: all of a change set lands, or none.
 *
 * Implementations: src/store/kysely/kysely-store.ts over a dialect from src/store/dialects/ (sqlite.ts, postgres.ts;
 * docs/api.md "Storage").
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

/** A region while its commit lock is held (Store.commitLocked): no other process can commit to it meanwhile. */
export interface LockedRegion {
  /** The region's current revision. */
  readonly revision: number;
  /** The region's rows at `revision`, read inside the locked transaction. */
  loadRegion(): Promise<ResourceRow[]>;
}

export interface Store {
  /**
   * True when other processes may commit to the same regions (PostgreSQL): the control plane then checks
   * `regionRevision` before serving a request. False for SQLite (one server per data directory): memory is current.
   */
  readonly sharedByServers: boolean;

  createAccount(account: AccountRow, keys: readonly AccessKeyRow[]): Promise<void>;
  /** Deletes the account, its keys and every resource it owns. False when there was no such account. */
  deleteAccount(accountId: string): Promise<boolean>;
  listAccounts(): Promise<AccountRow[]>;
  createAccessKey(key: AccessKeyRow): Promise<void>;
  listAccessKeys(accountId?: string): Promise<AccessKeyRow[]>;
  findAccessKey(accessKeyId: string): Promise<AccessKeyRow | undefined>;
  /**
   * The key if this process holds it in memory and it is current (as `findAccessKey` would answer it), without waiting:
   * the signature check of almost every request. Undefined means "ask findAccessKey", not "no such key".
   */
  cachedAccessKey(accessKeyId: string): AccessKeyRow | undefined;

  /** All resources of one account in one region, in insertion order. */
  loadRegion(accountId: string, region: string): Promise<ResourceRow[]>;
  /**
   * The region's revision: 0 before its first commit, then bumped by every commit, by `deleteAccount` and by
   * `deleteAllResources`, so it never repeats. Read it before `loadRegion`: the rows are then at least that recent.
   */
  regionRevision(accountId: string, region: string): Promise<number>;
  /** Applies a change set in one transaction and answers the region's revision after it. */
  commit(accountId: string, region: string, changes: ChangeSet): Promise<number>;
  /**
   * Takes the region's commit lock (its revision row), lets `decide` compute a change set against the current state,
   * and commits it in the same transaction: how a server writes when other processes may commit to the region too.
   * Commits to one region serialise here. If `decide` throws, nothing is written; if it answers an empty change set,
   * the revision stays. Answers the region's revision after.
   */
  commitLocked(accountId: string, region: string, decide: (locked: LockedRegion) => Promise<ChangeSet>): Promise<number>;
  /** Deletes every resource of every account (accounts and keys stay): the `/_rampart/v1/reset` endpoint. */
  deleteAllResources(): Promise<void>;

  /**
   * Resolves once accounts and keys changed through this store are visible to every other store on the same database
   * (a running server reads its key cache's change token at most once a millisecond: access-key-cache.ts). `close`
   * waits for it, so a command that changed keys has taken effect everywhere when it ends.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}
