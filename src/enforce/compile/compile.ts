/**
 * Snapshot → the nftables table of one VPC's router namespace, in full. Pure and deterministic: the same snapshot
 * gives the same text, byte for byte (golden-tested in compile.test.ts). The layout is described in
 * base-chains.ts; updates after the first load go through compiled-router.ts, one touched unit at a time.
 */
import type { Snapshot } from '../../core/model/snapshot.ts';
import type { GatewayMode } from './base-chains.ts';
import { compileRouter, routerRuleset } from './compiled-router.ts';
import { gatewayModeOf, modelFromSnapshot, type RouterScope } from './router-model.ts';
import type { Ruleset } from './ruleset.ts';

export type { GatewayMode } from './base-chains.ts';
export type { RouterScope } from './router-model.ts';

export function compileRouterRuleset(snapshot: Snapshot, scope: RouterScope): Ruleset {
  return routerRuleset(compileRouter(snapshot, scope));
}

/**
 * A VPC reaches the internet namespace when an internet gateway is attached to it; a snapshot without any
 * route table or gateway says nothing about routing, and then the route stage is open (docs/semantics.md §2).
 */
export function gatewayMode(snapshot: Snapshot, vpcId: string): GatewayMode {
  return gatewayModeOf(modelFromSnapshot({ ...snapshot, networkInterfaces: [], securityGroups: [] }, { vpcId, table: 'rampart-probe' }));
}
