/**
 * What every CloudFormation resource reader shares: the template, the resolver, the estate builder, and small
 * conversions from resolved values to ids, text and numbers (unresolved values stay `Unknown` with their reason).
 */
import type { SourceLocation } from '../../model/estate.ts';
import type { IacEstateBuilder, Unknown } from '../iac-estate-builder.ts';
import { IntrinsicResolver, ResourceId, Unresolved, type Resolved } from './intrinsics.ts';
import type { TemplateFile } from './cfn-template-file.ts';

export interface CfnResource {
  readonly logicalId: string;
  readonly type: string;
  /** Raw properties (for positions); resolve through `ctx.resolve`. */
  readonly properties: Record<string, unknown>;
}

export class CfnContext {
  constructor(
    readonly file: TemplateFile,
    readonly resolver: IntrinsicResolver,
    readonly builder: IacEstateBuilder,
    readonly resources: readonly CfnResource[],
  ) {}

  resolve(value: unknown): Resolved {
    return this.resolver.resolve(value);
  }

  typeOf(logicalId: string): string | undefined {
    return this.resources.find((r) => r.logicalId === logicalId)?.type;
  }

  /** Location of a resource, or of a value inside it (a rule item) when given. */
  location(resource: CfnResource, property?: string, node?: unknown): SourceLocation {
    const resources = this.file.template.Resources as object;
    const pos = (node && typeof node === 'object' ? this.file.positionOf(node) : undefined) ?? this.file.keyPosition(resources, resource.logicalId);
    return {
      file: this.file.path,
      line: pos?.line ?? 1,
      ...(pos ? { column: pos.column } : {}),
      logicalName: resource.logicalId,
      ...(property ? { property } : {}),
      resourceType: resource.type,
    };
  }
}

export function unknown(reason: string): Unknown {
  return { unknown: reason };
}

/** A reference to a resource: a template resource's key, an existing id (`sg-…`), or unknown. */
export function idOf(v: Resolved, what: string): string | Unknown {
  if (v instanceof ResourceId) return v.key;
  if (typeof v === 'string' && v !== '') return v;
  if (v instanceof Unresolved) return unknown(`${what}: ${v.reason}`);
  return unknown(`${what} is missing or not an id`);
}

export function textOf(v: Resolved, what: string): string | Unknown | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Unresolved) return unknown(`${what}: ${v.reason}`);
  if (v instanceof ResourceId) return unknown(`${what} is the physical id of ${v.key}, known after deployment`);
  return unknown(`${what} is not a scalar`);
}

export function numberOf(v: Resolved, what: string): number | Unknown | undefined {
  const t = textOf(v, what);
  if (t === undefined || typeof t !== 'string') return t;
  const n = Number(t);
  return Number.isFinite(n) && t.trim() !== '' ? n : unknown(`${what} "${t}" is not a number`);
}

export function boolOf(v: Resolved): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.toLowerCase() === 'true' ? true : v.toLowerCase() === 'false' ? false : undefined;
  return undefined;
}

export function listOf(v: Resolved): Resolved[] | Unresolved | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  if (v instanceof Unresolved) return v;
  return [v];
}
