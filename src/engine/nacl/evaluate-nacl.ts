/**
 * The first-match scan over packed NACL entries (docs/semantics.md §4): the first entry, in rule-number order, whose
 * family, CIDR (against the remote address), protocol and port/ICMP check match decides, allow or deny. Returns the
 * entry's index, or NACL_NO_MATCH when only the implicit `*` deny is left (rule 32767/32768, §6.4). No allocation.
 *
 * Speed (performance.md §4 G12): the layout offsets are this module's own literal consts, not the imported ones —
 * V8 reads an imported binding through its module cell with a hole check at every use, which cost this loop
 * 1.3–1.6× (bench/imported-constants.bench.ts). nacl-entries.test.ts pins them to the layout. IPv4 and IPv6 have
 * separate loops so the common IPv4 scan tests one word per entry and no family branch inside the loop body.
 */

export const NACL_NO_MATCH = -1;

// Copies of nacl-entries.ts's layout (see above for why); asserted equal in nacl-entries.test.ts.
const STRIDE = 16;
const PROTOCOL = 2;
const MODE = 3;
const LO = 4;
const HI = 5;
const FAMILY = 6;
const NET = 8;
const MASK = 12;
const MODE_PORTS = 1;
const MODE_ICMP = 2;

export const EVALUATOR_LAYOUT = { STRIDE, PROTOCOL, MODE, LO, HI, FAMILY, NET, MASK, MODE_PORTS, MODE_ICMP } as const;

export function evaluateNetworkAcl(
  entries: Int32Array,
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
  return family === 4
    ? scanIpv4(entries, w0, protocol, dstPort, icmpType, icmpCode)
    : scanIpv6(entries, w0, w1, w2, w3, protocol, dstPort, icmpType, icmpCode);
}

function scanIpv4(entries: Int32Array, w0: number, protocol: number, dstPort: number, icmpType: number, icmpCode: number): number {
  const n = entries.length;
  for (let o = 0; o < n; o += STRIDE) {
    if ((w0 & entries[o + MASK]) !== entries[o + NET] || entries[o + FAMILY] !== 4) continue;
    if (matchesService(entries, o, protocol, dstPort, icmpType, icmpCode)) return o / STRIDE;
  }
  return NACL_NO_MATCH;
}

function scanIpv6(entries: Int32Array, w0: number, w1: number, w2: number, w3: number, protocol: number, dstPort: number, icmpType: number, icmpCode: number): number {
  const n = entries.length;
  for (let o = 0; o < n; o += STRIDE) {
    if (entries[o + FAMILY] !== 6) continue;
    if ((w0 & entries[o + MASK]) !== entries[o + NET]) continue;
    if ((w1 & entries[o + MASK + 1]) !== entries[o + NET + 1]) continue;
    if ((w2 & entries[o + MASK + 2]) !== entries[o + NET + 2]) continue;
    if ((w3 & entries[o + MASK + 3]) !== entries[o + NET + 3]) continue;
    if (matchesService(entries, o, protocol, dstPort, icmpType, icmpCode)) return o / STRIDE;
  }
  return NACL_NO_MATCH;
}

function matchesService(entries: Int32Array, o: number, protocol: number, dstPort: number, icmpType: number, icmpCode: number): boolean {
  const p = entries[o + PROTOCOL];
  if (p !== -1 && p !== protocol) return false;
  const mode = entries[o + MODE];
  if (mode === MODE_PORTS) return dstPort >= entries[o + LO] && dstPort <= entries[o + HI];
  if (mode === MODE_ICMP) {
    const t = entries[o + LO];
    if (t !== -1 && t !== icmpType) return false;
    const c = entries[o + HI];
    return c === -1 || c === icmpCode;
  }
  return true;
}
