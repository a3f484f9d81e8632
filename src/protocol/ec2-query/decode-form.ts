/**
 * The generic EC2 Query decoder: form parameters → a request object with botocore's member names, driven by the
 * generated shape table. It is the inverse of botocore's EC2Serializer (aws-semantics.md §1.1): lists are flattened
 * and 1-based (`GroupId.1`, `IpPermissions.2.IpRanges.1.CidrIp`, never `.member.N`), nested structures use dots, wire
 * keys come from the model (`GroupDescription`, `IpPermissions.N.Groups.M`), booleans are `true`/`false`.
 *
 * Faults: a key the shape does not know → UnknownParameter; a value of the wrong type, out of the model's min/max or
 * not in its enum → InvalidParameterValue; a required member missing → MissingParameter. Semantic checks with EC2's own
 * wording (ports per protocol, CIDRs, names) live in core/validate and the services, not here.
 */
import { SHAPES, type ShapeSchema } from '../../api/ec2/schema.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';

interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

/** Parameters every EC2 request may carry that are not members of the operation's input shape. */
const ENVELOPE_KEYS = new Set([
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
]);

function buildTree(params: Iterable<readonly [string, string]>): ParamNode {
  const root: ParamNode = { children: new Map() };
  for (const [key, value] of params) {
    if (ENVELOPE_KEYS.has(key)) continue;
    let node = root;
    for (const part of key.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(part);
      if (!next) {
        next = {};
        node.children.set(part, next);
      }
      node = next;
    }
    // A repeated key keeps its last value, as a form decoder usually does.
    node.value = value;
  }
  return root;
}

/** Member lookup by wire key, built once per structure shape. */
const QUERY_INDEX = new WeakMap<object, Map<string, string>>();
function memberByQueryName(shape: Extract<ShapeSchema, { kind: 'structure' }>): Map<string, string> {
  let index = QUERY_INDEX.get(shape);
  if (!index) {
    index = new Map(Object.entries(shape.members).map(([name, m]) => [m.query, name]));
    QUERY_INDEX.set(shape, index);
  }
  return index;
}

const join = (path: string, part: string): string => (path ? `${path}.${part}` : part);
const INTEGER = /^-?\d{1,16}$/;
const LIST_INDEX = /^[1-9]\d{0,5}$/;

function decodeNode(shapeName: string, node: ParamNode, path: string): unknown {
  const shape = SHAPES[shapeName];
  switch (shape.kind) {
    case 'structure':
      return decodeStructure(shape, node, path);
    case 'list':
      return decodeList(shape.member, node, path);
    default:
      if (node.children) throw ec2Error('UnknownParameter', join(path, [...node.children.keys()][0]));
      return decodeScalar(shape, node.value ?? '', path);
  }
}

function decodeStructure(shape: Extract<ShapeSchema, { kind: 'structure' }>, node: ParamNode, path: string): Record<string, unknown> {
  if (node.value !== undefined && path) throw ec2Error('UnknownParameter', path);
  const out: Record<string, unknown> = {};
  const index = memberByQueryName(shape);
  for (const [wire, child] of node.children ?? []) {
    const name = index.get(wire);
    if (name === undefined) throw ec2Error('UnknownParameter', join(path, wire));
    out[name] = decodeNode(shape.members[name].target, child, join(path, wire));
  }
  for (const name of shape.required) {
    if (out[name] === undefined) throw ec2Error('MissingParameter', join(path, shape.members[name].query));
  }
  return out;
}

function decodeList(memberShape: string, node: ParamNode, path: string): unknown[] {
  if (node.value !== undefined) throw ec2Error('UnknownParameter', path);
  const items: Array<[number, ParamNode]> = [];
  for (const [k, child] of node.children ?? []) {
    if (!LIST_INDEX.test(k)) throw ec2Error('UnknownParameter', join(path, k));
    items.push([Number(k), child]);
  }
  items.sort((a, b) => a[0] - b[0]);
  return items.map(([i, child]) => decodeNode(memberShape, child, join(path, String(i))));
}

function invalid(path: string, value: string, why: string): never {
  throw ec2Error('InvalidParameterValue', `Value (${value}) for parameter ${path} is invalid. ${why}`);
}

function decodeScalar(shape: ShapeSchema, value: string, path: string): unknown {
  switch (shape.kind) {
    case 'string':
      if (shape.enum && !shape.enum.includes(value)) invalid(path, value, `Expected one of: ${shape.enum.slice(0, 20).join(', ')}${shape.enum.length > 20 ? ', …' : ''}.`);
      if (shape.min !== undefined && value.length < shape.min) invalid(path, value, `Length must be at least ${shape.min}.`);
      if (shape.max !== undefined && value.length > shape.max) invalid(path, value, `Length must be at most ${shape.max}.`);
      return value;
    case 'integer':
    case 'long': {
      if (!INTEGER.test(value.trim())) invalid(path, value, 'Expected an integer.');
      const n = Number(value.trim());
      if (shape.kind === 'integer' && (n < -2147483648 || n > 2147483647)) invalid(path, value, 'Expected a 32-bit integer.');
      if (shape.min !== undefined && n < shape.min) invalid(path, value, `Expecting a value greater than or equal to ${shape.min}.`);
      if (shape.max !== undefined && n > shape.max) invalid(path, value, `Expecting a value less than or equal to ${shape.max}.`);
      return n;
    }
    case 'double':
    case 'float': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) invalid(path, value, 'Expected a number.');
      return n;
    }
    case 'boolean': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') invalid(path, value, 'Expected true or false.');
      return v === 'true';
    }
    case 'timestamp': {
      const t = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
      if (Number.isNaN(t.getTime())) invalid(path, value, 'Expected an ISO 8601 timestamp.');
      return t;
    }
    case 'blob':
      return value;
    default:
      return invalid(path, value, 'Unexpected value.');
  }
}

/** Decodes the parameters of one request into the operation's input shape. */
export function decodeForm(inputShape: string, params: Iterable<readonly [string, string]>): Record<string, unknown> {
  return decodeStructure(SHAPES[inputShape] as Extract<ShapeSchema, { kind: 'structure' }>, buildTree(params), '');
}
