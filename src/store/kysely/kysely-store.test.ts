/** The Kysely store on a real SQLite file: commits are durable across reopen and atomic when they fail. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { ResourceRow } from '../store.ts';

const dirs: string[] = [];
const freshDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'rampart-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const row = (id: string, parentId: string | null = null): ResourceRow => ({ kind: 'thing', id, parentId, body: JSON.stringify({ id }) });

describe('KyselyStore (SQLite)', () => {
  it('keeps accounts, keys and resources across a reopen, in insertion order per account+region', async () => {
    const dir = freshDir();
    let store = await openStore(dir);
    await store.createAccount({ accountId: '123456789012', createdAt: 't' }, [{ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 's', accountId: '123456789012', readOnly: true, createdAt: 't' }]);
    await store.commit('123456789012', 'us-east-1', { puts: [row('b'), row('a', 'b')], deletes: [] });
    await store.commit('123456789012', 'us-east-1', { puts: [row('b'), row('c')], deletes: ['a'] });
    await store.commit('123456789012', 'eu-west-1', { puts: [row('z')], deletes: [] });
    await store.close();
    store = await openStore(dir);
    expect((await store.loadRegion('123456789012', 'us-east-1')).map((r) => r.id)).toEqual(['b', 'c']);
    expect((await store.loadRegion('123456789012', 'eu-west-1')).map((r) => r.id)).toEqual(['z']);
    expect(await store.findAccessKey('AKIAAAAAAAAAAAAAAAAA')).toMatchObject({ accountId: '123456789012', readOnly: true });
    expect(await store.deleteAccount('123456789012')).toBe(true);
    expect(await store.loadRegion('123456789012', 'us-east-1')).toEqual([]);
    expect(await store.findAccessKey('AKIAAAAAAAAAAAAAAAAA')).toBeUndefined();
    await store.close();
  });

  it('sees keys created and deleted through another connection once it has settled, though it keeps keys in memory', async () => {
    const dir = freshDir();
    const server = await openStore(dir);
    const cli = await openStore(dir);
    const key = { accessKeyId: 'AKIABBBBBBBBBBBBBBBB', secretAccessKey: 's', accountId: '210987654321', readOnly: false, createdAt: 't' };
    try {
      expect(await server.findAccessKey(key.accessKeyId)).toBeUndefined();
      await cli.createAccount({ accountId: key.accountId, createdAt: 't1' }, [key]);
      await cli.settled();
      expect(await server.findAccessKey(key.accessKeyId)).toMatchObject({ accountId: key.accountId, accountCreatedAt: 't1' });
      expect(await server.findAccessKey(key.accessKeyId)).toMatchObject({ accountId: key.accountId });
      await cli.deleteAccount(key.accountId);
      await cli.settled();
      expect(await server.findAccessKey(key.accessKeyId)).toBeUndefined();
      // Re-created with a new creation time: the server must see the new incarnation, not a remembered one.
      await cli.createAccount({ accountId: key.accountId, createdAt: 't2' }, [key]);
      await cli.settled();
      expect(await server.findAccessKey(key.accessKeyId)).toMatchObject({ accountCreatedAt: 't2' });
      // Its own changes, which do not move the change token, must show at once too.
      const second = { ...key, accessKeyId: 'AKIACCCCCCCCCCCCCCCC', readOnly: true };
      expect(await server.findAccessKey(second.accessKeyId)).toBeUndefined();
      await server.createAccessKey(second);
      expect(await server.findAccessKey(second.accessKeyId)).toMatchObject({ readOnly: true });
      await server.deleteAccount(key.accountId);
      expect(await server.findAccessKey(second.accessKeyId)).toBeUndefined();
      expect(await cli.findAccessKey(key.accessKeyId)).toBeUndefined();
    } finally {
      await cli.close();
      await server.close();
    }
  });

  it('applies nothing of a change set that fails halfway', async () => {
    const store = await openStore(freshDir());
    await store.commit('1', 'r', { puts: [row('keep')], deletes: [] });
    // The delete runs first, then a put violates NOT NULL: the whole transaction must roll back.
    const broken = { kind: null as unknown as string, id: 'bad', parentId: null, body: '{}' };
    await expect(store.commit('1', 'r', { puts: [row('new'), broken], deletes: ['keep'] })).rejects.toThrow();
    expect((await store.loadRegion('1', 'r')).map((r) => r.id)).toEqual(['keep']);
    await store.deleteAllResources();
    expect(await store.loadRegion('1', 'r')).toEqual([]);
    await store.close();
  });
});
