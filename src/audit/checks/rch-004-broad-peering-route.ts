import type { Check, FindingDraft } from '../model/check.ts';
import { isIacSource, regionFlag } from '../remediation/security-group-fix.ts';

export const RCH_004: Check = {
  id: 'RCH-004',
  title: 'Peering route broader than needed',
  severity: 'medium',
  ruleLevel: false,
  rationale:
    'A route to a VPC peering connection (pcx-…) whose destination is the whole internet (0.0.0.0/0, ::/0) or the entire CIDR of the peer VPC: every subnet can reach every subnet of the peer. CIS asks for peering routes to be "least access": route only the subnets that need to talk.',
  mapping: { cis: ['CIS 1.4 5.4', 'CIS 3.0 5.5', 'CIS 5.0 5.6', 'CIS 6.0 6.6'], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    const vpcs = ctx.estate.snapshot.vpcs;
    for (const table of ctx.estate.snapshot.routeTables) {
      for (const route of table.routes) {
        if (route.target.kind !== 'other' || !route.target.id.startsWith('pcx-') || !('family' in route.destination)) continue;
        const dest = route.destination;
        const peerVpc = vpcs.find((v) => v.vpcId !== table.vpcId && [...v.cidrBlocks, ...v.ipv6CidrBlocks].some((c) => c.text === dest.text));
        if (dest.prefixLength !== 0 && !peerVpc) continue;
        const flag = dest.family === 4 ? '--destination-cidr-block' : '--destination-ipv6-cidr-block';
        findings.push({
          resource: { kind: 'route-table', id: table.routeTableId, vpcId: table.vpcId },
          message: `${table.routeTableId} routes ${dest.text} ${dest.prefixLength === 0 ? '(the whole internet)' : `(all of ${peerVpc!.vpcId})`} to ${route.target.id}`,
          evidence: { peers: [dest.text] },
          remediation: isIacSource(ctx)
            ? { summary: 'Route only the peer subnets that need access.', commands: [], patch: `# ${table.routeTableId}: replace DestinationCidrBlock ${dest.text} with the peer subnets that need access` }
            : {
                summary: 'Route only the peer subnets that need access.',
                commands: [
                  `aws ec2 delete-route --route-table-id ${table.routeTableId}${regionFlag(ctx)} ${flag} ${dest.text}`,
                  `aws ec2 create-route --route-table-id ${table.routeTableId}${regionFlag(ctx)} ${flag} <peer-subnet-cidr> --vpc-peering-connection-id ${route.target.id}`,
                ],
              },
        });
      }
    }
    return { findings };
  },
};
