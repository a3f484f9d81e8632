/**
 * Prunes botocore's EC2 service model to the operations in operations.txt and writes service-2.subset.json.
 *
 *   node --import tsx scripts/codegen/refresh-model.ts [--model path/to/service-2.json.gz]
 *
 * Runs only when someone moves botocore forward or adds an operation: the subset is committed, so nothing at build or
 * test time needs botocore (style.md §5.4). Documentation is stripped to keep the file small; the subset keeps the
 * provenance (botocore version, sha256 of the source file) that the generated files quote in their header.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readOperationList, type ModelShape, type ModelSubset } from './model.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

function botocoreDir(): { dir: string; version: string } {
  const out = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'], {
    encoding: 'utf8',
  });
  const [dir, version] = out.trim().split('\n');
  return { dir, version };
}

/** Members kept from the model: what the generator and the runtime walkers use. Everything else is documentation. */
const KEEP_SHAPE_KEYS = ['type', 'members', 'member', 'required', 'enum', 'min', 'max', 'pattern'] as const;
const KEEP_MEMBER_KEYS = ['shape', 'locationName', 'queryName'] as const;

function prune(shape: Record<string, unknown>): ModelShape {
  const out: Record<string, unknown> = {};
  for (const k of KEEP_SHAPE_KEYS) if (shape[k] !== undefined) out[k] = shape[k];
  if (out.members) {
    const members: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(out.members as Record<string, Record<string, unknown>>)) {
      const kept: Record<string, unknown> = {};
      for (const k of KEEP_MEMBER_KEYS) if (m[k] !== undefined) kept[k] = m[k];
      members[name] = kept;
    }
    out.members = members;
  }
  if (out.member) {
    const m = out.member as Record<string, unknown>;
    out.member = { shape: m.shape, ...(m.locationName ? { locationName: m.locationName } : {}) };
  }
  return out as unknown as ModelShape;
}

function main(): void {
  const args = process.argv.slice(2);
  const modelArg = args.indexOf('--model');
  const { dir, version } = modelArg >= 0 ? { dir: '', version: 'unknown' } : botocoreDir();
  const modelPath = modelArg >= 0 ? args[modelArg + 1] : join(dir, 'data/ec2/2016-11-15/service-2.json.gz');
  const raw = readFileSync(modelPath);
  const json = modelPath.endsWith('.gz') ? gunzipSync(raw) : raw;
  const model = JSON.parse(json.toString('utf8')) as {
    metadata: Record<string, unknown>;
    operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
    shapes: Record<string, Record<string, unknown>>;
  };
  const paginators = JSON.parse(readFileSync(join(dirname(modelPath), 'paginators-1.json'), 'utf8')) as {
    pagination: Record<string, Record<string, unknown>>;
  };

  const wanted = readOperationList(join(HERE, 'operations.txt'));
  const shapes = new Map<string, ModelShape>();
  const visit = (name: string): void => {
    if (shapes.has(name)) return;
    const s = model.shapes[name];
    if (!s) throw new Error(`shape ${name} is missing from the model`);
    const pruned = prune(s);
    shapes.set(name, pruned);
    for (const m of Object.values(pruned.members ?? {})) visit(m.shape);
    if (pruned.member) visit(pruned.member.shape);
  };
  const operations: ModelSubset['operations'] = {};
  const pagination: ModelSubset['paginators'] = {};
  for (const op of wanted) {
    const o = model.operations[op];
    if (!o) throw new Error(`operation ${op} (operations.txt) is not in the model`);
    operations[op] = { ...(o.input ? { input: o.input.shape } : {}), ...(o.output ? { output: o.output.shape } : {}) };
    if (o.input) visit(o.input.shape);
    if (o.output) visit(o.output.shape);
    const p = paginators.pagination[op];
    if (p) {
      pagination[op] = {
        inputToken: String(p.input_token),
        outputToken: String(p.output_token),
        ...(p.limit_key ? { limitKey: String(p.limit_key) } : {}),
        resultKey: String(p.result_key),
      };
    }
  }
  const sortedShapes: Record<string, ModelShape> = {};
  for (const name of [...shapes.keys()].sort()) sortedShapes[name] = shapes.get(name)!;
  const subset: ModelSubset = {
    provenance: {
      source: `botocore ${version} data/ec2/2016-11-15/service-2.json.gz`,
      botocoreVersion: version,
      sha256: createHash('sha256').update(raw).digest('hex'),
    },
    metadata: {
      apiVersion: String(model.metadata.apiVersion),
      xmlNamespace: String(model.metadata.xmlNamespace),
      signingName: String(model.metadata.signingName ?? model.metadata.endpointPrefix),
    },
    operations,
    paginators: pagination,
    shapes: sortedShapes,
  };
  writeFileSync(join(HERE, 'service-2.subset.json'), formatSubset(subset));
  console.log(`wrote service-2.subset.json: ${wanted.length} operations, ${shapes.size} shapes (botocore ${version})`);
}

/** One shape per line: small, and a model refresh shows up as a readable diff. */
function formatSubset(s: ModelSubset): string {
  const lines = (o: Record<string, unknown>): string =>
    Object.entries(o)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  return [
    '{',
    `  "provenance": ${JSON.stringify(s.provenance)},`,
    `  "metadata": ${JSON.stringify(s.metadata)},`,
    `  "operations": {\n${lines(s.operations)}\n  },`,
    `  "paginators": {\n${lines(s.paginators)}\n  },`,
    `  "shapes": {\n${lines(s.shapes as Record<string, unknown>)}\n  }`,
    '}',
    '',
  ].join('\n');
}

main();
