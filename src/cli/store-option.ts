/**
 * `--store URL` (env RAMPART_STORE), shared by `rampart serve` and `rampart accounts`: PostgreSQL instead of the
 * SQLite file in the data directory. Checked when parsed, so a typo fails before anything opens.
 */
import { InvalidArgumentError, Option } from 'commander';
import { storeUrlProblem } from '../store/store-url.ts';

export function storeOption(): Option {
  return new Option('--store <url>', 'keep state in PostgreSQL (postgres://user@host:port/db) instead of DATA/rampart.db')
    .env('RAMPART_STORE')
    .argParser((value: string) => {
      if (value === '') return value; // RAMPART_STORE= (empty) means the default
      const problem = storeUrlProblem(value);
      if (problem) throw new InvalidArgumentError(problem);
      return value;
    });
}

/** The store as a log line may show it: the URL without its password. */
export function describeStore(url: string | undefined, dataDir: string): string {
  if (url === undefined || url === '') return `data in ${dataDir}`;
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return `state in ${u.toString()}, files in ${dataDir}`;
  } catch {
    return `state in PostgreSQL, files in ${dataDir}`;
  }
}
