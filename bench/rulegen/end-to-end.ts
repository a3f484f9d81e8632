/**
 * End to end at one interface (goal G11), every rulegen flow in trace order, replies included: the subnet's network
 * ACL and the stateful security-group stage (connection tracking first, the classifier on a miss, an entry created
 * for admitted tracked flows), in packet order: inbound NACL before the group stage, outbound NACL after it, so an
 * outbound flow dropped by the NACL still leaves its entry (docs/semantics.md §5). The peer is treated as outside
 * the subnet (every flow crosses the NACL).
 *
 * The reference is a naive pipeline written here: the naive group walk, NACL entry objects scanned in rule-number
 * order, and a `Map` with string keys for connection tracking (performance.md §3.5 "naive ... string-keyed Map").
 */
import type { NetworkAclEntry } from '../../src/core/model/network-acl.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import { NACL_NO_MATCH, NACL_STRIDE, NO_MATCH, N_ALLOW, evaluateNetworkAcl, type DirectionIndex, type Engine } from '../../src/engine/index.ts';
import type { FlowBatch } from './flow-batch.ts';
import type { NaiveSecurityGroups } from './naive-security-groups.ts';

/** Which ACL applies to each interface: its subnet's association, else the VPC's default ACL (§4). */
function aclOfInterfaces(snapshot: Snapshot): (string | undefined)[] {
  const bySubnet = new Map<string, string>();
  const defaultByVpc = new Map<string, string>();
  for (const acl of snapshot.networkAcls) {
    for (const a of acl.associations) bySubnet.set(a.subnetId, acl.networkAclId);
    if (acl.isDefault) defaultByVpc.set(acl.vpcId, acl.networkAclId);
  }
  return snapshot.networkInterfaces.map((eni) => bySubnet.get(eni.subnetId) ?? defaultByVpc.get(eni.vpcId));
}

export interface InterfaceAcls {
  readonly inbound: (Int32Array | undefined)[];
  readonly outbound: (Int32Array | undefined)[];
}

export function packedAclsByInterface(engine: Engine, snapshot: Snapshot): InterfaceAcls {
  const packed = aclOfInterfaces(snapshot).map((id) => (id === undefined ? undefined : engine.networkAclEntries(id)));
  return { inbound: packed.map((p) => p?.inbound), outbound: packed.map((p) => p?.outbound) };
}

function naclAllows(entries: Int32Array | undefined, family: number, w0: number, w1: number, w2: number, w3: number, protocol: number, dstPort: number, icmpType: number, icmpCode: number): boolean {
  if (entries === undefined) return true; // no ACL in the snapshot: the stage is omitted
  const k = evaluateNetworkAcl(entries, family, w0, w1, w2, w3, protocol, dstPort, icmpType, icmpCode);
  return k !== NACL_NO_MATCH && entries[k * NACL_STRIDE + N_ALLOW] === 1;
}

/**
 * Runs every flow through the engine; writes 1/0 verdicts into `verdicts` and returns the number allowed.
 * `withAcls` false leaves the NACL stages out (connection tracking and groups only: rulegen's `expect`).
 */
export function runEnginePipeline(engine: Engine, slots: Int32Array, acls: InterfaceAcls, b: FlowBatch, withAcls: boolean, verdicts: Uint8Array): number {
  const tracker = engine.tracker;
  const local = new Int32Array(4);
  const remote = new Int32Array(4);
  const now = 1000; // one instant: nothing expires during the trace
  let allowed = 0;
  for (let i = 0; i < b.count; i++) {
    const e = b.eni[i];
    const egress = b.egress[i];
    const family = b.family[i];
    for (let w = 0; w < 4; w++) {
      local[w] = b.local[w][i];
      remote[w] = b.remote[w][i];
    }
    const protocol = b.protocol[i];
    const dstPort = b.dstPort[i];
    const icmpType = b.icmpType[i];
    const icmpCode = b.icmpCode[i];
    let ok = true;
    if (withAcls && egress === 0) ok = naclAllows(acls.inbound[e], family, remote[0], remote[1], remote[2], remote[3], protocol, dstPort, icmpType, icmpCode);
    if (ok) {
      const localPort = egress === 1 ? b.srcPort[i] : dstPort;
      const remotePort = egress === 1 ? dstPort : b.srcPort[i];
      ok = tracker.admit(slots[e], egress as DirectionIndex, family, local, remote, protocol, localPort, remotePort, icmpType, icmpCode, now) !== NO_MATCH;
    }
    if (ok && withAcls && egress === 1) ok = naclAllows(acls.outbound[e], family, remote[0], remote[1], remote[2], remote[3], protocol, dstPort, icmpType, icmpCode);
    verdicts[i] = ok ? 1 : 0;
    if (ok) allowed++;
  }
  return allowed;
}

// docs/semantics.md §5: ICMP query messages and their replies, per family.
const ICMP_REQUEST_OF_REPLY: Record<number, Record<number, number>> = { 1: { 0: 8, 14: 13, 16: 15, 18: 17 }, 58: { 129: 128 } };
const ICMP_REQUESTS: Record<number, readonly number[]> = { 1: [8, 13, 15, 17], 58: [128] };

/** The ICMP part of a connection key: the query type, a reply counting as its request's (§5, "Key"). */
function icmpKeyType(protocol: number, type: number): number {
  return ICMP_REQUEST_OF_REPLY[protocol][type] ?? type;
}

interface NaiveConnection {
  readonly egress: boolean;
  /** A request was admitted in the entry's own orientation, so its reply may come back (§5, "Lookup first"). */
  requestSeen: boolean;
}

function naiveAclAllows(entries: readonly NetworkAclEntry[] | undefined, family: number, w: readonly number[], protocol: number, dstPort: number, icmpType: number, icmpCode: number): boolean {
  if (entries === undefined) return true;
  for (const e of entries) {
    const c = e.cidr;
    if (c.family !== family || !c.words.every((x, i) => ((w[i] & c.mask[i]) >>> 0) === x)) continue;
    if (e.protocol !== -1 && e.protocol !== protocol) continue;
    if ((e.protocol === 6 || e.protocol === 17) && e.portRange && (dstPort < e.portRange.from || dstPort > e.portRange.to)) continue;
    const icmpChecked = e.protocol === 1 || (e.protocol === 58 && c.family === 6);
    if (icmpChecked && e.icmp && ((e.icmp.type !== -1 && e.icmp.type !== icmpType) || (e.icmp.code !== -1 && e.icmp.code !== icmpCode))) continue;
    return e.action === 'allow';
  }
  return false;
}

/** The naive reference pipeline; same contract as `runEnginePipeline`. */
export function runNaivePipeline(naive: NaiveSecurityGroups, snapshot: Snapshot, b: FlowBatch, verdicts: Uint8Array): number {
  const aclById = new Map(snapshot.networkAcls.map((a) => [a.networkAclId, a]));
  const sorted = (id: string | undefined, egress: boolean) =>
    id === undefined ? undefined : aclById.get(id)!.entries.filter((e) => e.egress === egress).sort((x, y) => x.ruleNumber - y.ruleNumber);
  const acls = aclOfInterfaces(snapshot).map((id) => ({ inbound: sorted(id, false), outbound: sorted(id, true) }));
  const conntrack = new Map<string, NaiveConnection>();
  let allowed = 0;
  for (let i = 0; i < b.count; i++) {
    const e = b.eni[i];
    const egress = b.egress[i] === 1;
    const family = b.family[i];
    const remote = [b.remote[0][i], b.remote[1][i], b.remote[2][i], b.remote[3][i]];
    const local = [b.local[0][i], b.local[1][i], b.local[2][i], b.local[3][i]];
    const protocol = b.protocol[i];
    const dstPort = b.dstPort[i];
    const icmpType = b.icmpType[i];
    const icmpCode = b.icmpCode[i];
    let ok = egress || naiveAclAllows(acls[e].inbound, family, remote, protocol, dstPort, icmpType, icmpCode);
    if (ok) {
      const ported = protocol === 6 || protocol === 17;
      const icmp = protocol === 1 || protocol === 58;
      const isRequest = icmp && ICMP_REQUESTS[protocol].includes(icmpType);
      const isReply = icmp && ICMP_REQUEST_OF_REPLY[protocol][icmpType] !== undefined;
      const localPort = ported ? (egress ? b.srcPort[i] : dstPort) : icmp ? icmpKeyType(protocol, icmpType) : 0;
      const remotePort = ported ? (egress ? dstPort : b.srcPort[i]) : 0;
      const key = `${e}|${protocol}|${local.join('.')}|${remote.join('.')}|${localPort}|${remotePort}`;
      const entry = conntrack.get(key);
      const sameOrientation = entry !== undefined && entry.egress === egress;
      const admitted = entry !== undefined && (sameOrientation || !icmp || (entry.requestSeen && isReply));
      if (admitted) {
        if (sameOrientation && isRequest) entry.requestSeen = true;
      } else {
        // Tracking every admitted flow (untracked ones included) changes no verdict here: an untracked flow is
        // admitted by rules both ways (§5.3), and the trace changes no rule.
        ok = naive.match(e, egress, family, remote[0], remote[1], remote[2], remote[3], protocol, dstPort, icmpType, icmpCode) !== undefined;
        if (ok) conntrack.set(key, { egress, requestSeen: isRequest });
      }
    }
    if (ok && egress) ok = naiveAclAllows(acls[e].outbound, family, remote, protocol, dstPort, icmpType, icmpCode);
    verdicts[i] = ok ? 1 : 0;
    if (ok) allowed++;
  }
  return allowed;
}
