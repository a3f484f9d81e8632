/**
 * A subnet's two boundary chains, reached from the forward chain through one map lookup (from4/from6/from_link
 * for the sending side, to_subnet for the receiving side):
 *
 *   out_<sn>  packets from an interface of the subnet: a flow admitted within the subnet passes at once (marks.ts);
 *             within the subnet straight to the security-group stage (NACLs are not evaluated there, §6.9); else the route stage towards the gateway, NACL out, the 1:1
 *             NAT towards the gateway, then the receiving subnet's in chain
 *   in_<sn>   packets to an interface of the subnet from elsewhere: the route stage from the gateway, NACL in
 *
 * The NACL and route-table chains are declared here too, identically by every subnet that uses them.
 */
import type { NetworkAcl } from '../../core/model/network-acl.ts';
import type { PrefixList, RouteTable } from '../../core/model/network.ts';
import type { GatewayMode } from './base-chains.ts';
import { FragmentBuilder, type Fragment } from './fragment.ts';
import { CT_ADMITTED, CT_UNTRACKED_AT_DESTINATION, CT_UNTRACKED_AT_SOURCE, CT_WITHIN_SUBNET, hex } from './marks.ts';
import { networkAclChains } from './network-acl.ts';
import { GATEWAY_LINK, names, TABLE_OBJECTS as T } from './nft-names.ts';
import { addRouteTable } from './route-stage.ts';

export interface SubnetContext {
  readonly mode: GatewayMode;
  readonly networkAcl: NetworkAcl | undefined;
  readonly routeTable: RouteTable | undefined;
  readonly attachedGatewayIds: ReadonlySet<string>;
  readonly prefixList: (prefixListId: string) => PrefixList | undefined;
}

const GW = `"${GATEWAY_LINK}"`;
const WITHIN_MASK = hex(CT_UNTRACKED_AT_SOURCE | CT_UNTRACKED_AT_DESTINATION | CT_ADMITTED | CT_WITHIN_SUBNET);
const ADMITTED_WITHIN = hex(CT_ADMITTED | CT_WITHIN_SUBNET);

export function compileSubnet(subnetId: string, ctx: SubnetContext): Fragment {
  const b = new FragmentBuilder();
  const links = names.subnetLinks(subnetId);
  b.declareSet(links, 'ifname');
  const out = [`ct mark & ${WITHIN_MASK} == ${ADMITTED_WITHIN} accept comment "admitted within the subnet"`, `oifname @${links} goto ${T.sgWithinChain}`];
  const inn: string[] = [];
  if (ctx.mode === 'routed') {
    if (ctx.routeTable) {
      addRouteTable(b, ctx.routeTable, ctx.attachedGatewayIds, ctx.prefixList);
      out.push(`oifname ${GW} jump ${names.routeOutChain(ctx.routeTable.routeTableId)}`);
      inn.push(`iifname ${GW} jump ${names.routeInChain(ctx.routeTable.routeTableId)}`);
    } else {
      out.push(`oifname ${GW} drop comment "no route table"`);
      inn.push(`iifname ${GW} drop comment "no route table"`);
    }
  }
  if (ctx.mode === 'unrouted') {
    // No route tables to judge, but the 1:1 NAT still needs a public address for IPv4 (docs/semantics.md §2).
    out.push(`oifname ${GW} ip saddr != @${T.natPrivates4} drop`, `oifname ${GW} ip6 daddr @${T.otherVpcIpv6} drop`);
  }
  if (ctx.networkAcl) {
    for (const chain of networkAclChains(ctx.networkAcl)) b.addChain(chain);
    out.push(`jump ${names.naclChain(ctx.networkAcl.networkAclId, true)}`);
    inn.push(`jump ${names.naclChain(ctx.networkAcl.networkAclId, false)}`);
  }
  // The address translation comes after every check that reads the private source; the group stage after it
  // reads only the destination of outbound packets.
  if (ctx.mode !== 'none') out.push(`oifname ${GW} ip saddr set ip saddr map @${T.privateToPublic}`);
  out.push(`oifname vmap @${T.toSubnet}`, `goto ${T.sgChain}`);
  inn.push(`goto ${T.sgChain}`);
  b.addChain({ name: names.subnetOutChain(subnetId), rules: out });
  b.addChain({ name: names.subnetInChain(subnetId), rules: inn });
  return b.build();
}
