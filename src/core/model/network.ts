/**
 * The network around the groups: VPCs, subnets, interfaces, instances, prefix lists, route tables and internet
 * gateways — enough to place an address and to say whether it is reachable from the internet.
 */
import type { Cidr } from '../net/cidr.ts';
import type { IpAddress } from '../net/ip.ts';
import type { Tag } from './tag.ts';

export interface Vpc {
  readonly vpcId: string;
  readonly ownerId?: string;
  readonly cidrBlocks: readonly Cidr[];
  readonly ipv6CidrBlocks: readonly Cidr[];
  readonly isDefault: boolean;
  readonly tags?: readonly Tag[];
}

export interface Subnet {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly cidr: Cidr;
  readonly ipv6Cidrs: readonly Cidr[];
  readonly availabilityZone?: string;
  readonly mapPublicIpOnLaunch: boolean;
  readonly defaultForAz: boolean;
  readonly tags?: readonly Tag[];
}

/** Idle timeouts in seconds (aws-semantics.md §5.8; fact 17). */
export interface ConnectionTrackingTimeouts {
  readonly tcpEstablishedTimeout: number;
  readonly udpTimeout: number;
  readonly udpStreamTimeout: number;
}

export const DEFAULT_CONNECTION_TRACKING: ConnectionTrackingTimeouts = {
  tcpEstablishedTimeout: 432_000, // 5 days
  udpTimeout: 30,
  udpStreamTimeout: 180,
};

export interface NetworkInterface {
  readonly networkInterfaceId: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly ownerId?: string;
  /** Private IPv4 addresses, primary first. */
  readonly privateIps: readonly IpAddress[];
  readonly ipv6Addresses: readonly IpAddress[];
  /** Public or Elastic IPv4 address, mapped 1:1 to the primary private address by the internet gateway. */
  readonly publicIp?: IpAddress;
  /** Up to 16 group ids (5 by default). */
  readonly groupIds: readonly string[];
  readonly instanceId?: string;
  readonly connectionTracking: ConnectionTrackingTimeouts;
  readonly sourceDestCheck: boolean;
  readonly description?: string;
  readonly tags?: readonly Tag[];
}

export interface Instance {
  readonly instanceId: string;
  readonly subnetId?: string;
  readonly vpcId?: string;
  readonly state: string;
  /** Interface ids, the primary (device index 0) first. */
  readonly networkInterfaceIds: readonly string[];
  readonly tags?: readonly Tag[];
}

export interface PrefixListEntry {
  readonly cidr: Cidr;
  readonly description?: string;
}

export interface PrefixList {
  readonly prefixListId: string;
  readonly prefixListName: string;
  readonly addressFamily: 4 | 6;
  readonly maxEntries: number;
  readonly version: number;
  readonly ownerId?: string;
  readonly entries: readonly PrefixListEntry[];
  readonly tags?: readonly Tag[];
}

export type RouteTarget =
  | { readonly kind: 'local' }
  | { readonly kind: 'internet-gateway'; readonly id: string }
  | { readonly kind: 'other'; readonly id: string };

export interface Route {
  /** Destination CIDR; routes to a prefix list carry the list id instead. */
  readonly destination: Cidr | { readonly prefixListId: string };
  readonly target: RouteTarget;
  /** `blackhole` routes go nowhere. */
  readonly active: boolean;
}

export interface RouteTableAssociation {
  readonly associationId: string;
  readonly subnetId?: string;
  readonly main: boolean;
}

export interface RouteTable {
  readonly routeTableId: string;
  readonly vpcId: string;
  readonly routes: readonly Route[];
  readonly associations: readonly RouteTableAssociation[];
  readonly tags?: readonly Tag[];
}

export interface InternetGateway {
  readonly internetGatewayId: string;
  /** VPCs the gateway is attached to (state `available`/`attached`). */
  readonly attachedVpcIds: readonly string[];
  readonly tags?: readonly Tag[];
}
