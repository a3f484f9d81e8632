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

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML_CHARS, '').replace(NEEDS_ESCAPE, (c) => ESCAPES[c]);
}

function scalarText(shape: ShapeSchema, value: unknown): string {
  if (shape.kind === 'timestamp') return value instanceof Date ? value.toISOString() : escapeXml(String(value));
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return escapeXml(String(value));
}

function writeValue(out: string[], shapeName: string, element: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const shape = SHAPES[shapeName];
  if (shape.kind === 'structure') {
    out.push(`<${element}>`);
    writeMembers(out, shape, value as Record<string, unknown>);
    out.push(`</${element}>`);
  } else if (shape.kind === 'list') {
    const items = value as readonly unknown[];
    if (items.length === 0) {
      out.push(`<${element}/>`);
      return;
    }
    out.push(`<${element}>`);
    for (const item of items) writeValue(out, shape.member, 'item', item);
    out.push(`</${element}>`);
  } else {
    out.push(`<${element}>${scalarText(shape, value)}</${element}>`);
  }
}

function writeMembers(out: string[], shape: Extract<ShapeSchema, { kind: 'structure' }>, value: Record<string, unknown>): void {
  for (const name in shape.members) {
    const v = value[name];
    if (v !== undefined) writeValue(out, shape.members[name].target, shape.members[name].xml, v);
  }
}

/**
 * The success document for `action`. Operations without modeled output still answer `<return>true</return>`, as
 * EC2's samples do (aws-semantics.md §1.2); SDKs ignore it.
 */
export function encodeSuccess(action: string, outputShape: string | undefined, result: unknown, requestId: string): string {
  const out: string[] = [XML_DECLARATION, `<${action}Response xmlns="${XML_NAMESPACE}">`, `<requestId>${escapeXml(requestId)}</requestId>`];
  if (outputShape) {
    writeMembers(out, SHAPES[outputShape] as Extract<ShapeSchema, { kind: 'structure' }>, (result ?? {}) as Record<string, unknown>);
  } else {
    out.push('<return>true</return>');
  }
  out.push(`</${action}Response>`);
  return out.join('');
}
