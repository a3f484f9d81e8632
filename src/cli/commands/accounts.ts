/**
 * `rampart accounts create|list|delete`: manage accounts and access keys in a data directory (or the PostgreSQL
 * database of --store). Works beside a running server on the same store, and takes effect at once.
 */
import type { Command } from 'commander';
import type { Store } from '../../store/store.ts';
import { storeOption } from '../store-option.ts';

const DATA_HELP = 'data directory of the server';

interface StoreOptions {
  data: string;
  store?: string;
}

async function withStore<T>(where: StoreOptions, run: (store: Store) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: other commands (`rampart check`, `--help`) should not pay for the database drivers.
  const { openStore } = await import('../../store/open-store.ts');
  let store: Store;
  try {
    store = await openStore(where.data, { url: where.store });
  } catch (e) {
    // An unreachable database or a refused login is the operator's to fix: say so, without a stack trace.
    fail(`cannot open the store: ${e instanceof Error ? e.message : String(e)}`, 1);
  }
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function fail(message: string, code = 2): never {
  process.stderr.write(`rampart accounts: ${message}\n`);
  process.exit(code);
}

export function register(program: Command): void {
  const accounts = program.command('accounts').description('Manage the control plane\'s accounts and access keys');

  accounts
    .command('create')
    .description('Create an account with an access key (or add a key to an existing --account-id)')
    .option('--account-id <id>', '12-digit account id (default: random)')
    .option('--access-key-id <id>', 'access key id to use (with --secret-access-key)')
    .option('--secret-access-key <secret>', 'secret access key to use (with --access-key-id)')
    .option('--read-only', 'the key may only call Describe*/Get* operations', false)
    .option('--json', 'print the result as JSON', false)
    .option('--data <dir>', DATA_HELP, './.rampart')
    .addOption(storeOption())
    .action(async (opts: StoreOptions & { accountId?: string; accessKeyId?: string; secretAccessKey?: string; readOnly: boolean; json: boolean }) => {
      const { AccountInputError, createAccount } = await import('../../service/accounts/account-registry.ts');
      try {
        const { account, key, created } = await withStore(opts, (store) =>
          createAccount(store, { accountId: opts.accountId, accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, readOnly: opts.readOnly }),
        );
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ accountId: account.accountId, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, readOnly: key.readOnly, createdAccount: created })}\n`);
          return;
        }
        process.stdout.write(`${created ? 'Created account' : 'Added a key to account'} ${account.accountId}\n`);
        process.stdout.write(`aws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`);
        if (key.readOnly) process.stdout.write('(read-only key: mutations answer UnauthorizedOperation)\n');
      } catch (e) {
        if (e instanceof AccountInputError) fail(e.message);
        throw e;
      }
    });

  accounts
    .command('list')
    .description('List accounts and their access key ids')
    .option('--json', 'print JSON', false)
    .option('--data <dir>', DATA_HELP, './.rampart')
    .addOption(storeOption())
    .action(async (opts: StoreOptions & { json: boolean }) => {
      const rows = await withStore(opts, async (store) => {
        const keys = await store.listAccessKeys();
        return (await store.listAccounts()).map((a) => ({
          accountId: a.accountId,
          createdAt: a.createdAt,
          accessKeys: keys.filter((k) => k.accountId === a.accountId).map((k) => ({ accessKeyId: k.accessKeyId, readOnly: k.readOnly })),
        }));
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      for (const r of rows) {
        process.stdout.write(`${r.accountId}  created ${r.createdAt}  keys: ${r.accessKeys.map((k) => `${k.accessKeyId}${k.readOnly ? ' (read-only)' : ''}`).join(', ') || '-'}\n`);
      }
    });

  accounts
    .command('delete')
    .description('Delete an account, its keys and all its resources')
    .requiredOption('--account-id <id>', 'the account to delete')
    .option('--data <dir>', DATA_HELP, './.rampart')
    .addOption(storeOption())
    .action(async (opts: StoreOptions & { accountId: string }) => {
      const deleted = await withStore(opts, (store) => store.deleteAccount(opts.accountId));
      if (!deleted) fail(`no account ${opts.accountId}`, 1);
      process.stdout.write(`Deleted account ${opts.accountId}\n`);
    });
}
