/** Kysely's view of the tables (one definition for every dialect). Booleans are 0/1: better-sqlite3 cannot bind them. */
export interface AccountsTable {
  account_id: string;
  created_at: string;
}

export interface AccessKeysTable {
  access_key_id: string;
  secret_access_key: string;
  account_id: string;
  read_only: number;
  created_at: string;
}

export interface ResourcesTable {
  account_id: string;
  region: string;
  id: string;
  kind: string;
  parent_id: string | null;
  body: string;
  /** Insertion order, kept across updates so describes list resources in a stable order. */
  seq: number;
}

/** Migration 0002: the revision every commit to an account+region bumps; no row means revision 0. */
export interface RegionRevisionsTable {
  account_id: string;
  region: string;
  revision: number;
}

export interface Database {
  accounts: AccountsTable;
  access_keys: AccessKeysTable;
  resources: ResourcesTable;
  region_revisions: RegionRevisionsTable;
}
