/**
 * Accounts and access keys (issue 5 §5): a random 12-digit account id and AWS-shaped keys (`AKIA` + 16 characters,
 * a 40-character secret), or ones the user supplies to mirror keys their scripts already use.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { isAccountId } from '../../core/ids.ts';
import type { AccessKeyRow, AccountRow, Store } from '../../store/store.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newAccountId(): string {
  let id = '';
  for (let i = 0; i < 12; i++) id += String(randomInt(10));
  return id;
}

export function newAccessKeyId(): string {
  const bytes = randomBytes(16);
  let id = 'AKIA';
  for (const b of bytes) id += BASE32[b % 32];
  return id;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** Access key ids as AWS forms them: 16–128 word characters. */
export function isAccessKeyId(text: string): boolean {
  return /^\w{16,128}$/.test(text);
}

export interface NewAccount {
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly readOnly?: boolean;
}

export class AccountInputError extends Error {}

/**
 * Creates an account with one access key; with the id of an existing account, adds the key to it (so a read-only key
 * can be given to an account that has a full one).
 */
export async function createAccount(store: Store, spec: NewAccount = {}): Promise<{ account: AccountRow; key: AccessKeyRow; created: boolean }> {
  if (spec.accountId !== undefined && !isAccountId(spec.accountId)) throw new AccountInputError(`account id must be 12 digits: '${spec.accountId}'`);
  if ((spec.accessKeyId === undefined) !== (spec.secretAccessKey === undefined)) {
    throw new AccountInputError('give both --access-key-id and --secret-access-key, or neither');
  }
  if (spec.accessKeyId !== undefined && !isAccessKeyId(spec.accessKeyId)) throw new AccountInputError(`access key id must be 16-128 letters and digits: '${spec.accessKeyId}'`);
  if (spec.secretAccessKey !== undefined && spec.secretAccessKey.length === 0) throw new AccountInputError('the secret access key cannot be empty');
  if (spec.accessKeyId !== undefined && (await store.findAccessKey(spec.accessKeyId))) throw new AccountInputError(`access key ${spec.accessKeyId} already exists`);

  const now = new Date().toISOString();
  const existing = spec.accountId !== undefined ? (await store.listAccounts()).find((a) => a.accountId === spec.accountId) : undefined;
  const account: AccountRow = existing ?? { accountId: spec.accountId ?? newAccountId(), createdAt: now };
  const key: AccessKeyRow = {
    accessKeyId: spec.accessKeyId ?? newAccessKeyId(),
    secretAccessKey: spec.secretAccessKey ?? newSecretAccessKey(),
    accountId: account.accountId,
    readOnly: spec.readOnly ?? false,
    createdAt: now,
  };
  if (existing) await store.createAccessKey(key);
  else await store.createAccount(account, [key]);
  return { account, key, created: !existing };
}
