/**
 * The security-group classifier: which rule of an interface's groups admits a packet, as numbers in, a rule slot out
 * (docs/semantics.md §3). Groups are a union without priorities (aws-semantics.md §4.3, fact 13), so the scan stops at
 * the first match; the slot it returns is both the verdict (≥ 0 allowed, -1 default deny) and the explanation
 * (`SecurityGroupIndex.ruleAt(slot)`), so the two can never disagree. Nothing here allocates.
 */
import { openFlag, wholeFamilyFlag, type DirectionIndex } from './group-table.ts';
import type { SecurityGroupIndex } from './security-group-index.ts';

// Record layout and peer kinds (rule-pool.ts), repeated as module constants so the hot loop reads no imported
// binding; rule-pool.test.ts checks they agree.
const STRIDE = 6;
const PROTOCOL = 0;
const LO = 1;
const HI = 2;
const PEER = 3;
const PEER_A = 4;
const PEER_B = 5;
const CIDR4 = 0;
const CIDR6 = 1;
const GROUP = 2;
const ANY4 = 4;
const ANY6 = 5;
/** What a protocol-specific rule checks, decided once per packet from the packet's protocol. */
const CHECK_NONE = 0;
const CHECK_PORTS = 1;
const CHECK_ICMP = 2;

/** The layout constants above, for the test that checks them against rule-pool.ts. */
export const CLASSIFIER_LAYOUT = { STRIDE, PROTOCOL, LO, HI, PEER, PEER_A, PEER_B, CIDR4, CIDR6, GROUP, ANY4, ANY6 } as const;

export const NO_MATCH = -1;

export class SecurityGroupClassifier {
  constructor(private readonly index: SecurityGroupIndex) {}

  /**
   * The first rule slot of interface `iface`'s groups, in direction `direction` (INGRESS/EGRESS), that admits a packet
   * whose remote address (source inbound, destination outbound) is `w0..w3` of `family` (4: w0 only), or NO_MATCH.
   * `dstPort` is the destination port (both directions, §4.5); `icmpType`/`icmpCode` are -1 for non-ICMP packets.
   */
  classify(
    iface: number,
    direction: DirectionIndex,
    family: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    protocol: number,
    dstPort: number,
    icmpType: number,
    icmpCode: number,
  ): number {
    const index = this.index;
    const interfaces = index.interfaces;
    const groups = index.groups;
    const rules = index.pool.data;
    const sliceStart = groups.sliceStart;
    const sliceCount = groups.sliceCount;
    const groupLists = interfaces.groupLists;
    const check = protocol === 6 || protocol === 17 ? CHECK_PORTS : protocol === 1 || protocol === 58 ? CHECK_ICMP : CHECK_NONE;
    const gBase = interfaces.listStart[iface];
    const gEnd = gBase + interfaces.groupCount[iface];
    for (let g = gBase; g < gEnd; g++) {
      const k = (groupLists[g] << 1) | direction;
      const first = sliceStart[k];
      const end = first + sliceCount[k];
      for (let slot = first; slot < end; slot++) {
        const o = slot * STRIDE;
        const p = rules[o + PROTOCOL];
        if (p !== protocol) {
          if (p !== -1) continue; // protocol -1 rules check no port (§4.6)
        } else if (check === CHECK_PORTS) {
          if (dstPort < rules[o + LO] || dstPort > rules[o + HI]) continue;
        } else if (check === CHECK_ICMP) {
          const t = rules[o + LO];
          if (t !== -1 && t !== icmpType) continue;
          const c = rules[o + HI];
          if (c !== -1 && c !== icmpCode) continue;
        }
        const peer = rules[o + PEER];
        if (peer === CIDR4) {
          if (family === 4 && (w0 & rules[o + PEER_B]) === rules[o + PEER_A]) return slot;
        } else if (peer === GROUP) {
          if (index.members.has(rules[o + PEER_A], family, w0, w1, w2, w3)) return slot;
        } else if (peer === ANY4) {
          if (family === 4) return slot;
        } else if (peer === ANY6) {
          if (family === 6) return slot;
        } else if (peer === CIDR6) {
          if (family === 6 && index.cidr6.contains(rules[o + PEER_A], w0, w1, w2, w3)) return slot;
        } else if (index.prefixLists.contains(rules[o + PEER_A], family, w0, w1, w2, w3)) {
          return slot;
        }
      }
    }
    return NO_MATCH;
  }

  /**
   * Whether a TCP/UDP packet admitted by rule slot `matched` is *untracked* at the interface (docs/semantics.md §5,
   * aws-semantics.md §5.3, fact 16). The connection is untracked when, read in either orientation, one direction has
   * a whole-family CIDR rule admitting its packets and the other opens the protocol on all ports to the whole family:
   * - forward: a rule of the packet's direction admitting it (not necessarily `matched`) has a whole-family peer, and
   *   the opposite direction is open;
   * - reply: a rule of the opposite direction admitting the reversed packet (destination port = this packet's source
   *   port) has a whole-family peer, and the packet's own direction is open. Without this reading the replies of an
   *   untracked flow would create entries and keep it alive after its rule is removed (§5.6).
   */
  isUntracked(
    iface: number,
    direction: DirectionIndex,
    family: number,
    protocol: number,
    srcPort: number,
    dstPort: number,
    matched: number,
  ): boolean {
    if (protocol !== 6 && protocol !== 17) return false; // ICMP and other protocols are always tracked (§5.4)
    const opposite = (direction ^ 1) as DirectionIndex;
    if (this.isOpen(iface, opposite, family, protocol)) {
      const matchedPeer = this.index.pool.data[matched * STRIDE + PEER];
      if (matchedPeer === ANY4 || matchedPeer === ANY6) return true;
      if (this.hasWholeFamilyMatch(iface, direction, family, protocol, dstPort)) return true;
    }
    return this.isOpen(iface, direction, family, protocol) && this.hasWholeFamilyMatch(iface, opposite, family, protocol, srcPort);
  }

  /** Does some group of the interface open `protocol` on all ports to the whole family in `direction`? */
  private isOpen(iface: number, direction: DirectionIndex, family: number, protocol: number): boolean {
    const index = this.index;
    const flags = openFlag(family, -1) | openFlag(family, protocol);
    const groupLists = index.interfaces.groupLists;
    const trackingFlags = index.groups.trackingFlags;
    const gBase = index.interfaces.listStart[iface];
    const gEnd = gBase + index.interfaces.groupCount[iface];
    for (let g = gBase; g < gEnd; g++) if ((trackingFlags[(groupLists[g] << 1) | direction] & flags) !== 0) return true;
    return false;
  }

  /** Is there a rule with a whole-family CIDR peer of `family` admitting this TCP/UDP packet? */
  private hasWholeFamilyMatch(iface: number, direction: DirectionIndex, family: number, protocol: number, dstPort: number): boolean {
    const index = this.index;
    const rules = index.pool.data;
    const wanted = family === 4 ? ANY4 : ANY6;
    const flag = wholeFamilyFlag(family);
    const groupLists = index.interfaces.groupLists;
    const gBase = index.interfaces.listStart[iface];
    const gEnd = gBase + index.interfaces.groupCount[iface];
    for (let g = gBase; g < gEnd; g++) {
      const k = (groupLists[g] << 1) | direction;
      if ((index.groups.trackingFlags[k] & flag) === 0) continue;
      const first = index.groups.sliceStart[k];
      const end = first + index.groups.sliceCount[k];
      for (let slot = first; slot < end; slot++) {
        const o = slot * STRIDE;
        if (rules[o + PEER] !== wanted) continue;
        const p = rules[o + PROTOCOL];
        if (p === -1) return true;
        if (p === protocol && dstPort >= rules[o + LO] && dstPort <= rules[o + HI]) return true;
      }
    }
    return false;
  }
}
