/**
 * The benchmark's data, created through each server's own EC2 API (the same calls for both): one VPC, then groups with
 * five ingress rules each (authorized in one call) on top of the allow-all egress rule every new group has.
 */
import { QueryClient, firstTag, type SigningKey } from './query-client.ts';

export const RULES_PER_GROUP = 5;

/** The five ingress rules of group `i`: distinct CIDRs per group, a description, tcp/udp/icmp. */
export function groupRules(i: number): Record<string, string | number> {
  const cidr = `10.${(i >> 8) & 255}.${i & 255}.0/24`;
  return {
    'IpPermissions.1.IpProtocol': 'tcp',
    'IpPermissions.1.FromPort': 22,
    'IpPermissions.1.ToPort': 22,
    'IpPermissions.1.IpRanges.1.CidrIp': cidr,
    'IpPermissions.1.IpRanges.1.Description': 'ssh from the office',
    'IpPermissions.2.IpProtocol': 'tcp',
    'IpPermissions.2.FromPort': 80,
    'IpPermissions.2.ToPort': 80,
    'IpPermissions.2.IpRanges.1.CidrIp': '0.0.0.0/0',
    'IpPermissions.3.IpProtocol': 'tcp',
    'IpPermissions.3.FromPort': 443,
    'IpPermissions.3.ToPort': 443,
    'IpPermissions.3.IpRanges.1.CidrIp': '0.0.0.0/0',
    'IpPermissions.4.IpProtocol': 'udp',
    'IpPermissions.4.FromPort': 53,
    'IpPermissions.4.ToPort': 53,
    'IpPermissions.4.IpRanges.1.CidrIp': '10.0.0.0/8',
    'IpPermissions.5.IpProtocol': 'icmp',
    'IpPermissions.5.FromPort': -1,
    'IpPermissions.5.ToPort': -1,
    'IpPermissions.5.IpRanges.1.CidrIp': cidr,
  };
}

export async function createVpc(endpoint: string, key: SigningKey): Promise<string> {
  const c = new QueryClient(endpoint, key);
  try {
    const vpcId = firstTag(await c.ok('CreateVpc', { CidrBlock: '10.0.0.0/16' }), 'vpcId');
    if (!vpcId) throw new Error('CreateVpc answered no vpcId');
    return vpcId;
  } finally {
    c.close();
  }
}

/**
 * Creates groups `from`…`to - 1` in `vpcId` with `connections` concurrent clients; returns their ids in order. (moto
 * answers some concurrent CreateSecurityGroup calls with a 500: it is populated over one connection.)
 */
export async function createGroups(endpoint: string, key: SigningKey, vpcId: string, from: number, to: number, connections = 8): Promise<string[]> {
  const ids: string[] = new Array<string>(to - from);
  let next = from;
  const clients = Array.from({ length: connections }, () => new QueryClient(endpoint, key));
  try {
    await Promise.all(
      clients.map(async (c) => {
        for (let i = next++; i < to; i = next++) {
          const xml = await c.ok('CreateSecurityGroup', { GroupName: `bench-${i}`, GroupDescription: `benchmark group ${i}`, VpcId: vpcId });
          const groupId = firstTag(xml, 'groupId');
          if (!groupId) throw new Error('CreateSecurityGroup answered no groupId');
          await c.ok('AuthorizeSecurityGroupIngress', { GroupId: groupId, ...groupRules(i) });
          ids[i - from] = groupId;
        }
      }),
    );
  } finally {
    for (const c of clients) c.close();
  }
  return ids;
}
