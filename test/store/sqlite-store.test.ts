/** The store contract (store-contract.ts) on real SQLite files in temporary directories. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { storeContract } from './store-contract.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Store on SQLite', () => {
  storeContract(
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
      dirs.push(dir);
      return { open: () => openStore(dir) };
    },
    { sharedByServers: false },
  );
});
