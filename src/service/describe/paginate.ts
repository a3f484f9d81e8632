/**
 * `MaxResults`/`NextToken` for Describe* (aws-semantics.md §1; paginator metadata from botocore's paginators-1.json).
 * Without MaxResults every item is returned. The token is opaque to clients; it names the position and the last id
 * returned, so a page boundary survives resources being added or deleted between calls.
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

function encodeToken(offset: number, lastId: string): string {
  return Buffer.from(JSON.stringify({ o: offset, id: lastId })).toString('base64url');
}

function decodeToken(token: string): { o: number; id: string } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; id?: unknown };
    if (typeof t.o === 'number' && Number.isInteger(t.o) && t.o >= 0 && typeof t.id === 'string') return { o: t.o, id: t.id };
  } catch {
    // fall through
  }
  throw ec2Error('InvalidNextToken', token);
}

export function paginate<T>(items: readonly T[], idOf: (item: T) => string, maxResults: number | undefined, nextToken: string | undefined): Page<T> {
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    const t = decodeToken(nextToken);
    if (t.o > 0 && t.o <= items.length && idOf(items[t.o - 1]) === t.id) start = t.o;
    else {
      const at = items.findIndex((i) => idOf(i) === t.id);
      start = at >= 0 ? at + 1 : Math.min(t.o, items.length);
    }
  }
  if (maxResults === undefined) return { items: items.slice(start) };
  const end = Math.min(items.length, start + maxResults);
  const page = items.slice(start, end);
  return end < items.length && page.length > 0 ? { items: page, nextToken: encodeToken(end, idOf(items[end - 1])) } : { items: page };
}
