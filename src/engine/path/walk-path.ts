/**
 * From a flow to its path and stages, in packet order (docs/semantics.md §1–§2, aws-semantics.md §8.1): resolve both
 * addresses, choose the path, and run each stage until one denies. The security-group stage is supplied by the caller,
 * so the stateless `decide` and the stateful `process` share every other line.
 */
import type { NetworkInterface } from '../../core/model/network.ts';
import { NACL_DEFAULT_DENY_IPV4, NACL_DEFAULT_DENY_IPV6 } from '../../core/model/network-acl.ts';
import { formatIp, type IpAddress } from '../../core/net/ip.ts';
import { addressKey } from '../estate/address-key.ts';
import type { Decision, Endpoint, StageResult } from '../decision.ts';
import type { Flow } from '../flow.ts';
import type { Estate } from '../estate/estate.ts';
import { EGRESS, INGRESS, type DirectionIndex } from '../classify/group-table.ts';
import { evaluateNetworkAcl, NACL_NO_MATCH } from '../nacl/evaluate-nacl.ts';
import { NACL_STRIDE, N_ALLOW, N_RULE_NUMBER } from '../nacl/nacl-entries.ts';
import type { NetworkAclTable } from '../nacl/nacl-table.ts';
import { neverFilteredService } from './never-filtered.ts';
import { evaluateRouteStage } from './route-stage.ts';

/** One security-group stage: at `eni`, direction, with the packet's local and remote address and ports. */
export type SecurityGroupStage = (
  eni: NetworkInterface,
  direction: DirectionIndex,
  local: IpAddress,
  remote: IpAddress,
  localPort: number,
  remotePort: number,
  flow: Flow,
) => StageResult;

export interface PathContext {
  readonly estate: Estate;
  readonly nacls: NetworkAclTable;
  readonly securityGroupStage: SecurityGroupStage;
}

interface Located {
  readonly eni: NetworkInterface;
  /** Reached through its public address (the internet gateway's 1:1 NAT). */
  readonly viaPublic: boolean;
}

export function walkPath(ctx: PathContext, flow: Flow): Decision {
  if (flow.src.family !== flow.dst.family) {
    throw new Error(`flow mixes address families: ${formatIp(flow.src)} → ${formatIp(flow.dst)}`);
  }
  const { estate } = ctx;
  const src = locate(estate, flow.src);
  const dst = locate(estate, flow.dst);
  if (!src && !dst) {
    throw new Error(`both ends are on the internet: neither ${formatIp(flow.src)} nor ${formatIp(flow.dst)} belongs to an interface`);
  }
  // An interface always sends from its private address; past the gateway's NAT a packet carries the private one (§1).
  const srcLocal = src ? (src.viaPublic ? src.eni.privateIps[0] : flow.src) : flow.src;
  const dstLocal = dst ? (dst.viaPublic ? dst.eni.privateIps[0] : flow.dst) : flow.dst;
  const stages: StageResult[] = [];
  const source = endpoint(src, srcLocal);
  const destination = endpoint(dst, dstLocal);
  const finish = (): Decision => {
    const denied = stages.find((s) => !s.allowed);
    return denied
      ? { allowed: false, source, destination, stages, deniedBy: denied.kind }
      : { allowed: true, source, destination, stages };
  };
  /** Adds a stage; true when the packet goes on. */
  const pass = (stage: StageResult | undefined): boolean => {
    if (stage) stages.push(stage);
    return stage?.allowed ?? true;
  };

  if (src && dst && src.eni === dst.eni) {
    stages.push({ kind: 'exempt', allowed: true, detail: 'traffic to itself never leaves the instance' });
    return finish();
  }
  const exempt = src && !dst ? neverFiltered(estate, flow.dst, src.eni) : !src && dst ? neverFiltered(estate, flow.src, dst.eni) : undefined;
  if (exempt !== undefined) {
    stages.push({ kind: 'exempt', allowed: true, detail: exempt });
    return finish();
  }

  if (src && !pass(ctx.securityGroupStage(src.eni, EGRESS, srcLocal, flow.dst, flow.srcPort, flow.dstPort, flow))) return finish();

  if (src && dst && !dst.viaPublic) {
    // Private path between two interfaces.
    if (src.eni.vpcId !== dst.eni.vpcId) {
      // VPC peering is not modelled (docs/semantics.md §2).
      stages.push({ kind: 'route', allowed: false, detail: `no route from ${src.eni.vpcId} to ${dst.eni.vpcId}` });
      return finish();
    }
    // NACLs apply only where traffic leaves or enters a subnet (aws-semantics.md §6.9).
    if (src.eni.subnetId !== dst.eni.subnetId) {
      if (!pass(naclStage(ctx, src.eni, true, flow.dst, flow))) return finish();
      if (!pass(naclStage(ctx, dst.eni, false, srcLocal, flow))) return finish();
    }
    pass(ctx.securityGroupStage(dst.eni, INGRESS, dstLocal, srcLocal, flow.dstPort, flow.srcPort, flow));
    return finish();
  }

  if (src) {
    // Out through the internet gateway: to an internet host, or to another interface's public address.
    if (!pass(naclStage(ctx, src.eni, true, flow.dst, flow))) return finish();
    const route = evaluateRouteStage(estate, src.eni, flow.dst, false, false);
    if (!pass({ kind: 'route', ...route })) return finish();
    if (!dst) return finish();
  }
  if (dst) {
    // In through the internet gateway. A sending interface appears under its public address, so group references at
    // the receiver never match it (aws-semantics.md §4.8).
    const seenSource = src ? (src.eni.publicIp ?? srcLocal) : flow.src;
    const route = evaluateRouteStage(estate, dst.eni, seenSource, true, dst.viaPublic);
    if (!pass({ kind: 'route', ...route })) return finish();
    if (!pass(naclStage(ctx, dst.eni, false, seenSource, flow))) return finish();
    pass(ctx.securityGroupStage(dst.eni, INGRESS, dstLocal, seenSource, flow.dstPort, flow.srcPort, flow));
  }
  return finish();
}

/** Which interface holds an address (§1): a private or IPv6 address first, then a public one. */
export function locate(estate: Estate, ip: IpAddress): Located | undefined {
  const key = addressKey(ip);
  const privateId = estate.interfaceByPrivateAddress.resolve(key);
  if (privateId !== undefined) return { eni: estate.networkInterfaces.get(privateId)!, viaPublic: false };
  const publicId = ip.family === 4 ? estate.interfaceByPublicAddress.resolve(key) : undefined;
  if (publicId !== undefined) return { eni: estate.networkInterfaces.get(publicId)!, viaPublic: true };
  return undefined;
}

function endpoint(located: Located | undefined, address: IpAddress): Endpoint {
  if (!located) return { kind: 'internet', address: formatIp(address) };
  const { eni } = located;
  return { kind: 'interface', networkInterfaceId: eni.networkInterfaceId, subnetId: eni.subnetId, vpcId: eni.vpcId, address: formatIp(address) };
}

function neverFiltered(estate: Estate, ip: IpAddress, eni: NetworkInterface): string | undefined {
  return neverFilteredService(ip, estate.vpcs.get(eni.vpcId), estate.subnets.get(eni.subnetId));
}

/**
 * The NACL stage at the interface's subnet: outbound (`egress`) or inbound, with the remote address (destination
 * outbound, source inbound). Omitted when the subnet has neither an associated nor a default ACL (§4).
 */
function naclStage(ctx: PathContext, eni: NetworkInterface, egress: boolean, remote: IpAddress, flow: Flow): StageResult | undefined {
  const { estate } = ctx;
  const aclId = estate.aclBySubnet.resolve(eni.subnetId) ?? estate.defaultAclByVpc.resolve(estate.subnets.get(eni.subnetId)?.vpcId ?? eni.vpcId);
  const packed = aclId === undefined ? undefined : ctx.nacls.get(aclId);
  if (aclId === undefined || !packed) return undefined;
  const entries = egress ? packed.outbound : packed.inbound;
  const w = remote.words;
  const hit = evaluateNetworkAcl(entries, remote.family, w[0], w[1], w[2], w[3], flow.protocol, flow.dstPort, flow.icmpType, flow.icmpCode);
  const kind = egress ? 'nacl-outbound' : 'nacl-inbound';
  if (hit === NACL_NO_MATCH) {
    const ruleNumber = remote.family === 4 ? NACL_DEFAULT_DENY_IPV4 : NACL_DEFAULT_DENY_IPV6;
    return { kind, allowed: false, networkAclId: aclId, subnetId: eni.subnetId, ruleNumber, isDefaultRule: true };
  }
  const o = hit * NACL_STRIDE;
  return { kind, allowed: entries[o + N_ALLOW] === 1, networkAclId: aclId, subnetId: eni.subnetId, ruleNumber: entries[o + N_RULE_NUMBER], isDefaultRule: false };
}
