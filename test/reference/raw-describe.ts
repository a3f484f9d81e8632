/**
 * The raw `aws ec2 describe-*` JSON the reference evaluator reads, exactly as the CLI prints it (PascalCase keys,
 * protocol names or numbers as strings, `-1` for all). Only the fields the decision semantics use are typed; the rest
 * of a real document is ignored. Shared by the evaluator and by the property-test generators that write such JSON.
 */
export interface RawIpRange {
  CidrIp: string;
  Description?: string;
}
export interface RawIpv6Range {
  CidrIpv6: string;
  Description?: string;
}
export interface RawUserIdGroupPair {
  GroupId: string;
  UserId?: string;
}
export interface RawPrefixListId {
  PrefixListId: string;
}

export interface RawIpPermission {
  /** `tcp`, `udp`, `icmp`, `icmpv6`, a number as a string, or `-1`. */
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges: RawIpRange[];
  Ipv6Ranges: RawIpv6Range[];
  UserIdGroupPairs: RawUserIdGroupPair[];
  PrefixListIds: RawPrefixListId[];
}

export interface RawSecurityGroup {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  OwnerId: string;
  IpPermissions: RawIpPermission[];
  IpPermissionsEgress: RawIpPermission[];
}

export interface RawNetworkAclEntry {
  RuleNumber: number;
  Egress: boolean;
  RuleAction: 'allow' | 'deny';
  /** A protocol number as a string, `-1` for all. */
  Protocol: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From: number; To: number };
  IcmpTypeCode?: { Type: number; Code: number };
}

export interface RawNetworkAcl {
  NetworkAclId: string;
  VpcId: string;
  IsDefault: boolean;
  Entries: RawNetworkAclEntry[];
  Associations: { NetworkAclAssociationId: string; NetworkAclId: string; SubnetId: string }[];
}

export interface RawVpc {
  VpcId: string;
  /** The primary IPv4 CIDR: the DNS resolver lives at its base + 2. */
  CidrBlock: string;
  Ipv6CidrBlockAssociationSet?: { Ipv6CidrBlock: string; AssociationId?: string }[];
  IsDefault?: boolean;
  OwnerId?: string;
}

export interface RawSubnet {
  SubnetId: string;
  VpcId: string;
  CidrBlock: string;
  Ipv6CidrBlockAssociationSet?: { Ipv6CidrBlock: string; AssociationId?: string }[];
  AvailabilityZone?: string;
  MapPublicIpOnLaunch?: boolean;
  DefaultForAz?: boolean;
}

export interface RawNetworkInterface {
  NetworkInterfaceId: string;
  SubnetId: string;
  VpcId: string;
  PrivateIpAddress: string;
  PrivateIpAddresses: { PrivateIpAddress: string; Primary: boolean; Association?: { PublicIp: string } }[];
  Ipv6Addresses: { Ipv6Address: string }[];
  Association?: { PublicIp: string };
  Groups: { GroupId: string; GroupName?: string }[];
  ConnectionTrackingConfiguration?: { TcpEstablishedTimeout?: number; UdpStreamTimeout?: number; UdpTimeout?: number };
  SourceDestCheck?: boolean;
  OwnerId?: string;
}

export interface RawRoute {
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  DestinationPrefixListId?: string;
  /** `local` or `igw-…`; other targets use other fields (NatGatewayId, …). */
  GatewayId?: string;
  NatGatewayId?: string;
  State: 'active' | 'blackhole';
  Origin?: string;
}

export interface RawRouteTable {
  RouteTableId: string;
  VpcId: string;
  Routes: RawRoute[];
  Associations: { RouteTableAssociationId: string; RouteTableId: string; SubnetId?: string; Main: boolean }[];
}

export interface RawInternetGateway {
  InternetGatewayId: string;
  Attachments: { State: string; VpcId: string }[];
}

export interface RawPrefixList {
  PrefixListId: string;
  PrefixListName: string;
  AddressFamily: 'IPv4' | 'IPv6';
  MaxEntries: number;
  Version: number;
  State?: string;
  OwnerId?: string;
  /** Not part of describe-managed-prefix-lists itself: the output of get-managed-prefix-list-entries, merged in. */
  Entries: { Cidr: string; Description?: string }[];
}

/** Several describe outputs merged into one object. */
export interface RawDescribe {
  Vpcs?: RawVpc[];
  Subnets?: RawSubnet[];
  SecurityGroups?: RawSecurityGroup[];
  NetworkAcls?: RawNetworkAcl[];
  NetworkInterfaces?: RawNetworkInterface[];
  RouteTables?: RawRouteTable[];
  InternetGateways?: RawInternetGateway[];
  PrefixLists?: RawPrefixList[];
}

const LIST_KEYS = [
  'Vpcs',
  'Subnets',
  'SecurityGroups',
  'NetworkAcls',
  'NetworkInterfaces',
  'RouteTables',
  'InternetGateways',
  'PrefixLists',
] as const;

/** One describe document, or several (each the output of one `describe-*` call), as one object. */
export function mergeDescribe(docs: unknown): RawDescribe {
  const list = (Array.isArray(docs) ? docs : [docs]) as Record<string, unknown>[];
  const out: Record<string, unknown[]> = {};
  for (const doc of list) {
    for (const key of LIST_KEYS) {
      const items = doc[key];
      if (Array.isArray(items)) out[key] = [...(out[key] ?? []), ...items];
    }
  }
  return out as RawDescribe;
}
