/** How VPCs, subnets, internet gateways and route tables are kept (src/service/state/resource.ts). */
import type { Resource } from '../state/resource.ts';

export interface VpcRecord extends Resource {
  readonly kind: 'vpc';
  /** Canonical IPv4 CIDR (aws-semantics.md fact 8). */
  readonly cidrBlock: string;
  readonly cidrAssociationId: string;
  readonly isDefault: boolean;
  readonly dhcpOptionsId: string;
  readonly instanceTenancy: 'default' | 'dedicated' | 'host';
}

export interface SubnetRecord extends Resource {
  readonly kind: 'subnet';
  /** The VPC. */
  readonly parentId: string;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly mapPublicIpOnLaunch: boolean;
  readonly defaultForAz: boolean;
  /** ModifySubnetAttribute's DNS settings; absent = EC2's defaults (false, false, `ip-name`). */
  readonly enableDns64?: boolean;
  readonly enableResourceNameDnsARecordOnLaunch?: boolean;
  readonly privateDnsHostnameTypeOnLaunch?: 'ip-name' | 'resource-name';
}

export interface InternetGatewayRecord extends Resource {
  readonly kind: 'internet-gateway';
  /** At most one: a gateway serves one VPC and a VPC has one gateway (AttachInternetGateway). */
  readonly attachedVpcIds: readonly string[];
}

export interface RouteRecord {
  /** Canonical IPv4 CIDR. */
  readonly destinationCidrBlock: string;
  /** `local` or an internet gateway id (the only targets Rampart models). */
  readonly gatewayId: string;
  readonly origin: 'CreateRouteTable' | 'CreateRoute';
}

export interface RouteTableAssociationRecord {
  readonly associationId: string;
  /** The VPC's main association (no subnet): subnets without an explicit association use this table. */
  readonly main: boolean;
  readonly subnetId?: string;
}

export interface RouteTableRecord extends Resource {
  readonly kind: 'route-table';
  /** The VPC. */
  readonly parentId: string;
  readonly routes: readonly RouteRecord[];
  readonly associations: readonly RouteTableAssociationRecord[];
  /** CreateRouteTable's ClientToken, for idempotent retries. */
  readonly clientToken?: string;
}
