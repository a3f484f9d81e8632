/**
 * `rampart accounts create|list|delete`: manage accounts and access keys in a data directory. Works beside a running
 * server on the same directory (SQLite WAL; the server reads keys per request), and takes effect at once.
 */
import type { Command } from 'commander';
import { AccountInputError, createAccount } from '../../service/accounts/account-registry.ts';
import { openStore } from '../../store/open-store.ts';
import type { Store } from '../../store/store.ts';

const DATA_HELP = 'data directory of the server';

async function withStore<T>(dataDir: string, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(dataDir);
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
    .action(async (opts: { accountId?: string; accessKeyId?: string; secretAccessKey?: string; readOnly: boolean; json: boolean; data: string }) => {
      try {
        const { account, key, created } = await withStore(opts.data, (store) =>
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
    .action(async (opts: { json: boolean; data: string }) => {
      const rows = await withStore(opts.data, async (store) => {
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
    .action(async (opts: { accountId: string; data: string }) => {
      const deleted = await withStore(opts.data, (store) => store.deleteAccount(opts.accountId));
      if (!deleted) fail(`no account ${opts.accountId}`, 1);
      process.stdout.write(`Deleted account ${opts.accountId}\n`);
    });
}
