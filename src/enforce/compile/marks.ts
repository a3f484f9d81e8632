/**
 * The two marks the ruleset uses to carry facts between chains and between packets.
 *
 * Packet mark (meta mark), set by group chains for the judging chain that called them (Calico's mark-bit pattern,
 * enforcement.md §2.2): a group chain never accepts or drops, it reports what matched and returns.
 *   0x1 — a rule with a whole-family CIDR peer matched (the flow may be untracked, docs/semantics.md §5);
 *   0x2 — some other rule matched.
 *
 * Connection mark (ct mark), one conntrack entry per flow (one router sees both ends of a flow):
 *   0x1 — untracked at the interface that sent the first packet: judge every packet there;
 *   0x2 — untracked at the interface that received it;
 *   0x4 — admitted: the first packet passed both security-group stages. Every later packet of the flow, in either
 *         direction, passes them at once unless 0x1/0x2 say otherwise: one ct mark comparison. `ct state
 *         established` is not enough, because a UDP flow stays `new` until its first reply, so a one-way stream
 *         would walk the rules on every packet (53% of the UDP packet rate at 10k rules before this bit existed),
 *         and EC2 keeps such a flow tracked after its first packet (docs/semantics.md §5, "same orientation").
 *   0x8 — admitted within one subnet: no NACL or route stage applies to it (§6.9), and its two links never change
 *         (an interface keeps its subnet), so the subnet's out chain passes its later packets on the ct mark
 *         alone, after the source check and before any other lookup.
 */
export const MARK_WHOLE_FAMILY = 0x1;
export const MARK_OTHER_RULE = 0x2;

export const CT_UNTRACKED_AT_SOURCE = 0x1;
export const CT_UNTRACKED_AT_DESTINATION = 0x2;
export const CT_ADMITTED = 0x4;
export const CT_WITHIN_SUBNET = 0x8;

export const hex = (n: number): string => `0x${n.toString(16)}`;
/** `ct mark & ~bit`, as nft wants it: a full 32-bit mask. */
export const clearMask = (bit: number): string => `0x${(~bit >>> 0).toString(16).padStart(8, '0')}`;
