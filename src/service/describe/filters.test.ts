import { describe, expect, it } from 'vitest';
import { isEc2Error } from '../../core/errors/ec2-error.ts';
import type { Resource } from '../state/resource.ts';
import { applyFilters } from './filters.ts';
import { paginate } from './paginate.ts';

interface Item extends Resource {
  readonly name: string;
  readonly ports: number[];
}
const items: Item[] = [
  { kind: 'x', id: 'a', name: 'web-frontend', ports: [80, 443], tags: [{ key: 'env', value: 'prod' }] },
  { kind: 'x', id: 'b', name: 'api', ports: [8080] },
  { kind: 'x', id: 'c', name: 'web*literal', ports: [], tags: [{ key: 'env', value: 'dev' }] },
];
const table = { name: (i: Item) => i.name, port: (i: Item) => i.ports };
const ids = (filters: { Name: string; Values: string[] }[]): string[] => applyFilters(items, filters, table).map((i) => i.id);

describe('applyFilters (aws-semantics.md §3.3)', () => {
  it('ORs the values of one filter and ANDs different filters', () => {
    expect(ids([{ Name: 'name', Values: ['api', 'web-frontend'] }])).toEqual(['a', 'b']);
    expect(ids([{ Name: 'name', Values: ['api', 'web-frontend'] }, { Name: 'port', Values: ['443'] }])).toEqual(['a']);
  });
  it('matches * and ? wildcards, and \\ escapes them', () => {
    expect(ids([{ Name: 'name', Values: ['web*'] }])).toEqual(['a', 'c']);
    expect(ids([{ Name: 'name', Values: ['ap?'] }])).toEqual(['b']);
    expect(ids([{ Name: 'name', Values: ['a?'] }])).toEqual([]);
    expect(ids([{ Name: 'name', Values: ['web\\*literal'] }])).toEqual(['c']);
  });
  it('knows tag:KEY, tag-key and tag-value on every family', () => {
    expect(ids([{ Name: 'tag:env', Values: ['prod'] }])).toEqual(['a']);
    expect(ids([{ Name: 'tag-key', Values: ['env'] }])).toEqual(['a', 'c']);
    expect(ids([{ Name: 'tag-value', Values: ['d*'] }])).toEqual(['c']);
  });
  it('rejects an unknown filter name', () => {
    try {
      ids([{ Name: 'colour', Values: ['red'] }]);
      throw new Error('no error');
    } catch (e) {
      expect(isEc2Error(e) && e.wireCode).toBe('InvalidFilter');
    }
  });
});

describe('paginate', () => {
  const all = Array.from({ length: 12 }, (_, i) => ({ id: `id-${String(i).padStart(2, '0')}` }));
  it('returns everything without MaxResults, and pages with a token otherwise', () => {
    expect(paginate(all, (x) => x.id, undefined, undefined).items).toHaveLength(12);
    const p1 = paginate(all, (x) => x.id, 5, undefined);
    const p2 = paginate(all, (x) => x.id, 5, p1.nextToken);
    const p3 = paginate(all, (x) => x.id, 5, p2.nextToken);
    expect([p1.items.length, p2.items.length, p3.items.length, p3.nextToken]).toEqual([5, 5, 2, undefined]);
  });
  it('survives a deletion between pages', () => {
    const p1 = paginate(all, (x) => x.id, 5, undefined);
    const shrunk = all.filter((x) => x.id !== 'id-02');
    expect(paginate(shrunk, (x) => x.id, 5, p1.nextToken).items[0].id).toBe('id-05');
  });
});
