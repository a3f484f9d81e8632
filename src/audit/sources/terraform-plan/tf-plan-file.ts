/**
 * `terraform show -json` plan output: the planned resources of every module (planned_values), which of their
 * attributes are known only after apply (resource_changes[].change.after_unknown), and the configuration's
 * expressions with their references, which is how a rule whose `security_group_id` is still unknown is tied to
 * `aws_security_group.web`. Line and column of each resource are found in the file text, for SARIF.
 */
import { readFile } from 'node:fs/promises';

export interface PlannedResource {
  /** Full address, e.g. `module.net.aws_security_group.web[0]`. */
  readonly address: string;
  /** Address without the instance key: the configuration's resource. */
  readonly configAddress: string;
  /** `module.net.` or '' for the root module. */
  readonly modulePrefix: string;
  readonly mode: string;
  readonly type: string;
  readonly index?: string | number;
  readonly values: Record<string, unknown>;
  readonly afterUnknown: Record<string, unknown>;
  /** The configuration block's expressions, when the configuration is in the plan. */
  readonly expressions?: Record<string, unknown>;
}

export interface PlanFile {
  readonly path: string;
  readonly resources: readonly PlannedResource[];
  readonly variables: Readonly<Record<string, unknown>>;
  /** Module-call argument expressions by module prefix (`module.net.` → { cidr: {references: […]} }). */
  readonly moduleInputs: ReadonlyMap<string, Record<string, unknown>>;
  positionOf(address: string): { line: number; column: number } | undefined;
}

export class PlanFormatError extends Error {}

export async function readPlanFile(path: string): Promise<PlanFile> {
  const text = await readFile(path, 'utf8');
  let plan: Record<string, unknown>;
  try {
    plan = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new PlanFormatError(`${path}: not JSON: ${(e as Error).message}`);
  }
  if (!plan || typeof plan !== 'object' || !('planned_values' in plan)) {
    throw new PlanFormatError(`${path}: not a Terraform plan in JSON (expected "planned_values"; produce it with: terraform show -json plan.out)`);
  }
  const afterUnknown = new Map<string, Record<string, unknown>>();
  for (const rc of (plan.resource_changes ?? []) as Array<Record<string, unknown>>) {
    const change = (rc.change ?? {}) as Record<string, unknown>;
    afterUnknown.set(String(rc.address), (change.after_unknown ?? {}) as Record<string, unknown>);
  }
  const expressions = new Map<string, Record<string, unknown>>();
  const moduleInputs = new Map<string, Record<string, unknown>>();
  const walkConfig = (mod: Record<string, unknown> | undefined, prefix: string) => {
    if (!mod) return;
    for (const r of (mod.resources ?? []) as Array<Record<string, unknown>>) {
      expressions.set(`${prefix}${String(r.address)}`, (r.expressions ?? {}) as Record<string, unknown>);
    }
    for (const [name, call] of Object.entries((mod.module_calls ?? {}) as Record<string, Record<string, unknown>>)) {
      const childPrefix = `${prefix}module.${name}.`;
      moduleInputs.set(childPrefix, (call.expressions ?? {}) as Record<string, unknown>);
      walkConfig(call.module as Record<string, unknown> | undefined, childPrefix);
    }
  };
  walkConfig(((plan.configuration ?? {}) as Record<string, unknown>).root_module as Record<string, unknown> | undefined, '');

  const resources: PlannedResource[] = [];
  const walkPlanned = (mod: Record<string, unknown> | undefined) => {
    if (!mod) return;
    for (const r of (mod.resources ?? []) as Array<Record<string, unknown>>) {
      const address = String(r.address);
      const modulePrefix = (/^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)/.exec(address)?.[1] ?? '').replace(/\[[^\]]*\]/g, '');
      const configAddress = address.replace(/\[[^\]]*\]$/, '').replace(/\[[^\]]*\]/g, '');
      resources.push({
        address,
        configAddress,
        modulePrefix,
        mode: String(r.mode ?? 'managed'),
        type: String(r.type),
        ...(r.index !== undefined ? { index: r.index as string | number } : {}),
        values: (r.values ?? {}) as Record<string, unknown>,
        afterUnknown: afterUnknown.get(address) ?? {},
        ...(expressions.has(configAddress) ? { expressions: expressions.get(configAddress) } : {}),
      });
    }
    for (const child of (mod.child_modules ?? []) as Array<Record<string, unknown>>) walkPlanned(child);
  };
  walkPlanned(((plan.planned_values ?? {}) as Record<string, unknown>).root_module as Record<string, unknown> | undefined);

  const variables = Object.fromEntries(Object.entries((plan.variables ?? {}) as Record<string, { value?: unknown }>).map(([k, v]) => [k, v?.value]));
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const positions = new Map<string, { line: number; column: number }>();
  return {
    path,
    resources,
    variables,
    moduleInputs,
    positionOf(address) {
      if (positions.has(address)) return positions.get(address);
      // planned_values comes first in `terraform show -json`, so the first occurrence is the planned resource.
      const m = new RegExp(`"address"\\s*:\\s*${JSON.stringify(address).replace(/[[\]().*+?^$|\\]/g, '\\$&')}`).exec(text);
      if (!m) return undefined;
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= m.index) lo = mid;
        else hi = mid - 1;
      }
      const pos = { line: lo + 1, column: m.index - lineStarts[lo] + 1 };
      positions.set(address, pos);
      return pos;
    },
  };
}
