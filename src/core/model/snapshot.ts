/**
 * A whole estate at one moment: the input of the engine, the auditor and the enforcement compiler.
 * Built from the control plane's store, from `aws ec2 describe-*` JSON, or from infrastructure code.
 */
import type { NetworkAcl } from './network-acl.ts';
import type { Instance, InternetGateway, NetworkInterface, PrefixList, RouteTable, Subnet, Vpc } from './network.ts';
import type { SecurityGroup } from './security-group.ts';

export interface Snapshot {
  readonly vpcs: readonly Vpc[];
  readonly subnets: readonly Subnet[];
  readonly securityGroups: readonly SecurityGroup[];
  readonly networkAcls: readonly NetworkAcl[];
  readonly networkInterfaces: readonly NetworkInterface[];
  readonly prefixLists: readonly PrefixList[];
  readonly routeTables: readonly RouteTable[];
  readonly internetGateways: readonly InternetGateway[];
  readonly instances: readonly Instance[];
}

export function emptySnapshot(): Snapshot {
  return {
    vpcs: [],
    subnets: [],
    securityGroups: [],
    networkAcls: [],
    networkInterfaces: [],
    prefixLists: [],
    routeTables: [],
    internetGateways: [],
    instances: [],
  };
}
