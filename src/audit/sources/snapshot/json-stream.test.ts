import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopLevelScanner, type TopLevelEvent } from './json-stream.ts';

/** The events of `text` cut into chunks at `cuts`, as push() returns them or (`viaSink`) as a sink receives them. */
function scan(text: string, cuts: number[], viaSink = false): TopLevelEvent[] {
  const buf = Buffer.from(text, 'utf8');
  const events: TopLevelEvent[] = [];
  const scanner = new TopLevelScanner('test', viaSink ? (e) => events.push(e) : undefined);
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (buf.length + 1)).sort((a, b) => a - b), buf.length]) {
    const returned = scanner.push(buf.subarray(at, Math.max(at, cut)));
    if (viaSink) expect(returned).toEqual([]);
    else events.push(...returned);
    at = Math.max(at, cut);
  }
  scanner.end();
  return events;
}

describe('streaming describe documents', () => {
  it('yields every item of top-level arrays and every other member, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }))), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (doc, cuts, pretty) => {
        const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
        const expected: TopLevelEvent[] = [];
        for (const [key, value] of Object.entries(JSON.parse(text) as Record<string, unknown>)) {
          if (Array.isArray(value)) for (const item of value) expected.push({ kind: 'item', key, value: item });
          else expected.push({ kind: 'member', key, value });
        }
        expect(scan(text, cuts)).toEqual(expected);
        expect(scan(text, cuts, true)).toEqual(expected);
      }),
    );
  });

  it('is not fooled by brackets, quotes and escapes inside strings, or by multi-byte characters', () => {
    const text = '{"SecurityGroups": [{"Description": "a \\"}]\\\\", "x": "ü€😀"}, 7, "]", null], "NextToken": null}';
    expect(scan(text, [5, 30, 31, 45, 46, 47])).toEqual([
      { kind: 'item', key: 'SecurityGroups', value: { Description: 'a "}]\\', x: 'ü€😀' } },
      { kind: 'item', key: 'SecurityGroups', value: 7 },
      { kind: 'item', key: 'SecurityGroups', value: ']' },
      { kind: 'item', key: 'SecurityGroups', value: null },
      { kind: 'member', key: 'NextToken', value: null },
    ]);
  });

  it('rejects what is not a describe document', () => {
    expect(() => scan('[1, 2]', [])).toThrow(/must be a JSON object/);
    expect(() => scan('{"a": [1, 2', [])).toThrow(/ends too early/);
    expect(() => scan('{"a": [1, 2]} x', [])).toThrow(/after the end/);
  });
});
