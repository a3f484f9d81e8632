/**
 * The generic EC2 XML encoder: a result object with botocore's member names → the success envelope, driven by the
 * generated shape table (aws-semantics.md §1.2, fact 2):
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
 *     <requestId>…</requestId><securityGroupInfo><item>…</item></securityGroupInfo></DescribeSecurityGroupsResponse>
 *
 * Element names are the model's locationName; list items are `<item>`; an empty list is written as an empty wrapper
 * (`<ipPermissions/>`) because SDKs turn a missing element into a missing key, not `[]`; undefined members are omitted.
 * Written by hand rather than with an XML builder: a schema walk that appends strings is several times faster for the
 * large describe answers, and escaping is one function (tested against fast-xml-parser's parser).
 */
import { SHAPES, XML_NAMESPACE, type ShapeSchema } from '../../api/ec2/schema.ts';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/g;
// XML 1.0 cannot carry most control characters at all, even escaped; EC2 data never contains them, so drop them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

// eslint-disable-next-line no-control-regex -- as above
const NEEDS_ANY_CHANGE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function escapeXml(text: string): string {
  // Nearly every value (ids, CIDRs, names) needs no change: one test instead of two replaces.
  if (!NEEDS_ANY_CHANGE.test(text)) return text;
  return text.replace(INVALID_XML_CHARS, '').replace(NEEDS_ESCAPE, (c) => ESCAPES[c]);
}

/**
 * The XML inside an element of one shape. Compiled once per shape from the shape table (a structure's members with
 * their tags precomputed) and kept: walking the generic table per value made a describe of 1,000 groups (1.4 MB)
 * take ~90 ms; compiled writers appending to one string take a fraction of that (bench/api.bench.ts).
 */
type InnerWriter = (value: unknown) => string;

interface CompiledMember {
  readonly name: string;
  readonly target: string;
  readonly open: string;
  readonly close: string;
  /** `<x/>`, written for an empty list. */
  readonly empty: string;
  readonly isList: boolean;
  write: InnerWriter | undefined;
}

const WRITERS = new Map<string, InnerWriter>();

function scalarText(shape: ShapeSchema, value: unknown): string {
  if (shape.kind === 'timestamp') return value instanceof Date ? value.toISOString() : escapeXml(String(value));
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return escapeXml(String(value));
}

function innerWriter(shapeName: string): InnerWriter {
  const known = WRITERS.get(shapeName);
  if (known) return known;
  const shape = SHAPES[shapeName];
  let writer: InnerWriter;
  if (shape.kind === 'structure') {
    const members: CompiledMember[] = Object.entries(shape.members).map(([name, m]) => ({
      name,
      target: m.target,
      open: `<${m.xml}>`,
      close: `</${m.xml}>`,
      empty: `<${m.xml}/>`,
      isList: SHAPES[m.target].kind === 'list',
      write: undefined,
    }));
    writer = (value) => {
      const v = value as Record<string, unknown>;
      let out = '';
      for (const m of members) {
        const x = v[m.name];
        if (x === undefined || x === null) continue;
        if (m.isList && (x as readonly unknown[]).length === 0) {
          out += m.empty;
          continue;
        }
        // Resolved on first use: shapes can be recursive.
        m.write ??= innerWriter(m.target);
        out += m.open + m.write(x) + m.close;
      }
      return out;
    };
  } else if (shape.kind === 'list') {
    let item: InnerWriter | undefined;
    writer = (value) => {
      item ??= innerWriter(shape.member);
      let out = '';
      for (const x of value as readonly unknown[]) if (x !== undefined && x !== null) out += `<item>${item(x)}</item>`;
      return out;
    };
  } else {
    writer = (value) => scalarText(shape, value);
  }
  if (MEMOIZED_SHAPES.has(shapeName)) writer = memoized(writer);
  WRITERS.set(shapeName, writer);
  return writer;
}

/**
 * Shapes whose XML is remembered per result object: DescribeSecurityGroups hands back the same (never mutated) wire
 * object for a group that did not change, and the same list for an answer that did not change
 * (src/service/security-groups/describe.ts), so their XML is written once.
 */
const MEMOIZED_SHAPES = new Set(['SecurityGroup', 'SecurityGroupList']);

function memoized(write: InnerWriter): InnerWriter {
  const memo = new WeakMap<object, string>();
  return (value) => {
    if (typeof value !== 'object' || value === null) return write(value);
    // A list of one group (a describe by id) is that group's remembered XML in a wrapper: remembering the list too
    // would add a weak entry per request for the garbage collector to clear, and save nothing.
    if (Array.isArray(value) && value.length < 2) return write(value);
    let xml = memo.get(value);
    if (xml === undefined) {
      xml = flatten(write(value));
      memo.set(value, xml);
    }
    return xml;
  };
}

/**
 * A string built by many `+=` is a tree of small pieces (a V8 "cons string"); every later answer that contains it
 * walked the whole tree again when its length was measured and when it was written to the socket: 40% of the CPU of
 * a full describe of 1,000 groups (profile of bench/api.bench.ts). Converting to a number makes V8 flatten the
 * string in place, once (the technique of the `flatstr` package); the number itself is discarded.
 */
function flatten(s: string): string {
  void Number(s);
  return s;
}

/**
 * The success document, as UTF-8 bytes when the result is large and of a shape whose answers are remembered per
 * result object (the service hands back the same result object for a repeated full describe of an unchanged region),
 * else as text (encodeSuccess). The remembered XML is kept encoded, so such an answer costs one copy: as a string, its
 * megabyte was measured, copied and encoded again for every answer (Buffer.byteLength in fastify, then the socket
 * write: over half of a full describe's CPU, bench/api.bench.ts).
 */
export function encodeSuccessDocument(action: string, outputShape: string | undefined, result: unknown, requestId: string): string | Buffer {
  if (!outputShape || !REMEMBERED_RESULTS.has(outputShape) || typeof result !== 'object' || result === null) {
    return encodeSuccess(action, outputShape, result, requestId);
  }
  let bytes = REMEMBERED_BYTES.get(result);
  if (bytes === undefined) {
    const body = innerWriter(outputShape)(result);
    // Small answers (a describe by id) cost as little as text, and nothing is kept for them.
    if (body.length < REMEMBER_FROM_CHARS) return envelope(action, body, requestId);
    bytes = Buffer.from(body, 'utf8');
    REMEMBERED_BYTES.set(result, bytes);
  }
  const head = Buffer.from(`${XML_DECLARATION}<${action}Response xmlns="${XML_NAMESPACE}"><requestId>${escapeXml(requestId)}</requestId>`, 'utf8');
  return Buffer.concat([head, bytes, Buffer.from(`</${action}Response>`, 'utf8')]);
}

const REMEMBER_FROM_CHARS = 64 * 1024;
const REMEMBERED_RESULTS = new Set(['DescribeSecurityGroupsResult']);
const REMEMBERED_BYTES = new WeakMap<object, Buffer>();

/**
 * The success document for `action`. Operations without modeled output still answer `<return>true</return>`, as
 * EC2's samples do (aws-semantics.md §1.2); SDKs ignore it.
 */
export function encodeSuccess(action: string, outputShape: string | undefined, result: unknown, requestId: string): string {
  return envelope(action, outputShape ? innerWriter(outputShape)(result ?? {}) : '<return>true</return>', requestId);
}

function envelope(action: string, body: string, requestId: string): string {
  return `${XML_DECLARATION}<${action}Response xmlns="${XML_NAMESPACE}"><requestId>${escapeXml(requestId)}</requestId>${body}</${action}Response>`;
}
