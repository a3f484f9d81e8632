/** The store contract (store-contract.ts) on a throwaway PostgreSQL cluster: one fresh database per test. */
import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { describeWithPostgres, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { storeContract } from './store-contract.ts';

describeWithPostgres('Store on PostgreSQL', (binaries) => {
  let cluster: PostgresCluster;
  let databases = 0;
  beforeAll(async () => {
    cluster = await startPostgres(binaries);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  storeContract(
    async () => {
      const url = await cluster.createDatabase(`contract_${++databases}`);
      // The data directory is unused with a URL: nothing is written there.
      return { open: () => openStore('/nonexistent', { url }) };
    },
    { sharedByServers: true },
  );
});
