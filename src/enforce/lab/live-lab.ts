/**
 * The lab as a live follower of the control plane (`serve --enforce`, `rampart agent`): it holds the latest
 * snapshot of each source (one account+region), and `apply(source, snapshot)` brings the kernel to it — the
 * topology by the delta of two plans (lab-delta.ts), the rulesets of the source's routers by the same incremental
 * enforcer `lab up` uses (the smallest nft transaction).
 *
 * Order within one apply, for failing closed: new namespaces and veths, then facts undone and added, then the
 * rulesets, and a new router forwards only once its ruleset is loaded; namespaces that go are deleted last. Calls
 * must not overlap (the enforcement queue serialises them).
 */
import type { Snapshot } from '../../core/model/snapshot.ts';
import { emptySnapshot } from '../../core/model/snapshot.ts';
import { RouterEnforcer, type ApplyReport } from '../apply/applier.ts';
import { openNftSession } from '../apply/nft-session.ts';
import { hostTopology, type HostName } from '../agent/host-view.ts';
import { LabNames, ROUTER_TABLE } from './lab-names.ts';
import { planLabDelta, type KnownTopology, type LabDelta } from './lab-delta.ts';
import { planLab, ROUTER_FORWARDING, type LabPlan } from './lab-plan.ts';
import { inParallel, ipBatchLenient, listNamespaces, setSysctls } from './system.ts';
import { deleteNamespaces } from './teardown.ts';

export interface LiveLabOptions {
  readonly names: LabNames;
  /** Whose instances get namespaces here (host-view.ts). */
  readonly host: HostName;
  readonly log: (line: string) => void;
}

export interface LiveApplyReport {
  readonly namespacesAdded: number;
  readonly namespacesRemoved: number;
  /** Per router (VPC) of the source: how its ruleset changed. */
  readonly routers: ReadonlyMap<string, ApplyReport>;
}

interface Router {
  readonly source: string;
  readonly enforcer: RouterEnforcer;
}

export class LiveLab {
  private readonly sources = new Map<string, Snapshot>();
  private readonly routers = new Map<string, Router>();
  private known: KnownTopology;
  private closed = false;

  private constructor(
    private readonly options: LiveLabOptions,
    existing: readonly string[],
  ) {
    this.known = { kind: 'namespaces', names: existing };
  }

  /**
   * A live lab over what the kernel already holds under this prefix: namespaces left by an earlier run (killed,
   * restarted) are adopted, so processes inside instances survive a restart; nothing is built before the first apply.
   */
  static async start(options: LiveLabOptions): Promise<LiveLab> {
    const existing = (await listNamespaces()).filter((n) => options.names.isPlanned(n));
    return new LiveLab(options, existing);
  }

  get names(): LabNames {
    return this.options.names;
  }

  /** The plan last applied (undefined before the first apply). */
  get plan(): LabPlan | undefined {
    return this.known.kind === 'plan' ? this.known.plan : undefined;
  }

  /** Instance ids with a namespace here, per source. */
  instancesOf(source: string): Map<string, string> {
    const snapshot = this.sources.get(source);
    const plan = this.plan;
    const out = new Map<string, string>();
    if (!snapshot || !plan) return out;
    for (const i of hostTopology(snapshot, this.options.host).instances) {
      const ns = plan.instances.get(i.instanceId);
      if (ns) out.set(i.instanceId, ns);
    }
    return out;
  }

  /** Brings the lab to `snapshot` for `source` (undefined: the source is gone, its routers and instances go). */
  async apply(source: string, snapshot: Snapshot | undefined): Promise<LiveApplyReport> {
    if (this.closed) throw new Error('the live lab is closed');
    if (snapshot) this.sources.set(source, snapshot);
    else this.sources.delete(source);
    const next = planLab(this.topology(), this.names, { everyVpc: true });
    const delta = planLabDelta(this.known, next);
    const lenient = this.known.kind === 'namespaces';
    try {
      await this.buildTopology(delta, lenient);
    } catch (e) {
      // What exists is unknown now: the next apply re-runs every line (harmless where things are in place).
      this.known = { kind: 'namespaces', names: (await listNamespaces()).filter((n) => this.names.isPlanned(n)) };
      throw e;
    }
    this.known = { kind: 'plan', plan: next };
    const reports = new Map<string, ApplyReport>();
    const fresh = new Set(delta.addRouters.map((r) => r.vpcId));
    for (const r of next.routers) {
      const owner = this.ownerOf(r.vpcId);
      let router = this.routers.get(r.vpcId);
      if (!router) {
        router = { source: owner ?? source, enforcer: new RouterEnforcer(await openNftSession(r.namespace), { vpcId: r.vpcId, table: ROUTER_TABLE }) };
        this.routers.set(r.vpcId, router);
      }
      if (owner !== source && !fresh.has(r.vpcId)) continue;
      const routerSnapshot = this.sources.get(router.source) ?? emptySnapshot();
      const started = router.enforcer.current === undefined;
      reports.set(r.vpcId, started ? await router.enforcer.resync(routerSnapshot) : await router.enforcer.apply(routerSnapshot));
      if (started) await setSysctls(r.namespace, ROUTER_FORWARDING);
    }
    for (const r of delta.removeRouters) {
      this.routers.get(r.vpcId)?.enforcer.close();
      this.routers.delete(r.vpcId);
    }
    await deleteNamespaces(delta.removeNamespaces);
    return { namespacesAdded: delta.addNamespaces.length, namespacesRemoved: delta.removeNamespaces.length, routers: reports };
  }

  /** Forgets what is known of the kernel: the next apply re-runs every line and replaces every ruleset whole. */
  async markUnknown(): Promise<void> {
    for (const r of this.routers.values()) r.enforcer.close();
    this.routers.clear();
    this.known = { kind: 'namespaces', names: (await listNamespaces()).filter((n) => this.names.isPlanned(n)) };
  }

  /** Stops the nft sessions; the namespaces stay (`down` removes them). */
  close(): void {
    this.closed = true;
    for (const r of this.routers.values()) r.enforcer.close();
    this.routers.clear();
  }

  /** Removes every namespace this lab planned (not other labs sharing the prefix's start). */
  async down(): Promise<void> {
    this.close();
    await deleteNamespaces((await listNamespaces()).filter((n) => this.names.isPlanned(n) || n.startsWith(`${this.names.prefix}host-`)));
  }

  /** Every source's part on this host, as one snapshot (ids are unique per server, so arrays concatenate). */
  private topology(): Snapshot {
    const parts = [...this.sources.values()].map((s) => hostTopology(s, this.options.host));
    const merged = emptySnapshot() as { -readonly [K in keyof Snapshot]: Snapshot[K][number][] };
    for (const p of parts) for (const key of Object.keys(merged) as (keyof Snapshot)[]) (merged[key] as unknown[]).push(...p[key]);
    return merged;
  }

  private ownerOf(vpcId: string): string | undefined {
    for (const [source, s] of this.sources) if (s.vpcs.some((v) => v.vpcId === vpcId) || s.networkInterfaces.some((n) => n.vpcId === vpcId)) return source;
    return undefined;
  }

  private async buildTopology(delta: LabDelta, lenient: boolean): Promise<void> {
    const complain = (what: string, errors: string): void => {
      if (errors !== '' && !lenient) this.options.log(`${what}: ${errors.split('\n').slice(0, 5).join('; ')}`);
    };
    complain('creating namespaces', await ipBatchLenient(undefined, delta.addNamespaces.map((n) => `netns add ${n.name}`)));
    await inParallel(delta.addNamespaces, 2, (n) => setSysctls(n.name, n.sysctls));
    // Undoing may find its object gone with a veth: expected, so never reported.
    const vethsByNamespace = new Map<string, string[]>();
    for (const v of delta.removeVeths) vethsByNamespace.set(v.a.namespace, [...(vethsByNamespace.get(v.a.namespace) ?? []), `link del ${v.a.link}`]);
    await inParallel([...vethsByNamespace], 2, async ([ns, lines]) => void (await ipBatchLenient(ns, lines)));
    await inParallel([...delta.undoLines], 2, async ([ns, lines]) => void (await ipBatchLenient(ns, lines)));
    complain('creating veths', await ipBatchLenient(undefined, delta.addVeths.map((v) => `link add ${v.a.link} netns ${v.a.namespace} type veth peer name ${v.b.link} netns ${v.b.namespace}`)));
    await inParallel([...delta.runLines], 2, async ([ns, lines]) => complain(`configuring ${ns}`, await ipBatchLenient(ns, lines)));
    await inParallel([...delta.linkSysctls], 2, ([ns, sysctls]) => setSysctls(ns, sysctls));
  }
}
