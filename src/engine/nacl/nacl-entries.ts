/**
 * Network ACL entries packed for a first-match scan (docs/semantics.md §4, aws-semantics.md §6): one Int32Array per
 * ACL and direction, sorted by rule number, NACL_STRIDE words per entry. performance.md §4 G12: a packed linear scan
 * is the right structure for ≤ 40 entries.
 *
 * Entry layout: rule number, action (1 allow / 0 deny), protocol (-1 all), mode (none / destination-port range /
 * ICMP type+code), lo, hi, family, (unused), network words 0–3, mask words 0–3.
 */
import type { NetworkAclEntry } from '../../core/model/network-acl.ts';

export const NACL_STRIDE = 16;
export const N_RULE_NUMBER = 0;
export const N_ALLOW = 1;
export const N_PROTOCOL = 2;
export const N_MODE = 3;
export const N_LO = 4;
export const N_HI = 5;
export const N_FAMILY = 6;
export const N_NET = 8;
export const N_MASK = 12;

export const NACL_MODE_NONE = 0;
export const NACL_MODE_PORTS = 1;
export const NACL_MODE_ICMP = 2;

/** Packs the entries of one direction (`egress` true = outbound), in ascending rule number. */
export function packNetworkAclEntries(entries: readonly NetworkAclEntry[], egress: boolean): Int32Array {
  const chosen = entries.filter((e) => e.egress === egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  const packed = new Int32Array(chosen.length * NACL_STRIDE);
  chosen.forEach((e, i) => {
    const o = i * NACL_STRIDE;
    packed[o + N_RULE_NUMBER] = e.ruleNumber;
    packed[o + N_ALLOW] = e.action === 'allow' ? 1 : 0;
    packed[o + N_PROTOCOL] = e.protocol;
    packed[o + N_FAMILY] = e.cidr.family;
    const [mode, lo, hi] = portCheck(e);
    packed[o + N_MODE] = mode;
    packed[o + N_LO] = lo;
    packed[o + N_HI] = hi;
    for (let w = 0; w < 4; w++) {
      packed[o + N_NET + w] = e.cidr.words[w];
      packed[o + N_MASK + w] = e.cidr.mask[w];
    }
  });
  return packed;
}

function portCheck(e: NetworkAclEntry): [number, number, number] {
  // Ports for 6/17 when a range is given; ICMP type/code for 1, and for 58 with an IPv6 CIDR (58 with an IPv4 CIDR
  // means all ICMP: §6.10, fact 22). Everything else checks no port.
  if ((e.protocol === 6 || e.protocol === 17) && e.portRange) return [NACL_MODE_PORTS, e.portRange.from, e.portRange.to];
  if ((e.protocol === 1 || (e.protocol === 58 && e.cidr.family === 6)) && e.icmp) return [NACL_MODE_ICMP, e.icmp.type, e.icmp.code];
  return [NACL_MODE_NONE, 0, 0];
}
