/**
 * What every Store implementation (src/store/store.ts) must do, as one suite run against each: SQLite files
 * (sqlite-store.test.ts) and PostgreSQL databases (postgres-store.test.ts). `newLocation` gives a fresh, empty
 * database that can be opened any number of times: a reopen proves durability, two open stores act as two servers.
 */
import { expect, it } from 'vitest';
import type { ChangeSet, ResourceRow, Store } from '../../src/store/store.ts';

export interface StoreLocation {
  open(): Promise<Store>;
}

export interface ContractOptions {
  /** The implementation serves several processes at once (PostgreSQL): also prove racing commits. */
  readonly sharedByServers: boolean;
}

const row = (id: string, parentId: string | null = null, body: unknown = { id }): ResourceRow => ({ kind: 'thing', id, parentId, body: JSON.stringify(body) });
const ids = (rows: readonly ResourceRow[]): string[] => rows.map((r) => r.id);
const ACCOUNT = '123456789012';
const KEY = { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 's', accountId: ACCOUNT, readOnly: true, createdAt: 't1' };

async function using<T>(location: StoreLocation, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await location.open();
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

export function storeContract(newLocation: () => Promise<StoreLocation>, options: ContractOptions): void {
  it('keeps accounts, keys and resources across a reopen, in insertion order per account+region', async () => {
    const location = await newLocation();
    await using(location, async (store) => {
      expect(store.sharedByServers).toBe(options.sharedByServers);
      await store.createAccount({ accountId: ACCOUNT, createdAt: 't0' }, [KEY]);
      await store.commit(ACCOUNT, 'us-east-1', { puts: [row('b'), row('a', 'b')], deletes: [] });
      // An update keeps its place; a new row goes last.
      await store.commit(ACCOUNT, 'us-east-1', { puts: [row('b', null, { id: 'b', v: 2 }), row('c')], deletes: ['a'] });
      await store.commit(ACCOUNT, 'eu-west-1', { puts: [row('z')], deletes: [] });
    });
    await using(location, async (store) => {
      const east = await store.loadRegion(ACCOUNT, 'us-east-1');
      expect(ids(east)).toEqual(['b', 'c']);
      expect(JSON.parse(east[0].body)).toEqual({ id: 'b', v: 2 });
      expect(ids(await store.loadRegion(ACCOUNT, 'eu-west-1'))).toEqual(['z']);
      expect(await store.listAccounts()).toEqual([{ accountId: ACCOUNT, createdAt: 't0' }]);
      expect(await store.listAccessKeys(ACCOUNT)).toEqual([KEY]);
      expect(await store.findAccessKey(KEY.accessKeyId)).toEqual({ ...KEY, accountCreatedAt: 't0' });
      expect(await store.deleteAccount(ACCOUNT)).toBe(true);
      expect(await store.deleteAccount(ACCOUNT)).toBe(false);
      expect(await store.loadRegion(ACCOUNT, 'us-east-1')).toEqual([]);
      expect(await store.findAccessKey(KEY.accessKeyId)).toBeUndefined();
    });
  });

  it('sees accounts and keys that another store on the same database creates and deletes, once that store has settled', async () => {
    const location = await newLocation();
    await using(location, (server) =>
      using(location, async (cli) => {
        expect(await server.findAccessKey(KEY.accessKeyId)).toBeUndefined();
        await cli.createAccount({ accountId: ACCOUNT, createdAt: 't0' }, [KEY]);
        await cli.settled();
        expect(await server.findAccessKey(KEY.accessKeyId)).toMatchObject({ accountId: ACCOUNT, accountCreatedAt: 't0' });
        await cli.commit(ACCOUNT, 'r', { puts: [row('a')], deletes: [] });
        expect(await server.regionRevision(ACCOUNT, 'r')).toBe(1);
        expect(await cli.deleteAccount(ACCOUNT)).toBe(true);
        await cli.settled();
        expect(await server.findAccessKey(KEY.accessKeyId)).toBeUndefined();
        // The deletion moved the region's revision: a server holding the region in memory knows to reload it.
        expect(await server.regionRevision(ACCOUNT, 'r')).toBe(2);
        await cli.createAccount({ accountId: ACCOUNT, createdAt: 't1' }, [KEY]);
        await cli.settled();
        expect(await server.findAccessKey(KEY.accessKeyId)).toMatchObject({ accountCreatedAt: 't1' });
      }),
    );
  });

  it('applies nothing of a change set that fails halfway', async () => {
    await using(await newLocation(), async (store) => {
      await store.commit('1', 'r', { puts: [row('keep')], deletes: [] });
      // The delete runs first, then a put violates NOT NULL: the whole transaction must roll back, revision included.
      const broken = { kind: null as unknown as string, id: 'bad', parentId: null, body: '{}' };
      await expect(store.commit('1', 'r', { puts: [row('new'), broken], deletes: ['keep'] })).rejects.toThrow();
      expect(ids(await store.loadRegion('1', 'r'))).toEqual(['keep']);
      expect(await store.regionRevision('1', 'r')).toBe(1);
      await store.deleteAllResources();
      expect(await store.loadRegion('1', 'r')).toEqual([]);
    });
  });

  it('bumps a region revision on every commit, reset and account deletion, and never repeats one', async () => {
    await using(await newLocation(), async (store) => {
      await store.createAccount({ accountId: ACCOUNT, createdAt: 't0' }, []);
      expect(await store.regionRevision(ACCOUNT, 'r')).toBe(0);
      expect(await store.commit(ACCOUNT, 'r', { puts: [row('a')], deletes: [] })).toBe(1);
      expect(await store.commit(ACCOUNT, 'r', { puts: [], deletes: ['a'] })).toBe(2);
      expect(await store.commit(ACCOUNT, 'other', { puts: [row('a')], deletes: [] })).toBe(1);
      expect(await store.regionRevision(ACCOUNT, 'r')).toBe(2);
      // An empty change set writes nothing and changes nothing.
      expect(await store.commit(ACCOUNT, 'r', { puts: [], deletes: [] })).toBe(2);
      await store.deleteAllResources();
      expect(await store.regionRevision(ACCOUNT, 'r')).toBe(3);
      expect(await store.deleteAccount(ACCOUNT)).toBe(true);
      expect(await store.regionRevision(ACCOUNT, 'r')).toBe(4);
      expect(await store.regionRevision(ACCOUNT, 'other')).toBe(3);
    });
  });

  it('lets a locked commit decide on the current state, and writes nothing when the decision throws or is empty', async () => {
    await using(await newLocation(), async (store) => {
      await store.commit('1', 'r', { puts: [row('a'), row('b')], deletes: [] });
      const seen: { revision: number; ids: string[] }[] = [];
      const revision = await store.commitLocked('1', 'r', async (locked) => {
        seen.push({ revision: locked.revision, ids: ids(await locked.loadRegion()) });
        return { puts: [row('c')], deletes: ['a'] };
      });
      expect(seen).toEqual([{ revision: 1, ids: ['a', 'b'] }]);
      expect(revision).toBe(2);
      await expect(store.commitLocked('1', 'r', () => Promise.reject(new Error('invalid')))).rejects.toThrow('invalid');
      expect(await store.commitLocked('1', 'r', () => Promise.resolve({ puts: [], deletes: [] }))).toBe(2);
      expect(await store.regionRevision('1', 'r')).toBe(2);
      expect(ids(await store.loadRegion('1', 'r'))).toEqual(['b', 'c']);
    });
  });

  if (options.sharedByServers) {
    it('loses no update when two stores run locked read-modify-write commits on one region at once', async () => {
      const location = await newLocation();
      await using(location, (a) =>
        using(location, async (b) => {
          const increment = async (store: Store): Promise<number> =>
            store.commitLocked('1', 'r', async (locked): Promise<ChangeSet> => {
              const counter = (await locked.loadRegion()).find((r) => r.id === 'counter');
              const n = counter ? (JSON.parse(counter.body) as { n: number }).n : 0;
              return { puts: [row('counter', null, { n: n + 1 })], deletes: [] };
            });
          const revisions = await Promise.all(Array.from({ length: 12 }, (_, i) => increment(i % 2 === 0 ? a : b)));
          expect([...revisions].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
          const [counter] = await a.loadRegion('1', 'r');
          expect(JSON.parse(counter.body)).toEqual({ n: 12 });
        }),
      );
    });
  }
}
