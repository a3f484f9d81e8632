/**
 * CloudFormation intrinsic functions, resolved as far as the template allows and no further. Parameters take
 * their given value (`--cfn-param`) or their Default; `Ref`/`GetAtt` of a resource of the template names that
 * resource (its physical id does not exist before deployment, but which resource it is, is known); conditions,
 * mappings, `Sub`, `Join`, `Select`, `Split`, `If`, `FindInMap` and `Cidr` are evaluated. Anything that depends
 * on what only deployment knows (a parameter without default, an imported value, an SSM parameter, most `GetAtt`s)
 * becomes an `Unresolved` value carrying the reason, which the checks report as UNKNOWN: never a guess.
 */
import { parseCidr, cidrOf } from '../../../core/net/cidr.ts';
import { bigToAddress, cidrInterval } from '../../analysis/address-set.ts';

export class Unresolved {
  constructor(readonly reason: string) {}
}

/** The (future) physical id of a resource of the template, or of one of its implicit companions. */
export class ResourceId {
  constructor(
    readonly logicalId: string,
    /** `DefaultSecurityGroup`, `DefaultNetworkAcl`: the VPC's implicit resources. */
    readonly attribute?: string,
  ) {}
  get key(): string {
    return this.attribute ? `${this.logicalId}.${this.attribute}` : this.logicalId;
  }
}

export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export type Resolved = string | number | boolean | null | ResourceId | Unresolved | typeof NO_VALUE | Resolved[] | { [key: string]: Resolved };

export interface ResolverOptions {
  /** Parameter values given on the command line; they win over Defaults. */
  readonly parameters?: Readonly<Record<string, string>>;
  readonly region?: string;
  readonly accountId?: string;
  readonly stackName?: string;
}

/** GetAtt attributes that name a resource of the template (so references stay resolvable). */
const IDENTITY_ATTRIBUTES: Record<string, readonly string[]> = {
  'AWS::EC2::SecurityGroup': ['GroupId', 'Id'],
  'AWS::EC2::VPC': ['VpcId'],
  'AWS::EC2::Subnet': ['SubnetId'],
  'AWS::EC2::NetworkAcl': ['Id'],
  'AWS::EC2::RouteTable': ['RouteTableId'],
  'AWS::EC2::InternetGateway': ['InternetGatewayId'],
  'AWS::EC2::PrefixList': ['PrefixListId', 'Arn'],
  'AWS::EC2::NetworkInterface': ['Id'],
  'AWS::EC2::Instance': ['InstanceId'],
  'AWS::EC2::VPCPeeringConnection': ['Id'],
};

export class IntrinsicResolver {
  private readonly parameters: Record<string, unknown>;
  private readonly resources: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
  private readonly conditionsMemo = new Map<string, boolean | Unresolved>();
  private readonly conditionsInProgress = new Set<string>();

  constructor(
    private readonly template: Record<string, unknown>,
    private readonly options: ResolverOptions = {},
  ) {
    this.parameters = (template.Parameters ?? {}) as Record<string, unknown>;
    this.resources = (template.Resources ?? {}) as Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
  }

  resolve(value: unknown): Resolved {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object') return value as string | number | boolean;
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return this.intrinsic(keys[0], obj[keys[0]]);
    const out: Record<string, Resolved> = {};
    for (const k of keys) {
      const v = this.resolve(obj[k]);
      if (v !== NO_VALUE) out[k] = v;
    }
    return out;
  }

  /** A named condition of the Conditions section. */
  condition(name: string): boolean | Unresolved {
    const memo = this.conditionsMemo.get(name);
    if (memo !== undefined) return memo;
    const conditions = (this.template.Conditions ?? {}) as Record<string, unknown>;
    if (!(name in conditions)) return new Unresolved(`condition ${name} is not defined`);
    if (this.conditionsInProgress.has(name)) return new Unresolved(`condition ${name} refers to itself`);
    this.conditionsInProgress.add(name);
    const result = this.evaluateCondition(conditions[name]);
    this.conditionsInProgress.delete(name);
    this.conditionsMemo.set(name, result);
    return result;
  }

  private evaluateCondition(expr: unknown): boolean | Unresolved {
    if (typeof expr === 'boolean') return expr;
    if (!expr || typeof expr !== 'object' || Array.isArray(expr)) return new Unresolved('a condition must be a condition function');
    const [key, arg] = Object.entries(expr as Record<string, unknown>)[0] ?? [];
    const args = Array.isArray(arg) ? arg : [arg];
    switch (key) {
      case 'Condition':
        return this.condition(String(arg));
      case 'Fn::Equals': {
        const [a, b] = args.map((x) => this.resolve(x));
        const bad = [a, b].find((x) => x instanceof Unresolved || x instanceof ResourceId);
        if (bad) return bad instanceof Unresolved ? bad : new Unresolved(`Fn::Equals compares the physical id of ${(bad as ResourceId).key}`);
        return JSON.stringify(scalarText(a)) === JSON.stringify(scalarText(b));
      }
      case 'Fn::Not': {
        const v = this.evaluateCondition(args[0]);
        return v instanceof Unresolved ? v : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = args.map((x) => this.evaluateCondition(x));
        const known = values.filter((v): v is boolean => typeof v === 'boolean');
        if (key === 'Fn::And' && known.includes(false)) return false;
        if (key === 'Fn::Or' && known.includes(true)) return true;
        return values.find((v) => v instanceof Unresolved) ?? (key === 'Fn::And');
      }
      default:
        return new Unresolved(`unsupported condition function ${key}`);
    }
  }

  private intrinsic(fn: string, arg: unknown): Resolved {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt':
        return this.getAtt(arg);
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Join': {
        const [delimiter, list] = Array.isArray(arg) ? arg : [];
        const items = this.resolve(list);
        if (items instanceof Unresolved) return items;
        if (!Array.isArray(items)) return new Unresolved('Fn::Join needs a list');
        const parts: string[] = [];
        for (const item of items) {
          if (item instanceof Unresolved) return item;
          if (item instanceof ResourceId) return new Unresolved(`Fn::Join includes the physical id of ${item.key}, known after deployment`);
          parts.push(String(scalarText(item)));
        }
        return parts.join(String(delimiter ?? ''));
      }
      case 'Fn::Select': {
        const [indexArg, listArg] = Array.isArray(arg) ? arg : [];
        const index = this.resolve(indexArg);
        const list = this.resolve(listArg);
        if (index instanceof Unresolved) return index;
        if (list instanceof Unresolved) return list;
        if (!Array.isArray(list)) return new Unresolved('Fn::Select needs a list');
        const i = Number(index);
        return Number.isInteger(i) && i >= 0 && i < list.length ? list[i] : new Unresolved(`Fn::Select index ${String(index)} is out of range`);
      }
      case 'Fn::Split': {
        const [delimiter, source] = Array.isArray(arg) ? arg : [];
        const s = this.resolve(source);
        if (s instanceof Unresolved) return s;
        if (typeof s !== 'string') return new Unresolved('Fn::Split needs a string');
        return s.split(String(delimiter));
      }
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = Array.isArray(arg) ? arg : [];
        const c = this.condition(String(name));
        if (c === true) return this.resolve(whenTrue);
        if (c === false) return this.resolve(whenFalse);
        const a = this.resolve(whenTrue);
        const b = this.resolve(whenFalse);
        // Both branches agree: the value is known whatever the condition.
        if (sameValue(a, b)) return a;
        return new Unresolved(`it depends on condition ${String(name)}, which is unresolved (${c.reason})`);
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg);
      case 'Fn::Cidr':
        return this.cidr(arg);
      case 'Fn::Base64':
        return this.resolve(arg);
      case 'Fn::Length': {
        const list = this.resolve(arg);
        return Array.isArray(list) ? list.length : list instanceof Unresolved ? list : new Unresolved('Fn::Length needs a list');
      }
      case 'Fn::GetAZs':
        return new Unresolved('availability zones are known at deployment');
      case 'Fn::ImportValue':
        return new Unresolved('the value is imported from another stack');
      default:
        return new Unresolved(`${fn} is not evaluated`);
    }
  }

  private ref(name: string): Resolved {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) return this.pseudo(name);
    if (name in this.parameters) return this.parameter(name);
    if (name in this.resources) return new ResourceId(name);
    return new Unresolved(`Ref ${name} names no parameter or resource`);
  }

  private pseudo(name: string): Resolved {
    switch (name) {
      case 'AWS::Region':
        return this.options.region ?? new Unresolved('AWS::Region is known at deployment (give --region)');
      case 'AWS::AccountId':
        return this.options.accountId ?? new Unresolved('AWS::AccountId is known at deployment');
      case 'AWS::StackName':
        return this.options.stackName ?? new Unresolved('AWS::StackName is known at deployment');
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      default:
        return new Unresolved(`${name} is known at deployment`);
    }
  }

  private parameter(name: string): Resolved {
    const def = (this.parameters[name] ?? {}) as { Type?: string; Default?: unknown };
    const type = String(def.Type ?? 'String');
    const given = this.options.parameters?.[name];
    if (type.startsWith('AWS::SSM::Parameter::Value')) {
      return given !== undefined ? listOrText(type, given) : new Unresolved(`parameter ${name} is read from SSM at deployment`);
    }
    if (given !== undefined) return listOrText(type, given);
    if (def.Default === undefined || def.Default === null) return new Unresolved(`parameter ${name} has no Default and no value was given (--cfn-param ${name}=…)`);
    return Array.isArray(def.Default) ? def.Default.map((x) => String(x)) : listOrText(type, String(def.Default));
  }

  private getAtt(arg: unknown): Resolved {
    const [logicalId, attributeArg] = Array.isArray(arg) ? arg : typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : [];
    const attribute = this.resolve(attributeArg);
    const resource = this.resources[String(logicalId)];
    if (!resource) return new Unresolved(`Fn::GetAtt names no resource ${String(logicalId)}`);
    if (typeof attribute !== 'string') return new Unresolved(`Fn::GetAtt ${String(logicalId)} has an unresolved attribute name`);
    const type = resource.Type ?? '';
    if (IDENTITY_ATTRIBUTES[type]?.includes(attribute)) return new ResourceId(String(logicalId));
    if (type === 'AWS::EC2::VPC' && (attribute === 'DefaultSecurityGroup' || attribute === 'DefaultNetworkAcl')) return new ResourceId(String(logicalId), attribute);
    if (type === 'AWS::EC2::VPC' && attribute === 'CidrBlock') return this.resolve(resource.Properties?.CidrBlock);
    if (type === 'AWS::EC2::Subnet' && attribute === 'CidrBlock') return this.resolve(resource.Properties?.CidrBlock);
    if (type === 'AWS::EC2::Subnet' && attribute === 'VpcId') return this.resolve(resource.Properties?.VpcId);
    return new Unresolved(`${String(logicalId)}.${attribute} is known after deployment`);
  }

  private sub(arg: unknown): Resolved {
    const [templateText, vars] = Array.isArray(arg) ? [arg[0], (arg[1] ?? {}) as Record<string, unknown>] : [arg, {} as Record<string, unknown>];
    if (typeof templateText !== 'string') return new Unresolved('Fn::Sub needs a string');
    const parts: Resolved[] = [];
    let last = 0;
    const re = /\$\{([^}]*)\}/g;
    for (let m = re.exec(templateText); m; m = re.exec(templateText)) {
      parts.push(templateText.slice(last, m.index));
      const name = m[1].trim();
      if (name.startsWith('!')) parts.push(`\${${name.slice(1)}}`);
      else if (name in vars) parts.push(this.resolve(vars[name]));
      else if (name.includes('.') && !name.startsWith('AWS::')) parts.push(this.getAtt([name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)]));
      else parts.push(this.ref(name));
      last = m.index + m[0].length;
    }
    parts.push(templateText.slice(last));
    const meaningful = parts.filter((p) => p !== '');
    if (meaningful.length === 1 && meaningful[0] instanceof ResourceId) return meaningful[0];
    let out = '';
    for (const p of parts) {
      if (p instanceof Unresolved) return p;
      if (p instanceof ResourceId) return new Unresolved(`Fn::Sub includes the physical id of ${p.key}, known after deployment`);
      out += String(scalarText(p));
    }
    return out;
  }

  private findInMap(arg: unknown): Resolved {
    const [mapArg, topArg, secondArg] = Array.isArray(arg) ? arg : [];
    const mappings = (this.template.Mappings ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    const map = mappings[String(this.resolve(mapArg))];
    if (!map) return new Unresolved(`Fn::FindInMap: no mapping ${String(mapArg)}`);
    const top = this.resolve(topArg);
    const second = this.resolve(secondArg);
    if (second instanceof Unresolved) return second;
    if (top instanceof Unresolved) {
      // Every row gives the same value: known whatever the key.
      const values = Object.values(map).map((row) => this.resolve(row?.[String(second)]));
      return values.length > 0 && values.every((v) => sameValue(v, values[0])) ? values[0] : top;
    }
    const row = map[String(top)];
    if (!row || !(String(second) in row)) return new Unresolved(`Fn::FindInMap: ${String(top)}/${String(second)} is not in mapping ${String(mapArg)}`);
    return this.resolve(row[String(second)]);
  }

  private cidr(arg: unknown): Resolved {
    const [blockArg, countArg, bitsArg] = Array.isArray(arg) ? arg : [];
    const block = this.resolve(blockArg);
    const count = Number(this.resolve(countArg));
    const bits = Number(this.resolve(bitsArg));
    if (block instanceof Unresolved) return block;
    const parsed = typeof block === 'string' ? parseCidr(block) : undefined;
    if (!parsed || !Number.isInteger(count) || !Number.isInteger(bits)) return new Unresolved('Fn::Cidr has an unresolved or invalid argument');
    const total = parsed.family === 4 ? 32 : 128;
    const prefix = total - bits;
    if (prefix < parsed.prefixLength || count < 1 || count > 256) return new Unresolved('Fn::Cidr asks for more than the block holds');
    const [base] = cidrInterval(parsed);
    const size = 1n << BigInt(bits);
    const out: string[] = [];
    for (let i = 0n; i < BigInt(count); i++) out.push(cidrOf(bigToAddress(parsed.family, base + i * size), prefix).text);
    return out;
  }
}

function listOrText(type: string, text: string): Resolved {
  return type.startsWith('List<') || type === 'CommaDelimitedList' ? text.split(',').map((s) => s.trim()) : text;
}

function scalarText(v: Resolved): string | number | boolean | null {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : JSON.stringify(v);
}

export function sameValue(a: Resolved, b: Resolved): boolean {
  if (a instanceof Unresolved || b instanceof Unresolved) return false;
  if (a instanceof ResourceId || b instanceof ResourceId) return a instanceof ResourceId && b instanceof ResourceId && a.key === b.key;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => sameValue((a as Record<string, Resolved>)[k], (b as Record<string, Resolved>)[k]));
  }
  return a === b || String(a) === String(b);
}

/** The first unresolved value anywhere inside a resolved structure. */
export function findUnresolved(v: Resolved): Unresolved | undefined {
  if (v instanceof Unresolved) return v;
  if (Array.isArray(v)) return v.map(findUnresolved).find((x) => x);
  if (v && typeof v === 'object' && !(v instanceof ResourceId)) return Object.values(v).map(findUnresolved).find((x) => x);
  return undefined;
}
