/**
 * Typed, located reading of one object from `aws ec2 describe-*` JSON. Every accessor knows where it is
 * (`sg.json: SecurityGroups[2] (sg-0abc…).IpPermissions[0].FromPort`), so bad input fails with an Ec2Error that
 * names the document and the item, as the brief for snapshot loading asks.
 *
 * The CLI prints empty lists as `[]` but leaves out absent structures and untagged `Tags` (aws-semantics.md §1.2),
 * so a missing list reads as empty and a missing optional scalar as undefined.
 */
import { Ec2Error } from '../errors/ec2-error.ts';
import type { Ec2ErrorCode } from '../errors/codes.ts';

export class DescribeItem {
  private constructor(
    readonly fields: Readonly<Record<string, unknown>>,
    readonly location: string,
  ) {}

  /** Wraps `value`, which must be a JSON object. */
  static of(value: unknown, location: string): DescribeItem {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Ec2Error('InvalidParameterValue', `${location}: expected a JSON object, found ${describeJsonType(value)}`);
    }
    return new DescribeItem(value as Record<string, unknown>, location);
  }

  /** The same item, its location annotated with the resource id once it is known, for later messages. */
  named(id: string): DescribeItem {
    return new DescribeItem(this.fields, `${this.location} (${id})`);
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined && this.fields[key] !== null;
  }

  fail(code: Ec2ErrorCode, detail: string, key?: string): Ec2Error {
    return new Ec2Error(code, `${key === undefined ? this.location : this.at(key)}: ${detail}`);
  }

  at(key: string): string {
    return `${this.location}.${key}`;
  }

  requiredString(key: string): string {
    const v = this.optionalString(key);
    if (v === undefined || v === '') throw this.fail('MissingParameter', `the required key ${key} is missing`);
    return v;
  }

  optionalString(key: string): string | undefined {
    const v = this.fields[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.fail('InvalidParameterValue', `expected a string, found ${describeJsonType(v)}`, key);
    return v;
  }

  requiredInteger(key: string): number {
    const v = this.optionalInteger(key);
    if (v === undefined) throw this.fail('MissingParameter', `the required key ${key} is missing`);
    return v;
  }

  optionalInteger(key: string): number | undefined {
    const v = this.fields[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw this.fail('InvalidParameterValue', `expected an integer, found ${JSON.stringify(v)}`, key);
    }
    return v;
  }

  requiredBoolean(key: string): boolean {
    const v = this.optionalBoolean(key);
    if (v === undefined) throw this.fail('MissingParameter', `the required key ${key} is missing`);
    return v;
  }

  optionalBoolean(key: string): boolean | undefined {
    const v = this.fields[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw this.fail('InvalidParameterValue', `expected true or false, found ${JSON.stringify(v)}`, key);
    return v;
  }

  /** A nested structure, or undefined when the key is absent. */
  child(key: string): DescribeItem | undefined {
    return this.has(key) ? DescribeItem.of(this.fields[key], this.at(key)) : undefined;
  }

  /** A list of structures; absent means empty (the CLI omits some empty lists, §1.2). */
  list(key: string): DescribeItem[] {
    return this.rawList(key).map((v, i) => DescribeItem.of(v, `${this.location}.${key}[${i}]`));
  }

  /** A list of strings (e.g. `AssociatedSubnets`). */
  stringList(key: string): string[] {
    return this.rawList(key).map((v, i) => {
      if (typeof v !== 'string') throw new Ec2Error('InvalidParameterValue', `${this.location}.${key}[${i}]: expected a string`);
      return v;
    });
  }

  private rawList(key: string): unknown[] {
    const v = this.fields[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw this.fail('InvalidParameterValue', `expected a list, found ${describeJsonType(v)}`, key);
    return v;
  }
}

export function describeJsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
