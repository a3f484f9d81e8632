import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { protocolLabel } from '../../core/net/protocol.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import type { Remediation } from '../model/finding.ts';
import { revokeRulesFix } from '../remediation/security-group-fix.ts';
import type { AuditContext } from '../run/context.ts';
import { Reachability } from '../analysis/reachability.ts';
import { interfaceWorldExposures, probeSensitivePorts, type ProbedPort } from './reachable-exposures.ts';

export const RCH_001: Check = {
  id: 'RCH-001',
  title: 'Administration or high-risk port reachable from the internet',
  severity: 'critical',
  ruleLevel: false,
  rationale:
    'Path-aware, through the engine: an interface with a public IPv4 address (or a global IPv6 address) whose subnet routes the internet through an internet gateway, whose NACL admits the port inbound and lets replies out on ephemeral ports, and whose security groups together admit the whole internet on an administration or high-risk port. This is exposure, not configuration smell; SG-001/002/004 findings on the groups involved are re-rated critical.',
  mapping: { cis: ['CIS 6.0 6.3', 'CIS 6.0 6.4', 'CIS 6.0 6.1.2'], fsbp: ['EC2.13', 'EC2.14', 'EC2.19'] },
  run: (ctx) => {
    const reach = ctx.reachability();
    if ('unavailable' in reach) return { findings: [], notEvaluated: reach.unavailable };
    const findings: FindingDraft[] = [];
    for (const eni of ctx.estate.snapshot.networkInterfaces) {
      const families = ([4, 6] as const).filter((f) => Reachability.addressable(eni, f));
      if (families.length === 0) continue; // no public address: nothing on the internet can address it
      const exposures = interfaceWorldExposures(ctx, eni);
      for (const family of families) {
        const probed = probeSensitivePorts(ctx, reach, eni, family, exposures);
        const reachable = probed.filter((p) => p.result.verdict === 'reachable');
        const unknown = probed.filter((p) => p.result.verdict === 'unknown');
        const hits = reachable.length > 0 ? reachable : unknown;
        if (hits.length === 0) continue;
        const status = reachable.length > 0 ? 'fail' : 'unknown';
        // IaC interfaces carry stand-in addresses (sources/iac-estate-builder.ts): name the address, not the stand-in.
        const iac = ctx.estate.source === 'cloudformation' || ctx.estate.source === 'terraform';
        const address = iac ? (family === 4 ? 'its public IPv4 address (assigned at launch)' : 'its IPv6 address') : hits[0].result.destination;
        const ports = hits.map((p) => `${p.service} (${protocolLabel(p.protocol)}/${p.port})`).join(', ');
        const rules = [...new Set(hits.flatMap((p) => p.rules))];
        findings.push({
          resource: { kind: 'network-interface', id: eni.networkInterfaceId, ...(eni.instanceId ? { name: eni.instanceId } : {}), vpcId: eni.vpcId, ownerId: eni.ownerId },
          status,
          message:
            status === 'fail'
              ? `${eni.networkInterfaceId}${eni.instanceId ? ` (${eni.instanceId})` : ''} at ${address} is reachable from the internet on ${ports}; ${hits[0].result.reason}`
              : `${eni.networkInterfaceId}${eni.instanceId ? ` (${eni.instanceId})` : ''} at ${address} may be reachable from the internet on ${ports}: ${hits[0].result.reason}`,
          ruleIds: rules.map((r) => r.ruleId),
          evidence: {
            direction: 'ingress',
            family,
            networkInterfaceId: eni.networkInterfaceId,
            ...(!iac && address ? { address } : {}),
            matchedPorts: [...new Set(hits.map((p) => p.port))],
            groupIds: [...new Set(rules.map((r) => r.groupId))].sort(),
          },
          remediation: closeFix(ctx, hits, rules),
        });
      }
    }
    return { findings };
  },
};

function closeFix(ctx: AuditContext, hits: readonly ProbedPort[], rules: readonly SecurityGroupRule[]): Remediation {
  const byGroup = new Map<string, SecurityGroupRule[]>();
  for (const r of rules) byGroup.set(r.groupId, [...(byGroup.get(r.groupId) ?? []), r]);
  const parts = [...byGroup].map(([groupId, own]) => revokeRulesFix(ctx, ctx.index.groups.get(groupId)!, own, { summary: '', narrow: true }));
  return {
    summary: `Stop admitting the internet on ${[...new Set(hits.map((h) => h.port))].join(', ')}: revoke the world-open rules and allow only trusted ranges (or use SSM Session Manager for administration).`,
    commands: parts.flatMap((p) => p.commands),
    ...(parts.some((p) => p.patch) ? { patch: parts.map((p) => p.patch).join('\n') } : {}),
  };
}
