/**
 * Writes a generated describe snapshot for the audit benchmark: GROUPS security groups holding RULES rules in
 * total (default 100,000 / 1,000,000), plus VPCs, subnets, default NACLs, route tables with an internet gateway,
 * and interfaces (some public) so that every check, the engine-backed ones included, has work to do. The rule mix
 * is an estate with the usual sins, not a catastrophe: 35% group references, 45% private /24s, 4% HTTPS from the
 * world, 3% partner /32s, and half a percent each of SSH from the world, an IPv6 port range and /1 halves, the rest
 * egress. The groups file is written in pieces, never held as one string. Deterministic: a fixed-seed PRNG.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export interface EstateSize {
  readonly groups: number;
  readonly rules: number;
  readonly interfaces: number;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OWNER = '123456789012';

export async function generateEstate(dir: string, size: EstateSize): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const vpcs = Math.max(1, Math.floor(size.groups / 1000));
  const subnetsPerVpc = 10;
  const gid = (i: number) => `sg-${i.toString(16).padStart(17, '0')}`;
  const vpcOf = (i: number) => `vpc-${(i % vpcs).toString(16).padStart(17, '0')}`;

  const out = createWriteStream(join(dir, 'describe-security-groups.json'));
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{\n  "SecurityGroups": [\n');
  let remaining = size.rules;
  for (let g = 0; g < size.groups; g++) {
    const left = size.groups - g;
    const n = g === size.groups - 1 ? remaining : Math.max(1, Math.min(remaining - (left - 1), Math.round((remaining / left) * (0.5 + rand()))));
    remaining -= n;
    const ingress: unknown[] = [];
    const egress: unknown[] = [];
    const seen = new Set<string>();
    // References stay inside the group's VPC (cross-VPC references without peering are stale: SG-021).
    const sameVpcGroup = () => gid((g % vpcs) + vpcs * Math.floor(rand() * Math.floor(size.groups / vpcs)));
    for (let r = 0; r < n; r++) {
      const x = rand();
      const port = pick([22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9000 + Math.floor(rand() * 1000)]);
      let perm: Record<string, unknown>;
      if (x < 0.35) perm = { IpProtocol: 'tcp', FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: sameVpcGroup(), UserId: OWNER, Description: 'app tier' }] };
      else if (x < 0.8) perm = { IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.0/24`, Description: 'internal' }] };
      else if (x < 0.84) perm = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'web' }] };
      else if (x < 0.87) perm = { IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: `${52 + Math.floor(rand() * 10)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}/32`, Description: 'partner' }] };
      else if (x < 0.875) perm = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }] };
      else if (x < 0.88) perm = { IpProtocol: 'tcp', FromPort: 8000, ToPort: 8100, Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'range' }] };
      else if (x < 0.885) perm = { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '0.0.0.0/1', Description: 'half' }, { CidrIp: '128.0.0.0/1', Description: 'other half' }] };
      else perm = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: `172.${16 + Math.floor(rand() * 16)}.${Math.floor(rand() * 256)}.0/24`, Description: 'egress' }] };
      // EC2 keeps one copy of a duplicate rule: redraw instead, so the rule count stays exact.
      const key = JSON.stringify(perm);
      if (seen.has(key)) perm = { IpProtocol: 'tcp', FromPort: 10000 + r, ToPort: 10000 + r, IpRanges: [{ CidrIp: `10.200.${g % 256}.0/24`, Description: 'unique' }] };
      seen.add(key);
      // Halves count as two rules; keep the total exact.
      if (Array.isArray(perm.IpRanges) && perm.IpRanges.length === 2 && r === n - 1) perm.IpRanges = [perm.IpRanges[0]];
      else if (Array.isArray(perm.IpRanges) && perm.IpRanges.length === 2) r++;
      (x >= 0.885 ? egress : ingress).push(perm);
    }
    const group = { GroupId: gid(g), GroupName: g % 997 === 0 ? 'default' : `group-${g}`, Description: `generated group ${g}`, VpcId: vpcOf(g), OwnerId: OWNER, IpPermissions: ingress, IpPermissionsEgress: egress };
    await write(`    ${JSON.stringify(group)}${g === size.groups - 1 ? '\n' : ',\n'}`);
  }
  await write('  ]\n}\n');
  out.end();
  await once(out, 'finish');

  const vpcList = Array.from({ length: vpcs }, (_, v) => ({ VpcId: vpcOf(v), OwnerId: OWNER, CidrBlock: `10.${v % 256}.0.0/16`, CidrBlockAssociationSet: [{ CidrBlock: `10.${v % 256}.0.0/16`, CidrBlockState: { State: 'associated' } }] }));
  const subnets = vpcList.flatMap((v, vi) => Array.from({ length: subnetsPerVpc }, (_, s) => ({ SubnetId: `subnet-${vi}-${s}`, VpcId: v.VpcId, CidrBlock: `10.${vi % 256}.${s}.0/24`, MapPublicIpOnLaunch: s === 0 })));
  const interfaces = Array.from({ length: size.interfaces }, (_, i) => {
    const subnet = subnets[i % subnets.length];
    const vi = Math.floor((i % subnets.length) / subnetsPerVpc);
    const groups = Array.from({ length: 1 + (i % 3) }, (_, k) => gid((vi + vpcs * Math.floor(rand() * (size.groups / vpcs)) + k * vpcs) % size.groups)).filter((g, k, all) => all.indexOf(g) === k && g !== undefined);
    const ip = `10.${vi % 256}.${i % subnetsPerVpc}.${4 + (Math.floor(i / subnets.length) % 250)}`;
    return {
      NetworkInterfaceId: `eni-${i.toString(16).padStart(17, '0')}`,
      SubnetId: subnet.SubnetId,
      VpcId: subnet.VpcId,
      OwnerId: OWNER,
      PrivateIpAddress: ip,
      Groups: groups.map((g) => ({ GroupId: g })),
      ...(subnet.MapPublicIpOnLaunch ? { Association: { PublicIp: `54.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}` } } : {}),
    };
  });
  writeFileSync(join(dir, 'describe-vpcs.json'), JSON.stringify({ Vpcs: vpcList }));
  writeFileSync(join(dir, 'describe-subnets.json'), JSON.stringify({ Subnets: subnets }));
  writeFileSync(join(dir, 'describe-network-interfaces.json'), JSON.stringify({ NetworkInterfaces: interfaces }));
  writeFileSync(
    join(dir, 'describe-network-acls.json'),
    JSON.stringify({
      NetworkAcls: vpcList.map((v, vi) => ({
        NetworkAclId: `acl-${vi}`,
        VpcId: v.VpcId,
        OwnerId: OWNER,
        IsDefault: true,
        Entries: [
          { RuleNumber: 100, Egress: false, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 100, Egress: true, RuleAction: 'allow', Protocol: '-1', CidrBlock: '0.0.0.0/0' },
        ],
        Associations: subnets.filter((s) => s.VpcId === v.VpcId).map((s) => ({ NetworkAclAssociationId: `aclassoc-${s.SubnetId}`, SubnetId: s.SubnetId })),
      })),
    }),
  );
  writeFileSync(join(dir, 'describe-internet-gateways.json'), JSON.stringify({ InternetGateways: vpcList.map((v, vi) => ({ InternetGatewayId: `igw-${vi}`, Attachments: [{ VpcId: v.VpcId, State: 'available' }] })) }));
  writeFileSync(
    join(dir, 'describe-route-tables.json'),
    JSON.stringify({
      RouteTables: vpcList.map((v, vi) => ({
        RouteTableId: `rtb-${vi}`,
        VpcId: v.VpcId,
        Routes: [
          { DestinationCidrBlock: v.CidrBlock, GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: `igw-${vi}`, State: 'active' },
        ],
        Associations: [{ Main: true, RouteTableAssociationId: `rtbassoc-${vi}` }],
      })),
    }),
  );
}
