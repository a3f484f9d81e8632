/**
 * Reading planned values the way Terraform means them: a value known at plan time is used as is; a value known
 * only after apply (`after_unknown`) is followed through the configuration's references — `aws_vpc.main.id` names
 * the planned `aws_vpc.main`, `var.x` the root variable or the module call's argument — and stays Unknown, with
 * the reason, when it leads nowhere we can see (a module output, a data source, an ambiguous `count` instance).
 */
import type { SourceLocation } from '../../model/estate.ts';
import type { IacEstateBuilder, Unknown } from '../iac-estate-builder.ts';
import type { PlanFile, PlannedResource } from './tf-plan-file.ts';

type Path = ReadonlyArray<string | number>;

export class TfContext {
  readonly byAddress = new Map<string, PlannedResource>();
  private readonly byConfig = new Map<string, PlannedResource[]>();
  private readonly byId = new Map<string, string>();

  constructor(
    readonly plan: PlanFile,
    readonly builder: IacEstateBuilder,
  ) {
    for (const r of plan.resources) {
      this.byAddress.set(r.address, r);
      this.byConfig.set(r.configAddress, [...(this.byConfig.get(r.configAddress) ?? []), r]);
      if (typeof r.values.id === 'string') this.byId.set(r.values.id, r.address);
    }
  }

  resourcesOf(type: string): PlannedResource[] {
    return this.plan.resources.filter((r) => r.mode === 'managed' && r.type === type);
  }

  location(r: PlannedResource, property?: string): SourceLocation {
    const pos = this.plan.positionOf(r.address);
    return { file: this.plan.path, line: pos?.line ?? 1, ...(pos ? { column: pos.column } : {}), logicalName: r.address, ...(property ? { property } : {}), resourceType: r.type };
  }

  /** The value at `path`, or Unknown when it is known only after apply. `undefined` when absent or null. */
  value(r: PlannedResource, path: Path): unknown {
    if (isUnknownAt(r.afterUnknown, path)) return { unknown: `${r.address}.${pathText(path)} is known only after apply` } satisfies Unknown;
    let v: unknown = r.values;
    for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
    return v === null ? undefined : v;
  }

  /** An id-valued attribute as the address (or existing id) of what it names. */
  reference(r: PlannedResource, path: Path): string | Unknown | undefined {
    const v = this.value(r, path);
    if (typeof v === 'string') return this.byId.get(v) ?? v;
    if (v === undefined) return undefined;
    if (!isUnknownValue(v)) return { unknown: `${r.address}.${pathText(path)} is not an id` };
    const targets = this.referencesAt(r, path);
    if (targets.length === 1) return targets[0];
    return targets.length > 1 ? { unknown: `${r.address}.${pathText(path)} refers to several resources (${targets.join(', ')})` } : (v as Unknown);
  }

  /** A list of ids (security groups, subnets): known elements as they are, unknown ones through references. */
  referenceList(r: PlannedResource, path: Path): string[] | Unknown | undefined {
    const v = this.value(r, path);
    if (Array.isArray(v) && !v.some((x) => x === null)) {
      const unknownElements = v.some((_, i) => isUnknownAt(r.afterUnknown, [...path, i]));
      if (!unknownElements) return v.map((x) => this.byId.get(String(x)) ?? String(x));
    }
    if (v === undefined) return undefined;
    const targets = this.referencesAt(r, path);
    if (targets.length > 0) return targets;
    return isUnknownValue(v) ? v : { unknown: `${r.address}.${pathText(path)} is known only after apply` };
  }

  /** Planned addresses that the configuration expression at `path` refers to. */
  referencesAt(r: PlannedResource, path: Path, expressionPath?: Path): string[] {
    const expr = expressionAt(r.expressions, expressionPath ?? path);
    return this.resolveReferences(expr, r.modulePrefix, r.index);
  }

  private resolveReferences(expr: unknown, prefix: string, index: string | number | undefined, depth = 0): string[] {
    const refs = (expr && typeof expr === 'object' && Array.isArray((expr as { references?: unknown }).references) ? (expr as { references: string[] }).references : []) as string[];
    const out: string[] = [];
    for (const ref of refs) {
      if (ref.startsWith('var.') && depth < 8) {
        const name = ref.slice(4).split('.')[0];
        const input = this.plan.moduleInputs.get(prefix)?.[name];
        if (prefix !== '' && input) {
          const parent = prefix.replace(/module\.[^.]+\.$/, '');
          out.push(...this.resolveReferences(input, parent, undefined, depth + 1));
        }
        continue;
      }
      const m = /^([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(\[[^\]]+\])?/.exec(ref);
      if (!m || ['local', 'each', 'count', 'path', 'data', 'module', 'self', 'terraform'].includes(m[1])) continue;
      const base = `${prefix}${m[1]}.${m[2]}`;
      if (m[3]) {
        if (this.byAddress.has(`${base}${m[3]}`)) out.push(`${base}${m[3]}`);
        continue;
      }
      const instances = this.byConfig.get(base) ?? [];
      if (instances.length === 1) out.push(instances[0].address);
      else if (instances.length > 1 && index !== undefined) {
        const same = instances.find((i) => i.index === index);
        if (same) out.push(same.address);
      }
    }
    return [...new Set(out)];
  }
}

function isUnknownAt(afterUnknown: unknown, path: Path): boolean {
  let u: unknown = afterUnknown;
  for (const p of path) {
    if (u === true) return true;
    if (!u || typeof u !== 'object') return false;
    u = (u as Record<string | number, unknown>)[p];
  }
  return u === true;
}

function isUnknownValue(v: unknown): v is Unknown {
  return typeof v === 'object' && v !== null && 'unknown' in v;
}

function expressionAt(expressions: unknown, path: Path): unknown {
  let e: unknown = expressions;
  for (const p of path) {
    if (Array.isArray(e) && typeof p === 'number') e = e[p];
    else if (e && typeof e === 'object') e = (e as Record<string, unknown>)[p as string];
    else return undefined;
  }
  return e;
}

function pathText(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
}
