/**
 * The topology change between two lab plans, as plain data (no I/O): which namespaces and veths to create or
 * delete, and which `ip` lines to run or undo in the namespaces that stay. The live lab of `serve --enforce` and
 * `rampart agent` follows the control plane with it: a new VPC gets its router, a launched instance its namespace
 * and veths, a terminated instance's namespace goes, and an interface that gains an address gets one more line.
 *
 * A line of a plan is a fact (`address add …`, `route add …`, `rule add …`); undoing it is the same line with
 * `del`. Lines without an inverse (`link set … up`) are simply not undone; the links they name go with their veth.
 */
import type { LabPlan, NamespacePlan, RouterPlan, VethPair } from './lab-plan.ts';

export interface LabDelta {
  /** Created (`netns add` + their sysctls) before anything else. */
  readonly addNamespaces: readonly NamespacePlan[];
  /** Veths of interfaces that are gone or changed, between namespaces that both stay. */
  readonly removeVeths: readonly VethPair[];
  /** Per namespace that stays: the `del` lines undoing facts the next plan no longer has. */
  readonly undoLines: ReadonlyMap<string, readonly string[]>;
  readonly addVeths: readonly VethPair[];
  /** Per namespace: the lines to run (every line of a new namespace, the new lines of one that stays), in plan order. */
  readonly runLines: ReadonlyMap<string, readonly string[]>;
  /** Per namespace: the link sysctls to set (of its new links). */
  readonly linkSysctls: ReadonlyMap<string, readonly string[]>;
  readonly addRouters: readonly RouterPlan[];
  readonly removeRouters: readonly RouterPlan[];
  /** Deleted last, after the rulesets no longer name their interfaces. */
  readonly removeNamespaces: readonly string[];
}

/**
 * What the kernel is known to hold: a whole plan (the last one applied), or after a restart or a failure only the
 * names of the namespaces that exist, whose contents are unknown. Every line of the next plan is then run again
 * (creation lines that find their object in place fail harmlessly, see live-lab.ts).
 */
export type KnownTopology = { readonly kind: 'plan'; readonly plan: LabPlan } | { readonly kind: 'namespaces'; readonly names: readonly string[] };

const vethKey = (v: VethPair): string => `${v.a.namespace}/${v.a.link}|${v.b.namespace}/${v.b.link}`;

/** The line that undoes `line`, or undefined when it has none. */
export function undoLine(line: string): string | undefined {
  const m = /^(address|route|rule) add (.*)$/.exec(line);
  if (!m) return undefined;
  // `nodad` and `onlink` are creation flags; `del` does not take them.
  const spec = m[2].replace(/\s+(nodad|onlink)\b/g, '');
  return `${m[1]} del ${spec}`;
}

export function planLabDelta(known: KnownTopology, next: LabPlan): LabDelta {
  const before = known.kind === 'plan' ? known.plan : undefined;
  const existing = new Set(before ? before.namespaces.map((n) => n.name) : known.kind === 'namespaces' ? known.names : []);
  const nextNames = new Set(next.namespaces.map((n) => n.name));
  const beforeByName = new Map((before?.namespaces ?? []).map((n) => [n.name, n]));

  const addNamespaces = next.namespaces.filter((n) => !existing.has(n.name));
  // With only names known, an existing namespace gets its sysctls again (idempotent) so it matches a fresh one.
  const resetNamespaces = before ? [] : next.namespaces.filter((n) => existing.has(n.name));
  const removeNamespaces = [...existing].filter((n) => !nextNames.has(n)).sort();

  const beforeVeths = new Map((before?.veths ?? []).map((v) => [vethKey(v), v]));
  const nextVeths = new Map(next.veths.map((v) => [vethKey(v), v]));
  const staying = (v: VethPair): boolean => nextNames.has(v.a.namespace) && nextNames.has(v.b.namespace);
  const removeVeths = [...beforeVeths].filter(([k, v]) => !nextVeths.has(k) && staying(v)).map(([, v]) => v);
  const addVeths = [...nextVeths].filter(([k]) => !beforeVeths.has(k)).map(([, v]) => v);

  const undoLines = new Map<string, string[]>();
  const runLines = new Map<string, string[]>();
  const linkSysctls = new Map<string, string[]>();
  for (const n of next.namespaces) {
    const old = beforeByName.get(n.name);
    const oldLines = new Set(old?.ipCommands ?? []);
    const newLines = new Set(n.ipCommands);
    const undo = [...oldLines].filter((l) => !newLines.has(l)).map(undoLine).filter((l): l is string => l !== undefined);
    if (undo.length > 0) undoLines.set(n.name, undo);
    const run = n.ipCommands.filter((l) => !oldLines.has(l));
    if (run.length > 0) runLines.set(n.name, run);
    const oldSysctls = new Set(old?.linkSysctls ?? []);
    const sysctls = n.linkSysctls.filter((s) => !oldSysctls.has(s));
    if (sysctls.length > 0) linkSysctls.set(n.name, sysctls);
  }

  const beforeRouters = new Set((before?.routers ?? []).map((r) => r.namespace));
  const nextRouters = new Set(next.routers.map((r) => r.namespace));
  return {
    addNamespaces: [...addNamespaces, ...resetNamespaces],
    removeVeths,
    undoLines,
    addVeths,
    runLines,
    linkSysctls,
    addRouters: next.routers.filter((r) => !beforeRouters.has(r.namespace)),
    removeRouters: (before?.routers ?? []).filter((r) => !nextRouters.has(r.namespace)),
    removeNamespaces,
  };
}

/** True when the delta changes nothing in the kernel. */
export function isEmptyDelta(d: LabDelta): boolean {
  return (
    d.addNamespaces.length === 0 &&
    d.removeVeths.length === 0 &&
    d.undoLines.size === 0 &&
    d.addVeths.length === 0 &&
    d.runLines.size === 0 &&
    d.linkSysctls.size === 0 &&
    d.addRouters.length === 0 &&
    d.removeRouters.length === 0 &&
    d.removeNamespaces.length === 0
  );
}
