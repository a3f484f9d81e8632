/**
 * Incremental-update latency (goals G8, G9), each update checked by the very next lookup:
 *
 * - rule add / remove: an ingress rule admitting TCP from one 198.18.0.0/15 address (the benchmarking range, used
 *   by no rulegen rule) is added to the first group of a random interface, then removed. A probe from that address
 *   must be denied before, allowed by exactly the new rule after the add, and denied again after the remove.
 * - group membership: an interface X is attached to a group G that some rule of another interface Y references,
 *   then detached. Y's probe from X's address must flip from deny to allow and back.
 *
 * Only the update call is timed; the probe lookup follows it, untimed. Probes that some other rule already admits
 * cannot show the change and are counted as "not checkable".
 */
import { parseCidr } from '../../src/core/net/cidr.ts';
import type { NetworkInterface } from '../../src/core/model/network.ts';
import type { SecurityGroupRule } from '../../src/core/model/security-group.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import { INGRESS, NO_MATCH, type Engine } from '../../src/engine/index.ts';
import { SeededRandom } from '../support/random.ts';

export interface LatencySamples {
  /** Microseconds, one per timed update. */
  readonly micros: number[];
  /** Updates whose probe did not show the expected verdict. */
  readonly notVisible: number;
  readonly notCheckable: number;
}

function elapsedMicros(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1000;
}

/** Adds then removes `count` rules (after `warmup` untimed rounds). */
export function measureRuleUpdates(engine: Engine, snapshot: Snapshot, slots: Int32Array, count: number, warmup: number): { add: LatencySamples; remove: LatencySamples } {
  const rng = new SeededRandom(0xadd);
  const add: number[] = [];
  const remove: number[] = [];
  let notVisible = 0;
  let notCheckable = 0;
  for (let n = 0; n < warmup + count; n++) {
    const e = rng.below(snapshot.networkInterfaces.length);
    const eni = snapshot.networkInterfaces[e];
    const iface = slots[e];
    const address = (0xc6120000 + n) >>> 0; // 198.18.0.0 + n
    const port = 20000 + (n % 10000);
    const rule: SecurityGroupRule = {
      ruleId: `sgr-bench-${n}`,
      groupId: eni.groupIds[0],
      direction: 'ingress',
      protocol: 6,
      fromPort: port,
      toPort: port,
      peer: { kind: 'cidr', cidr: parseCidr(`${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}/32`)! },
    };
    const probe = () => engine.classifier.classify(iface, INGRESS, 4, address | 0, 0, 0, 0, 6, port, -1, -1);
    const checkable = probe() === NO_MATCH;
    let t0 = process.hrtime.bigint();
    engine.addRule(rule);
    const addUs = elapsedMicros(t0);
    const afterAdd = probe();
    // Read the explanation now: a rule slot is only valid until the next change to its group.
    const admittedBy = afterAdd === NO_MATCH ? undefined : engine.ruleAt(afterAdd).ruleId;
    t0 = process.hrtime.bigint();
    engine.removeRule(rule.groupId, rule.ruleId);
    const removeUs = elapsedMicros(t0);
    const afterRemove = probe();
    if (n < warmup) continue;
    add.push(addUs);
    remove.push(removeUs);
    if (!checkable) notCheckable++;
    else if (admittedBy !== rule.ruleId || afterRemove !== NO_MATCH) notVisible++;
  }
  return { add: { micros: add, notVisible, notCheckable }, remove: { micros: remove, notVisible, notCheckable } };
}

interface MembershipCase {
  /** The interface that joins and leaves group G. */
  readonly member: NetworkInterface;
  readonly group: string;
  /** Interface slot of Y, which carries a rule referencing G, and the probe that rule admits. */
  readonly observer: number;
  readonly protocol: number;
  readonly dstPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
}

/** The probe packet an ingress rule admits (its first port, or its ICMP type/code with -1 read as echo). */
function probeFor(rule: SecurityGroupRule): Pick<MembershipCase, 'protocol' | 'dstPort' | 'icmpType' | 'icmpCode'> {
  const protocol = rule.protocol === -1 ? 6 : rule.protocol;
  if (protocol === 6 || protocol === 17) return { protocol, dstPort: rule.protocol === -1 ? 443 : rule.fromPort, icmpType: -1, icmpCode: -1 };
  if (protocol === 1 || protocol === 58) {
    return { protocol, dstPort: 0, icmpType: rule.fromPort === -1 ? 8 : rule.fromPort, icmpCode: rule.toPort === -1 ? 0 : rule.toPort };
  }
  return { protocol, dstPort: 0, icmpType: -1, icmpCode: -1 };
}

function membershipCases(snapshot: Snapshot, slots: Int32Array, wanted: number): MembershipCase[] {
  const rng = new SeededRandom(0x6e6d);
  const carriers = new Map<string, number[]>(); // group → interface indexes
  snapshot.networkInterfaces.forEach((eni, i) => {
    for (const g of eni.groupIds) {
      const list = carriers.get(g);
      if (list) list.push(i);
      else carriers.set(g, [i]);
    }
  });
  const references = snapshot.securityGroups.flatMap((g) => g.ingress.filter((r) => r.peer.kind === 'group' && (carriers.get(g.groupId)?.length ?? 0) > 0));
  const out: MembershipCase[] = [];
  for (let tries = 0; out.length < wanted && tries < wanted * 20 && references.length > 0; tries++) {
    const rule = references[rng.below(references.length)];
    const referenced = (rule.peer as { groupId: string }).groupId;
    const observers = carriers.get(rule.groupId)!;
    const observer = observers[rng.below(observers.length)];
    const member = snapshot.networkInterfaces[rng.below(snapshot.networkInterfaces.length)];
    if (member.groupIds.includes(referenced) || member.groupIds.length >= 16) continue;
    out.push({ member, group: referenced, observer: slots[observer], ...probeFor(rule) });
  }
  return out;
}

/** Attaches an interface to a referenced group and detaches it again, `count` times (after `warmup` rounds). */
export function measureMembershipChanges(engine: Engine, snapshot: Snapshot, slots: Int32Array, count: number, warmup: number): { attach: LatencySamples; detach: LatencySamples } {
  const cases = membershipCases(snapshot, slots, Math.min(count, 2000));
  const attach: number[] = [];
  const detach: number[] = [];
  let notVisible = 0;
  let notCheckable = 0;
  for (let n = 0; n < warmup + count && cases.length > 0; n++) {
    const c = cases[n % cases.length];
    const joined: NetworkInterface = { ...c.member, groupIds: [...c.member.groupIds, c.group] };
    const address = c.member.privateIps[0].words[0] | 0;
    const probe = () => engine.classifier.classify(c.observer, INGRESS, 4, address, 0, 0, 0, c.protocol, c.dstPort, c.icmpType, c.icmpCode);
    const checkable = probe() === NO_MATCH;
    let t0 = process.hrtime.bigint();
    engine.upsertInterface(joined);
    const attachUs = elapsedMicros(t0);
    const afterAttach = probe();
    t0 = process.hrtime.bigint();
    engine.upsertInterface(c.member);
    const detachUs = elapsedMicros(t0);
    const afterDetach = probe();
    if (n < warmup) continue;
    attach.push(attachUs);
    detach.push(detachUs);
    if (!checkable) notCheckable++;
    else if (afterAttach === NO_MATCH || afterDetach !== NO_MATCH) notVisible++;
  }
  return { attach: { micros: attach, notVisible, notCheckable }, detach: { micros: detach, notVisible, notCheckable } };
}
