import { describe, expect, it } from 'vitest';
import prefixLists from './testdata/prefix-lists.json' with { type: 'json' };
import prefixListEntries from './testdata/prefix-list-entries.json' with { type: 'json' };
import { snapshotFromDescribe } from './index.ts';

describe('describe-managed-prefix-lists and get-managed-prefix-list-entries', () => {
  it('takes entries from a PrefixLists item and from a { PrefixListId, Entries } document', () => {
    const lists = snapshotFromDescribe([prefixLists, prefixListEntries]).prefixLists;
    expect(lists.map((l) => [l.prefixListId, l.prefixListName, l.addressFamily, l.maxEntries, l.version, l.entries.map((e) => e.cidr.text)])).toEqual([
      ['pl-0a1b2c3d4e5f67890', 'bastions', 4, 10, 3, ['198.51.100.5/32']],
      ['pl-63a5400a', 'com.amazonaws.us-east-1.s3', 4, 2, 1, ['52.216.0.0/15', '54.231.0.0/16']],
    ]);
  });

  it('makes a list from an entries document alone, named after its id', () => {
    const [list] = snapshotFromDescribe({ PrefixListId: 'pl-0ffff', Entries: [{ Cidr: '2001:db8::/32' }] }).prefixLists;
    expect(list).toMatchObject({ prefixListId: 'pl-0ffff', prefixListName: 'pl-0ffff', addressFamily: 6, version: 1 });
  });

  it('asks for the PrefixListId when the entries document lacks it (the CLI does not print it)', () => {
    expect(() => snapshotFromDescribe({ Entries: [{ Cidr: '10.0.0.0/8' }] }, { documentNames: ['entries.json'] })).toThrow(
      'entries.json: an Entries document (get-managed-prefix-list-entries) must name its list: add "PrefixListId": "pl-…" at the top level',
    );
  });

  it('refuses an entry of the other address family', () => {
    expect(() => snapshotFromDescribe([prefixLists, { PrefixListId: 'pl-0a1b2c3d4e5f67890', Entries: [{ Cidr: '::/0' }] }])).toThrow(
      'prefix list pl-0a1b2c3d4e5f67890 is IPv4 but has the entry ::/0',
    );
  });
});
