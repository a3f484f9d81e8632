/**
 * A small hand-written estate in raw describe JSON, for hand-computed cases (evaluator.test.ts) and the explicit
 * conntrack scenarios. Every address is chosen so a reader can work out each verdict on paper:
 *
 * vpc-1 10.1.0.0/16 + 2600:0:0:100::/56, IGW igw-1 attached, main table: local, 0.0.0.0/0 and ::/0 → igw-1
 *   subnet-a 10.1.1.0/24 (2600:0:0:101::/64): eni-a 10.1.1.10 (+10.1.1.11, 2600:0:0:101::10, public 54.0.0.1) [sg-web, sg-ssh]
 *                                             eni-a2 10.1.1.20 [sg-db]
 *                                             eni-d 10.1.1.30 (public 54.0.0.2) [sg-db, sg-web]
 *   subnet-b 10.1.2.0/24, ACL acl-b:           eni-b 10.1.2.10 [sg-db]
 *   default ACL acl-1: allow everything (100 IPv4, 101 IPv6) both ways
 * vpc-2 10.2.0.0/16, no ACLs at all, main table: local only
 *   subnet-c 10.2.1.0/24: eni-c 10.2.1.10 [sg-open];  subnet-e 10.2.2.0/24: eni-e 10.2.2.10 [sg-open]
 */
import type { RawDescribe, RawIpPermission, RawNetworkInterface } from './raw-describe.ts';

export function permission(protocol: string, from: number | undefined, to: number | undefined, peers: Partial<RawIpPermission>): RawIpPermission {
  const p: RawIpPermission = { IpProtocol: protocol, IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [], ...peers };
  if (from !== undefined) p.FromPort = from;
  if (to !== undefined) p.ToPort = to;
  return p;
}

function eni(id: string, subnet: string, vpc: string, ips: string[], groups: string[], extra: Partial<RawNetworkInterface> = {}): RawNetworkInterface {
  return {
    NetworkInterfaceId: id,
    SubnetId: subnet,
    VpcId: vpc,
    PrivateIpAddress: ips[0],
    PrivateIpAddresses: ips.map((ip, i) => ({ PrivateIpAddress: ip, Primary: i === 0 })),
    Ipv6Addresses: [],
    Groups: groups.map((g) => ({ GroupId: g })),
    ...extra,
  };
}

const ALL_V4 = { IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const ALL_V4_V6 = { IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] };

export function sampleEstate(): RawDescribe {
  return {
    Vpcs: [
      { VpcId: 'vpc-1', CidrBlock: '10.1.0.0/16', Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600:0:0:100::/56' }] },
      { VpcId: 'vpc-2', CidrBlock: '10.2.0.0/16' },
    ],
    Subnets: [
      { SubnetId: 'subnet-a', VpcId: 'vpc-1', CidrBlock: '10.1.1.0/24', Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600:0:0:101::/64' }] },
      { SubnetId: 'subnet-b', VpcId: 'vpc-1', CidrBlock: '10.1.2.0/24' },
      { SubnetId: 'subnet-c', VpcId: 'vpc-2', CidrBlock: '10.2.1.0/24' },
      { SubnetId: 'subnet-e', VpcId: 'vpc-2', CidrBlock: '10.2.2.0/24' },
    ],
    SecurityGroups: [
      {
        GroupId: 'sg-web', GroupName: 'web', Description: 'web', VpcId: 'vpc-1', OwnerId: '111122223333',
        IpPermissions: [permission('tcp', 80, 80, ALL_V4_V6)],
        IpPermissionsEgress: [permission('-1', undefined, undefined, ALL_V4_V6)],
      },
      {
        GroupId: 'sg-ssh', GroupName: 'ssh', Description: 'ssh', VpcId: 'vpc-1', OwnerId: '111122223333',
        IpPermissions: [
          permission('tcp', 22, 22, { PrefixListIds: [{ PrefixListId: 'pl-admin' }] }),
          permission('icmp', 8, -1, ALL_V4),
        ],
        IpPermissionsEgress: [],
      },
      {
        GroupId: 'sg-db', GroupName: 'db', Description: 'db', VpcId: 'vpc-1', OwnerId: '111122223333',
        IpPermissions: [
          permission('tcp', 5432, 5432, { UserIdGroupPairs: [{ GroupId: 'sg-web', UserId: '111122223333' }] }),
          permission('-1', undefined, undefined, { UserIdGroupPairs: [{ GroupId: 'sg-db', UserId: '111122223333' }] }),
        ],
        IpPermissionsEgress: [permission('tcp', 0, 65535, { IpRanges: [{ CidrIp: '10.0.0.0/8' }] })],
      },
      {
        GroupId: 'sg-open', GroupName: 'open', Description: 'open', VpcId: 'vpc-2', OwnerId: '111122223333',
        IpPermissions: [permission('-1', undefined, undefined, ALL_V4)],
        IpPermissionsEgress: [permission('-1', undefined, undefined, ALL_V4)],
      },
    ],
    NetworkAcls: [
      {
        NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, Associations: [],
        Entries: [false, true].flatMap((egress) => [
          { RuleNumber: 100, Egress: egress, RuleAction: 'allow' as const, Protocol: '-1', CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 101, Egress: egress, RuleAction: 'allow' as const, Protocol: '-1', Ipv6CidrBlock: '::/0' },
          { RuleNumber: 32767, Egress: egress, RuleAction: 'deny' as const, Protocol: '-1', CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 32768, Egress: egress, RuleAction: 'deny' as const, Protocol: '-1', Ipv6CidrBlock: '::/0' },
        ]),
      },
      {
        NetworkAclId: 'acl-b', VpcId: 'vpc-1', IsDefault: false,
        Associations: [{ NetworkAclAssociationId: 'aclassoc-b', NetworkAclId: 'acl-b', SubnetId: 'subnet-b' }],
        // Listed out of order on purpose: evaluation order is by rule number, not position.
        Entries: [
          { RuleNumber: 110, Egress: false, RuleAction: 'allow', Protocol: '-1', CidrBlock: '10.1.1.0/24' },
          { RuleNumber: 90, Egress: false, RuleAction: 'deny', Protocol: '6', CidrBlock: '10.1.1.11/32', PortRange: { From: 5432, To: 5432 } },
          { RuleNumber: 100, Egress: false, RuleAction: 'allow', Protocol: '6', CidrBlock: '10.1.0.0/16', PortRange: { From: 5432, To: 5432 } },
          { RuleNumber: 100, Egress: true, RuleAction: 'allow', Protocol: '6', CidrBlock: '10.1.0.0/16', PortRange: { From: 1024, To: 65535 } },
        ],
      },
    ],
    NetworkInterfaces: [
      eni('eni-a', 'subnet-a', 'vpc-1', ['10.1.1.10', '10.1.1.11'], ['sg-web', 'sg-ssh'], {
        Ipv6Addresses: [{ Ipv6Address: '2600:0:0:101::10' }],
        Association: { PublicIp: '54.0.0.1' },
      }),
      eni('eni-a2', 'subnet-a', 'vpc-1', ['10.1.1.20'], ['sg-db']),
      eni('eni-d', 'subnet-a', 'vpc-1', ['10.1.1.30'], ['sg-db', 'sg-web'], { Association: { PublicIp: '54.0.0.2' } }),
      eni('eni-b', 'subnet-b', 'vpc-1', ['10.1.2.10'], ['sg-db']),
      eni('eni-c', 'subnet-c', 'vpc-2', ['10.2.1.10'], ['sg-open']),
      eni('eni-e', 'subnet-e', 'vpc-2', ['10.2.2.10'], ['sg-open']),
    ],
    RouteTables: [
      {
        RouteTableId: 'rtb-1', VpcId: 'vpc-1',
        Associations: [{ RouteTableAssociationId: 'rtbassoc-1', RouteTableId: 'rtb-1', Main: true }],
        Routes: [
          { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationIpv6CidrBlock: '2600:0:0:100::/56', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' },
          { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-1', State: 'active' },
        ],
      },
      {
        RouteTableId: 'rtb-2', VpcId: 'vpc-2',
        Associations: [{ RouteTableAssociationId: 'rtbassoc-2', RouteTableId: 'rtb-2', Main: true }],
        Routes: [{ DestinationCidrBlock: '10.2.0.0/16', GatewayId: 'local', State: 'active' }],
      },
    ],
    InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ State: 'available', VpcId: 'vpc-1' }] }],
    PrefixLists: [
      {
        PrefixListId: 'pl-admin', PrefixListName: 'admin', AddressFamily: 'IPv4', MaxEntries: 5, Version: 1,
        Entries: [{ Cidr: '203.0.113.0/24' }],
      },
    ],
  };
}
