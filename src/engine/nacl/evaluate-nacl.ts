/**
 * The first-match scan over packed NACL entries (docs/semantics.md §4): the first entry, in rule-number order, whose
 * family, CIDR (against the remote address), protocol and port/ICMP check match decides, allow or deny. Returns the
 * entry's index, or NACL_NO_MATCH when only the implicit `*` deny is left (rule 32767/32768, §6.4). No allocation.
 */
import {
  NACL_MODE_ICMP,
  NACL_MODE_PORTS,
  NACL_STRIDE,
  N_FAMILY,
  N_HI,
  N_LO,
  N_MASK,
  N_MODE,
  N_NET,
  N_PROTOCOL,
} from './nacl-entries.ts';

export const NACL_NO_MATCH = -1;

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
  const n = entries.length;
  for (let o = 0, i = 0; o < n; o += NACL_STRIDE, i++) {
    if (entries[o + N_FAMILY] !== family) continue;
    if ((w0 & entries[o + N_MASK]) !== entries[o + N_NET]) continue;
    if (family === 6) {
      if ((w1 & entries[o + N_MASK + 1]) !== entries[o + N_NET + 1]) continue;
      if ((w2 & entries[o + N_MASK + 2]) !== entries[o + N_NET + 2]) continue;
      if ((w3 & entries[o + N_MASK + 3]) !== entries[o + N_NET + 3]) continue;
    }
    const p = entries[o + N_PROTOCOL];
    if (p !== -1 && p !== protocol) continue;
    const mode = entries[o + N_MODE];
    if (mode === NACL_MODE_PORTS) {
      if (dstPort < entries[o + N_LO] || dstPort > entries[o + N_HI]) continue;
    } else if (mode === NACL_MODE_ICMP) {
      const t = entries[o + N_LO];
      if (t !== -1 && t !== icmpType) continue;
      const c = entries[o + N_HI];
      if (c !== -1 && c !== icmpCode) continue;
    }
    return i;
  }
  return NACL_NO_MATCH;
}
