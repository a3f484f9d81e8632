/**
 * What RCH-001 and RCH-002 ask of the engine: for an interface and an address family, which sensitive ports do
 * its groups (together: EC2 unions all groups on an interface, §4.3) open to the whole internet, and which of them
 * does the path — route, NACL both ways, security groups — actually deliver?
 */
import type { NetworkInterface } from '../../core/model/network.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { TCP, UDP } from '../../core/net/protocol.ts';
import type { Family } from '../../core/net/ip.ts';
import type { ProbeResult, Reachability } from '../analysis/reachability.ts';
import { worldExposures, type WorldExposure } from '../analysis/world-exposure.ts';
import type { AuditContext } from '../run/context.ts';
import { servicePortsIn } from './exposure-text.ts';

export interface ProbedPort {
  readonly protocol: number;
  readonly port: number;
  readonly service: string;
  readonly result: ProbeResult;
  /** The rules that open it to the world. */
  readonly rules: readonly SecurityGroupRule[];
}

export function interfaceWorldExposures(ctx: AuditContext, eni: NetworkInterface): WorldExposure[] {
  const rules = eni.groupIds.flatMap((id) => ctx.index.groups.get(id)?.ingress ?? []);
  return worldExposures(rules, ctx.peers).filter((e) => e.status === 'fail');
}

/** Probes every sensitive port the interface's groups open to the world, for one family. */
export function probeSensitivePorts(ctx: AuditContext, reach: Reachability, eni: NetworkInterface, family: Family, exposures: readonly WorldExposure[]): ProbedPort[] {
  const out: ProbedPort[] = [];
  const seen = new Set<string>();
  for (const e of exposures) {
    if (e.family !== family) continue;
    for (const svc of servicePortsIn(e, [...ctx.config.adminPorts, ...ctx.config.highRiskPorts])) {
      for (const protocol of e.protocol === -1 ? svc.protocols : [e.protocol]) {
        if (protocol !== TCP && protocol !== UDP) continue;
        const key = `${protocol}/${svc.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ protocol, port: svc.port, service: svc.service, result: reach.probe(eni, family, protocol, svc.port), rules: e.rules });
      }
    }
  }
  return out.sort((a, b) => a.port - b.port || a.protocol - b.protocol);
}
