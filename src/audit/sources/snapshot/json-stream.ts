/**
 * A streaming reader for describe documents: a JSON object whose members are mostly large arrays
 * (`{"SecurityGroups": [ … 100,000 groups … ]}`). V8 cannot hold a file of that size as one string, so the file is
 * read in chunks and scanned byte by byte for the boundaries of each top-level member and of each item of a
 * top-level array; only one item's bytes are kept at a time and parsed with JSON.parse, which stays the fast,
 * exact parser. The scanner tracks strings and escapes, so brackets inside text never confuse it.
 *
 * Items go to the caller as soon as they are parsed (a sink), not collected per chunk: a converted item's parse
 * tree then dies young, in the cheap scavenges, instead of surviving into the old generation with a whole chunk's
 * worth of neighbours (a 4 MB chunk holds ~2,700 groups).
 */
import { createReadStream } from 'node:fs';

export type TopLevelEvent =
  /** One item of the top-level array member `key`. */
  | { readonly kind: 'item'; readonly key: string; readonly value: unknown }
  /** A top-level member whose value is not an array. */
  | { readonly kind: 'member'; readonly key: string; readonly value: unknown };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const enum State {
  BeforeObject,
  BeforeKey,
  InKey,
  AfterKey,
  BeforeValue,
  BeforeItem,
  InValue,
  AfterValue,
  Done,
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export type TopLevelSink = (event: TopLevelEvent) => void;

/**
 * The bytes of each top-level value, unparsed (scan-worker.ts hands them to the main thread, which parses them):
 * whether it is an item of an array member, the member's name, and the file offset just past the value.
 */
export type RawValueSink = (isItem: boolean, key: string, bytes: Buffer, endOffset: number) => void;

export class TopLevelScanner {
  private state = State.BeforeObject;
  private parts: Buffer[] = [];
  /** Where the current key or value starts in the current chunk, or -1 when it started in an earlier one. */
  private start = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A scalar value (number, true, false, null) ends at the first delimiter rather than at a bracket. */
  private scalar = false;
  private key = '';
  private inArray = false;
  private offset = 0;

  /** Without a sink, `push` returns the chunk's events instead; with a raw sink, values are not parsed at all. */
  constructor(
    private readonly name: string,
    private readonly sink?: TopLevelSink,
    private readonly rawSink?: RawValueSink,
  ) {}

  push(chunk: Buffer): TopLevelEvent[] {
    const events: TopLevelEvent[] = [];
    const n = chunk.length;
    this.start = this.state === State.InKey || this.state === State.InValue ? 0 : -1;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      switch (this.state) {
        case State.BeforeObject:
          if (isSpace(b) || (b === 0xef || b === 0xbb || b === 0xbf)) break; // whitespace or a UTF-8 BOM
          if (b !== OPEN_BRACE) throw this.fail(i, 'a describe document must be a JSON object');
          this.state = State.BeforeKey;
          break;
        case State.BeforeKey:
          if (isSpace(b) || b === COMMA) break;
          if (b === CLOSE_BRACE) {
            this.state = State.Done;
            break;
          }
          if (b !== QUOTE) throw this.fail(i, 'expected a member name');
          this.begin(i);
          this.state = State.InKey;
          this.inString = true;
          break;
        case State.InKey:
          if (this.escaped) this.escaped = false;
          else if (b === BACKSLASH) this.escaped = true;
          else if (b === QUOTE) {
            this.key = JSON.parse(this.take(chunk, i + 1)) as string;
            this.inString = false;
            this.state = State.AfterKey;
          }
          break;
        case State.AfterKey:
          if (isSpace(b)) break;
          if (b !== COLON) throw this.fail(i, `expected ':' after "${this.key}"`);
          this.state = State.BeforeValue;
          break;
        case State.BeforeValue:
          if (isSpace(b)) break;
          if (b === OPEN_BRACKET) {
            this.inArray = true;
            this.state = State.BeforeItem;
            break;
          }
          this.inArray = false;
          i = this.startValue(chunk, i, events);
          break;
        case State.BeforeItem:
          if (isSpace(b) || b === COMMA) break;
          if (b === CLOSE_BRACKET) {
            this.inArray = false;
            this.state = State.AfterValue;
            break;
          }
          i = this.startValue(chunk, i, events);
          break;
        case State.InValue:
          i = this.scanValue(chunk, i, events);
          break;
        case State.AfterValue:
          if (isSpace(b)) break;
          if (b === COMMA) this.state = State.BeforeKey;
          else if (b === CLOSE_BRACE) this.state = State.Done;
          else throw this.fail(i, `expected ',' or '}' after "${this.key}"`);
          break;
        case State.Done:
          if (!isSpace(b)) throw this.fail(i, 'text after the end of the document');
          break;
      }
    }
    if (this.state === State.InKey || this.state === State.InValue) this.parts.push(this.start > 0 ? chunk.subarray(this.start) : chunk);
    this.offset += n;
    return events;
  }

  end(): void {
    if (this.state !== State.Done) throw new Error(`${this.name}: the JSON document ends too early`);
  }

  private begin(i: number): void {
    this.parts = [];
    this.start = i;
  }

  /** The bytes from the token start up to (excluding) `end` in this chunk, as text. */
  private take(chunk: Buffer, end: number): string {
    return this.takeBytes(chunk, end).toString('utf8');
  }

  /** The same bytes, without decoding them (a view of the chunk when the token lies within it). */
  private takeBytes(chunk: Buffer, end: number): Buffer {
    const tail = chunk.subarray(this.start >= 0 ? this.start : 0, end);
    const bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    this.parts = [];
    this.start = -1;
    return bytes;
  }

  private startValue(chunk: Buffer, i: number, events: TopLevelEvent[]): number {
    const b = chunk[i];
    this.begin(i);
    this.state = State.InValue;
    this.depth = 0;
    this.scalar = !(b === OPEN_BRACE || b === OPEN_BRACKET || b === QUOTE);
    this.inString = b === QUOTE;
    this.escaped = false;
    return this.scanValue(chunk, b === QUOTE ? i + 1 : i, events);
  }

  /** Advances through a value; returns the index of the last byte consumed. The hot loop keeps its state in locals. */
  private scanValue(chunk: Buffer, from: number, events: TopLevelEvent[]): number {
    const n = chunk.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const scalar = this.scalar;
    for (let i = from; i < n; i++) {
      const b = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (depth === 0) return this.closeValue(chunk, i + 1, events, depth, inString, escaped);
        }
      } else if (scalar) {
        if (b === COMMA || b === CLOSE_BRACKET || b === CLOSE_BRACE || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) return this.closeValue(chunk, i, events, depth, inString, escaped);
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return this.closeValue(chunk, i + 1, events, depth, inString, escaped);
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return n - 1;
  }

  private closeValue(chunk: Buffer, at: number, events: TopLevelEvent[], depth: number, inString: boolean, escaped: boolean): number {
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return this.finish(chunk, at, events) - 1;
  }

  private finish(chunk: Buffer, end: number, events: TopLevelEvent[]): number {
    if (this.rawSink) {
      this.rawSink(this.inArray, this.key, this.takeBytes(chunk, end), this.offset + end);
      this.state = this.inArray ? State.BeforeItem : State.AfterValue;
      return end;
    }
    const text = this.take(chunk, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw invalidJson(this.name, this.key, this.offset + end, e);
    }
    const event: TopLevelEvent = this.inArray ? { kind: 'item', key: this.key, value } : { kind: 'member', key: this.key, value };
    if (this.sink) this.sink(event);
    else events.push(event);
    this.state = this.inArray ? State.BeforeItem : State.AfterValue;
    return end;
  }

  private fail(i: number, what: string): Error {
    return new Error(`${this.name}: invalid describe document at byte ${this.offset + i}: ${what}`);
  }
}

export function invalidJson(name: string, key: string, endOffset: number, e: unknown): Error {
  return new Error(`${name}: invalid JSON in "${key}" near byte ${endOffset}: ${(e as Error).message}`);
}

/** Hands every top-level member and array item of a JSON file to `sink`, in document order. */
export async function readTopLevel(path: string, name: string, sink: TopLevelSink, onBytes?: (n: number) => void): Promise<void> {
  const scanner = new TopLevelScanner(name, sink);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    onBytes?.((chunk as Buffer).length);
    scanner.push(chunk as Buffer);
  }
  scanner.end();
}
