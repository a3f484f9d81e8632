/**
 * Describe* filters (`Filter.N.Name`, `Filter.N.Value.M`) for every resource family: each family gives a table from
 * filter name to the values a resource has for it; this file does the matching (aws-semantics.md §3.3, EC2-FILT):
 * names and values are case-sensitive, several values of one filter are OR'ed, different filters AND'ed, `*` matches
 * any run of characters and `?` exactly one (EC2's docs also say "zero or one": UNCONFIRMED, we take "exactly one"),
 * `\` escapes them. `tag:KEY`, `tag-key` and `tag-value` work for every family.
 */
import type { Filter } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Resource } from '../state/resource.ts';

export type FilterValue = string | number | boolean | undefined;
/** The values one resource has for one filter name; a resource matches when any of them matches any filter value. */
export type FilterAccessor<R> = (resource: R) => Iterable<FilterValue> | FilterValue;
export type FilterTable<R> = Readonly<Record<string, FilterAccessor<R>>>;

const PATTERNS = new Map<string, RegExp | string>();

/** A filter value as a matcher: a plain string when it has no wildcard, else a regular expression. */
function compile(value: string): RegExp | string {
  let m = PATTERNS.get(value);
  if (m !== undefined) return m;
  if (!/[*?\\]/.test(value)) {
    m = value;
  } else {
    let re = '';
    for (let i = 0; i < value.length; i++) {
      const c = value[i];
      if (c === '\\' && i + 1 < value.length) re += escapeRegExp(value[++i]);
      else if (c === '*') re += '[\\s\\S]*';
      else if (c === '?') re += '[\\s\\S]';
      else re += escapeRegExp(c);
    }
    m = new RegExp(`^${re}$`);
  }
  if (PATTERNS.size > 10_000) PATTERNS.clear();
  PATTERNS.set(value, m);
  return m;
}

const escapeRegExp = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function matchesAny(patterns: readonly (RegExp | string)[], values: Iterable<FilterValue> | FilterValue): boolean {
  const list: Iterable<FilterValue> = typeof values === 'object' && values !== null ? values : [values];
  for (const v of list) {
    if (v === undefined) continue;
    const text = String(v);
    for (const p of patterns) if (typeof p === 'string' ? p === text : p.test(text)) return true;
  }
  return false;
}

function tagAccessor<R extends Resource>(name: string): FilterAccessor<R> | undefined {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (r) => (r.tags ?? []).filter((t) => t.key === key).map((t) => t.value);
  }
  if (name === 'tag-key') return (r) => (r.tags ?? []).map((t) => t.key);
  if (name === 'tag-value') return (r) => (r.tags ?? []).map((t) => t.value);
  return undefined;
}

export interface CompiledFilter<R> {
  readonly accessor: FilterAccessor<R>;
  readonly patterns: readonly (RegExp | string)[];
}

/** Validates and compiles the request's filters against a family's table. */
export function compileFilters<R extends Resource>(filters: readonly Filter[] | undefined, table: FilterTable<R>): CompiledFilter<R>[] {
  return (filters ?? []).map((f) => {
    const name = f.Name ?? '';
    const accessor = Object.hasOwn(table, name) ? table[name] : tagAccessor<R>(name);
    // Code and wording for an unknown filter: UNCONFIRMED (aws-semantics.md §2 lists InvalidFilter without a message).
    if (!accessor) throw ec2Error('InvalidFilter', name);
    // A filter without values: UNCONFIRMED; EC2 is known to reject it, so do we.
    if (!f.Values || f.Values.length === 0) throw ec2Error('InvalidParameterValue', `The filter '${name}' must have at least one value.`);
    return { accessor, patterns: f.Values.map(compile) };
  });
}

export function matchesFilters<R>(resource: R, compiled: readonly CompiledFilter<R>[]): boolean {
  for (const f of compiled) if (!matchesAny(f.patterns, f.accessor(resource))) return false;
  return true;
}

export function applyFilters<R extends Resource>(items: readonly R[], filters: readonly Filter[] | undefined, table: FilterTable<R>): R[] {
  const compiled = compileFilters(filters, table);
  return compiled.length === 0 ? [...items] : items.filter((r) => matchesFilters(r, compiled));
}
