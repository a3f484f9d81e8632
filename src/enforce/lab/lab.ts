/**
 * The namespace lab: builds the plan of lab-plan.ts, loads each router's ruleset, and keeps the rulesets equal
 * to the snapshot afterwards through the same incremental enforcer the agent uses, one long-lived nft session per
 * router.
 *
 * Order matters for failing closed: namespaces and links first, then each router's nft table, and only then
 * forwarding — a router never forwards a packet its ruleset has not seen.
 */
import type { Snapshot } from '../../core/model/snapshot.ts';
import { RouterEnforcer, type ApplyReport } from '../apply/applier.ts';
import type { ModelChange } from '../compile/model-changes.ts';
import { openNftSession } from '../apply/nft-session.ts';
import { LabNames, ROUTER_TABLE } from './lab-names.ts';
import { planLab, ROUTER_FORWARDING, type LabPlan } from './lab-plan.ts';
import { inParallel, ipBatch, rampartNamespaces, setSysctls } from './system.ts';
import { tearDownLab } from './teardown.ts';

export class LabAlreadyUpError extends Error {
  constructor(readonly existing: readonly string[]) {
    super(`a lab is already up (${existing.length} rampart- namespaces); run \`rampart lab down\` first`);
  }
}

export class Lab {
  private constructor(
    readonly plan: LabPlan,
    readonly names: LabNames,
    private readonly enforcers: ReadonlyMap<string, RouterEnforcer>,
  ) {}

  /** Builds the whole lab from a snapshot. On any failure everything built so far is removed again. */
  static async up(snapshot: Snapshot, names = new LabNames()): Promise<Lab> {
    const existing = (await rampartNamespaces()).filter((n) => n.startsWith(names.prefix));
    if (existing.length > 0) throw new LabAlreadyUpError(existing);
    const plan = planLab(snapshot, names);
    const enforcers = new Map<string, RouterEnforcer>();
    try {
      await ipBatch(undefined, plan.namespaces.map((n) => `netns add ${n.name}`));
      await inParallel(plan.namespaces, 4, (n) => setSysctls(n.name, n.sysctls));
      await ipBatch(undefined, plan.veths.map((v) => `link add ${v.a.link} netns ${v.a.namespace} type veth peer name ${v.b.link} netns ${v.b.namespace}`));
      await inParallel(plan.namespaces, 4, async (n) => {
        await ipBatch(n.name, n.ipCommands);
        await setSysctls(n.name, n.linkSysctls);
      });
      for (const r of plan.routers) {
        const enforcer = new RouterEnforcer(await openNftSession(r.namespace), { vpcId: r.vpcId, table: ROUTER_TABLE });
        enforcers.set(r.vpcId, enforcer);
        await enforcer.resync(snapshot);
        await setSysctls(r.namespace, ROUTER_FORWARDING);
      }
      return new Lab(plan, names, enforcers);
    } catch (e) {
      for (const enforcer of enforcers.values()) enforcer.close();
      await tearDownLab(names.prefix);
      throw e;
    }
  }

  /**
   * Brings every router's ruleset to the new snapshot with the smallest transactions (rule, group, membership,
   * NACL, route and prefix-list changes). Namespaces are not added or removed here: the topology is the one the
   * lab was built with.
   */
  async apply(snapshot: Snapshot): Promise<Map<string, ApplyReport>> {
    const reports = new Map<string, ApplyReport>();
    for (const [vpcId, enforcer] of this.enforcers) reports.set(vpcId, await enforcer.apply(snapshot));
    return reports;
  }

  /** The same from the control plane's changes (no snapshot to compare). */
  async applyChanges(changes: readonly ModelChange[]): Promise<Map<string, ApplyReport>> {
    const reports = new Map<string, ApplyReport>();
    for (const [vpcId, enforcer] of this.enforcers) reports.set(vpcId, await enforcer.applyChanges(changes));
    return reports;
  }

  /** Replaces every router's table whole (on demand, or after an error). */
  async resync(snapshot: Snapshot): Promise<void> {
    for (const enforcer of this.enforcers.values()) await enforcer.resync(snapshot);
  }

  routerNamespace(vpcId: string): string {
    const r = this.plan.routers.find((x) => x.vpcId === vpcId);
    if (!r) throw new Error(`no router for ${vpcId}`);
    return r.namespace;
  }

  /** The namespace of an instance id, an interface id without instance, or `internet`. */
  namespaceOf(target: string): string {
    return target === 'internet' ? this.names.internet : (this.plan.instances.get(target) ?? this.names.instance(target));
  }

  async down(): Promise<void> {
    for (const enforcer of this.enforcers.values()) enforcer.close();
    await tearDownLab(this.names.prefix);
  }
}
