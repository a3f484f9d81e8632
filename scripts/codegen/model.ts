/**
 * The pruned botocore model as the generator reads it (service-2.subset.json), and the operations allow-list.
 */
import { readFileSync } from 'node:fs';

export interface ModelMember {
  readonly shape: string;
  readonly locationName?: string;
  readonly queryName?: string;
}

export interface ModelShape {
  readonly type: 'structure' | 'list' | 'string' | 'integer' | 'long' | 'boolean' | 'double' | 'float' | 'timestamp' | 'blob';
  readonly members?: Record<string, ModelMember>;
  readonly member?: { readonly shape: string; readonly locationName?: string };
  readonly required?: readonly string[];
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
}

export interface ModelPaginator {
  readonly inputToken: string;
  readonly outputToken: string;
  readonly limitKey?: string;
  readonly resultKey: string;
}

export interface ModelSubset {
  readonly provenance: { readonly source: string; readonly botocoreVersion: string; readonly sha256: string };
  readonly metadata: { readonly apiVersion: string; readonly xmlNamespace: string; readonly signingName: string };
  readonly operations: Record<string, { readonly input?: string; readonly output?: string }>;
  readonly paginators: Record<string, ModelPaginator>;
  readonly shapes: Record<string, ModelShape>;
}

export function readOperationList(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0);
}

export function readSubset(path: string): ModelSubset {
  return JSON.parse(readFileSync(path, 'utf8')) as ModelSubset;
}
