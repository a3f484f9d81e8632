/**
 * Addresses that security groups and network ACLs never filter (docs/semantics.md §2, aws-semantics.md §8.2, §8.3,
 * fact 25): the instance metadata service, the Route 53 Resolver (including the VPC's primary CIDR base + 2), Amazon
 * Time Sync, and the subnet's router at base + 1.
 */
import type { Subnet, Vpc } from '../../core/model/network.ts';
import { ipKey, parseIp, type IpAddress } from '../../core/net/ip.ts';

const FIXED: ReadonlyMap<string, string> = new Map(
  (
    [
      ['169.254.169.254', 'instance metadata service (IMDS)'],
      ['fd00:ec2::254', 'instance metadata service (IMDS)'],
      ['169.254.169.253', 'Route 53 Resolver (DNS)'],
      ['fd00:ec2::253', 'Route 53 Resolver (DNS)'],
      ['169.254.169.123', 'Amazon Time Sync Service'],
      ['fd00:ec2::123', 'Amazon Time Sync Service'],
    ] as const
  ).map(([text, service]) => [ipKey(parseIp(text)!), service]),
);

/** The never-filtered service `ip` belongs to, seen from an interface in `vpc` and `subnet`, or undefined. */
export function neverFilteredService(ip: IpAddress, vpc: Vpc | undefined, subnet: Subnet | undefined): string | undefined {
  const fixed = FIXED.get(ipKey(ip));
  if (fixed !== undefined) return fixed;
  if (ip.family !== 4) return undefined;
  const primary = vpc?.cidrBlocks[0];
  if (primary && primary.family === 4 && ip.words[0] === primary.words[0] + 2) return `Route 53 Resolver (DNS) at ${vpc!.vpcId} base + 2`;
  if (subnet && subnet.cidr.family === 4 && ip.words[0] === subnet.cidr.words[0] + 1) return `VPC router at ${subnet.subnetId} base + 1`;
  return undefined;
}
