/**
 * The fixed part of a router's table: the hooks and the stage chains every packet walks, and the shared maps that
 * interfaces and subnets fill in. Packet path (docs/semantics.md §2), all in one forward base chain so a packet
 * pays one hook and as few lookups as possible:
 *
 *   ingress on the gateway link  nat_in  stateless 1:1 NAT public → primary private; IPv4 to anything else is
 *                               dropped (§2). Bound to the one link, so no other packet pays a hook for it (a
 *                               prerouting chain cost every forwarded packet 0.06–0.11 µs of CPU, 1–2% of the UDP rate)
 *   forward 0        forward    from4/from6: (link . source) → goto out_<subnet>: the source/destination check
 *                               and the subnet dispatch in one lookup; unbound sources and unknown links drop
 *                    out_<sn>   admitted flow within the subnet → accept (one ct mark test); same subnet → sg
 *                               (no NACL, §6.9); else the route stage and NACL out, the
 *                               stateless 1:1 NAT private → public towards the gateway, then in_<sn> of the
 *                               receiving subnet (route stage, NACL in) → sg
 *                    sg         admitted flows pass on one ct mark test; the rest is judged at both interfaces
 *
 * NACLs and routes are stateless and judge every packet (§5.7); the security-group stage judges only what
 * conntrack does not vouch for (marks.ts). `accept` ends only the current base chain, `drop` is final, and the
 * NAT needs no conntrack, so it never depends on a flow being tracked.
 */
import { FragmentBuilder, type Fragment } from './fragment.ts';
import { CT_ADMITTED, CT_UNTRACKED_AT_DESTINATION, CT_UNTRACKED_AT_SOURCE, CT_WITHIN_SUBNET, hex } from './marks.ts';
import { GATEWAY_LINK, TABLE_OBJECTS as T } from './nft-names.ts';

/** Whether the router has a link to the internet namespace, and whether routes are judged on it. */
export type GatewayMode = 'none' | 'routed' | 'unrouted';

const SRC = hex(CT_UNTRACKED_AT_SOURCE);
const DST = hex(CT_UNTRACKED_AT_DESTINATION);
const ADMITTED = hex(CT_ADMITTED);
const ANY_BIT = hex(CT_UNTRACKED_AT_SOURCE | CT_UNTRACKED_AT_DESTINATION | CT_ADMITTED);
const ADMITTED_WITHIN = hex(CT_ADMITTED | CT_WITHIN_SUBNET);
const GW = `"${GATEWAY_LINK}"`;

export function compileBase(mode: GatewayMode): Fragment {
  const b = new FragmentBuilder();
  b.declareSet(T.from4, 'ifname . ipv4_addr : verdict');
  b.declareSet(T.from6, 'ifname . ipv6_addr : verdict');
  b.declareSet(T.fromLink, 'ifname : verdict');
  b.declareSet(T.toSubnet, 'ifname : verdict');
  b.declareSet(T.egressJudges, 'ifname : verdict');
  b.declareSet(T.ingressJudges, 'ifname : verdict');

  b.addChain({
    name: 'forward',
    base: { hook: 'forward', priority: 0, policy: 'accept' },
    rules: [`iifname . ip saddr vmap @${T.from4}`, `iifname . ip6 saddr vmap @${T.from6}`, `iifname vmap @${T.fromLink}`, 'drop comment "unbound source address or unknown link"'],
  });
  const admittedOrUntracked = [
    // Admitted and tracked at both interfaces: every packet after the first, both ways.
    `ct mark & ${ANY_BIT} == ${ADMITTED} accept`,
    `ct mark & ${ADMITTED} == ${ADMITTED} goto ${T.sgUntrackedChain}`,
  ];
  b.addChain({ name: T.sgChain, rules: [...admittedOrUntracked, `jump ${T.sgNewChain}`, `ct mark set ct mark | ${ADMITTED} accept`] });
  // Within one subnet the admission also records that the flow crosses no boundary, which lets the subnet's out
  // chain pass the flow's later packets on one ct mark test, before its links lookup (within_subnet).
  b.addChain({ name: T.sgWithinChain, rules: [...admittedOrUntracked, `jump ${T.sgNewChain}`, `ct mark set ct mark | ${ADMITTED_WITHIN} accept`] });
  b.addChain({
    name: T.sgNewChain,
    rules: [
      // A new flow: judged at the sending interface, then at the receiving one (the gateway has no groups).
      `meta mark set 0x0 iifname vmap @${T.egressJudges}`,
      `meta mark 0x0 iifname != ${GW} drop comment "unknown link"`,
      `meta mark set 0x0 oifname vmap @${T.ingressJudges}`,
      `meta mark 0x0 oifname != ${GW} drop comment "unknown link"`,
    ],
  });
  b.addChain({
    name: T.sgUntrackedChain,
    rules: [
      // Untracked at an interface: every packet is judged there, so a revoked rule cuts the flow at once (§5.6).
      `ct direction original ct mark & ${SRC} == ${SRC} iifname vmap @${T.egressJudges}`,
      `ct direction reply ct mark & ${DST} == ${DST} iifname vmap @${T.egressJudges}`,
      `ct direction original ct mark & ${DST} == ${DST} oifname vmap @${T.ingressJudges}`,
      `ct direction reply ct mark & ${SRC} == ${SRC} oifname vmap @${T.ingressJudges}`,
      'accept',
    ],
  });

  if (mode !== 'none') {
    b.declareSet(T.publicToPrivate, 'ipv4_addr : ipv4_addr');
    b.declareSet(T.privateToPublic, 'ipv4_addr : ipv4_addr');
    b.declareSet(T.natPrivates4, 'ipv4_addr');
    b.declareSet(T.otherVpcIpv6, 'ipv6_addr');
    // Before defragmentation, unlike prerouting: the rewrite is still exact, because every fragment carries the
    // destination address and only the first one the transport checksum that covers it (nft skips the others).
    // The kernel binds the chain by name, so the gateway link may come and go (lab-delta.ts) under it.
    b.addChain({
      name: T.natInChain,
      base: { hook: 'ingress', device: GATEWAY_LINK, priority: 0, policy: 'accept' },
      rules: [
        `ip daddr set ip daddr map @${T.publicToPrivate} accept`,
        // From the internet an IPv4 packet can only be addressed to a public address (docs/semantics.md §2).
        'meta nfproto ipv4 drop comment "not a public address"',
      ],
    });
    b.addChain({ name: T.fromGatewayChain, rules: [`oifname ${GW} drop`, `oifname vmap @${T.toSubnet}`, `goto ${T.sgChain}`] });
    b.contribute(T.fromLink, [`${GW} : goto ${T.fromGatewayChain}`]);
  }
  return b.build();
}
