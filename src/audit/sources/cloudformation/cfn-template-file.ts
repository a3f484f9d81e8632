/**
 * Reads a CloudFormation template (YAML with the short-form intrinsic tags, or JSON) into plain values, keeping
 * the line of every mapping, sequence and mapping key for SARIF. `!Ref X` becomes `{Ref: X}`, `!GetAtt A.B`
 * `{'Fn::GetAtt': [A, B]}`, `!Sub …` `{'Fn::Sub': …}` and so on, exactly the long form (stack.md recipe), so the
 * resolver sees one shape whatever the author wrote.
 */
import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Pair, parseDocument, Scalar, YAMLMap, type Node, type Document } from 'yaml';

const FUNCTIONS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString', 'Ref', 'Condition',
];
const longName = (n: string) => (n === 'Ref' || n === 'Condition' ? n : `Fn::${n}`);
const wrap = (key: string, value: unknown) => {
  const m = new YAMLMap();
  m.items.push(new Pair(new Scalar(key), value));
  return m;
};

export const CFN_TAGS = FUNCTIONS.flatMap((n) => [
  {
    tag: `!${n}`,
    resolve: (s: string) => ({ [longName(n)]: n === 'GetAtt' ? [s.slice(0, s.indexOf('.')), s.slice(s.indexOf('.') + 1)] : s }),
  },
  { tag: `!${n}`, collection: 'seq' as const, resolve: (seq: unknown) => wrap(longName(n), seq) },
  { tag: `!${n}`, collection: 'map' as const, resolve: (map: unknown) => wrap(longName(n), map) },
]);

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface TemplateFile {
  readonly path: string;
  readonly template: Record<string, unknown>;
  /** Where an object or array value starts. */
  positionOf(value: object): Position | undefined;
  /** Where the key `key` of the mapping `owner` is written. */
  keyPosition(owner: object, key: string): Position | undefined;
}

export class TemplateSyntaxError extends Error {}

export async function readTemplateFile(path: string): Promise<TemplateFile> {
  return parseTemplate(await readFile(path, 'utf8'), path);
}

export function parseTemplate(text: string, path: string): TemplateFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { customTags: CFN_TAGS, lineCounter, uniqueKeys: false, prettyErrors: false }) as Document.Parsed;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.pos ? lineCounter.linePos(e.pos[0]) : undefined;
    throw new TemplateSyntaxError(`${path}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`);
  }
  const positions = new WeakMap<object, Position>();
  const keyPositions = new WeakMap<object, Map<string, Position>>();
  const at = (node: Node | null | undefined): Position | undefined => {
    const r = node?.range;
    if (!r) return undefined;
    const p = lineCounter.linePos(r[0]);
    return { line: p.line, column: p.col };
  };
  const convert = (node: unknown): unknown => {
    if (isAlias(node)) return convert(node.resolve(doc));
    if (isScalar(node)) {
      const v = node.value;
      // A scalar intrinsic (!Ref X) resolves to a plain object; give it the scalar's position.
      if (v && typeof v === 'object') {
        const pos = at(node);
        if (pos) positions.set(v as object, pos);
      }
      return v;
    }
    if (isSeq(node)) {
      const out = node.items.map(convert);
      const pos = at(node as Node);
      if (pos) positions.set(out, pos);
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const keys = new Map<string, Position>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        out[key] = convert(item.value);
        const kp = at(item.key as Node);
        if (kp) keys.set(key, kp);
      }
      // Wrapped short-form tags have no range of their own: use the first key's (the tagged value's) position.
      const pos = at(node as Node) ?? at((node.items[0] as Pair | undefined)?.value as Node);
      if (pos) positions.set(out, pos);
      keyPositions.set(out, keys);
      return out;
    }
    return node ?? null;
  };
  const template = convert(doc.contents);
  if (!template || typeof template !== 'object' || Array.isArray(template)) throw new TemplateSyntaxError(`${path}: a template must be a mapping`);
  const t = template as Record<string, unknown>;
  if (!t.Resources || typeof t.Resources !== 'object') throw new TemplateSyntaxError(`${path}: not a CloudFormation template (no Resources section)`);
  return {
    path,
    template: t,
    positionOf: (v) => positions.get(v),
    keyPosition: (owner, key) => keyPositions.get(owner)?.get(key),
  };
}
