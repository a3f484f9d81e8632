/**
 * The model as it stands after updates: every record by id in snapshot order, plus the claim indexes that place
 * things (which NACL and route table a subnet uses, which interface holds an address). Pure bookkeeping over model
 * objects; the compiled structures live in classify/ and nacl/.
 */
import type { NetworkAcl } from '../../core/model/network-acl.ts';
import type {
  Instance,
  InternetGateway,
  NetworkInterface,
  PrefixList,
  RouteTable,
  Subnet,
  Vpc,
} from '../../core/model/network.ts';
import type { SecurityGroup } from '../../core/model/security-group.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { addressKey, type AddressKey } from './address-key.ts';
import { ClaimIndex } from './claim-index.ts';
import { OrderedRecords } from './ordered-records.ts';
import { sameAddresses } from './same-addresses.ts';

export class Estate {
  readonly vpcs = new OrderedRecords<Vpc>();
  readonly subnets = new OrderedRecords<Subnet>();
  readonly securityGroups = new OrderedRecords<SecurityGroup>();
  readonly networkAcls = new OrderedRecords<NetworkAcl>();
  readonly networkInterfaces = new OrderedRecords<NetworkInterface>();
  readonly prefixLists = new OrderedRecords<PrefixList>();
  readonly routeTables = new OrderedRecords<RouteTable>();
  readonly internetGateways = new OrderedRecords<InternetGateway>();
  readonly instances = new OrderedRecords<Instance>();

  /** subnet id → ACLs whose associations name it. */
  readonly aclBySubnet = new ClaimIndex<string>((id) => this.networkAcls.orderOf(id));
  /** VPC id → its default ACLs. */
  readonly defaultAclByVpc = new ClaimIndex<string>((id) => this.networkAcls.orderOf(id));
  /** subnet id → route tables explicitly associated with it. */
  readonly routeTableBySubnet = new ClaimIndex<string>((id) => this.routeTables.orderOf(id));
  /** VPC id → its main route tables. */
  readonly mainRouteTableByVpc = new ClaimIndex<string>((id) => this.routeTables.orderOf(id));
  /** Private IPv4 and IPv6 address key → interfaces holding it (docs/semantics.md §1, rule 1). */
  readonly interfaceByPrivateAddress = new ClaimIndex<AddressKey>((id) => this.networkInterfaces.orderOf(id));
  /** Public IPv4 address key → interfaces it maps to (rule 2). */
  readonly interfaceByPublicAddress = new ClaimIndex<AddressKey>((id) => this.networkInterfaces.orderOf(id));

  static fromSnapshot(snapshot: Snapshot): Estate {
    const estate = new Estate();
    for (const v of snapshot.vpcs) estate.vpcs.set(v.vpcId, v);
    for (const s of snapshot.subnets) estate.subnets.set(s.subnetId, s);
    for (const g of snapshot.securityGroups) estate.securityGroups.set(g.groupId, g);
    for (const a of snapshot.networkAcls) estate.setNetworkAcl(a);
    for (const e of snapshot.networkInterfaces) estate.setInterface(e);
    for (const p of snapshot.prefixLists) estate.prefixLists.set(p.prefixListId, p);
    for (const t of snapshot.routeTables) estate.setRouteTable(t);
    for (const g of snapshot.internetGateways) estate.internetGateways.set(g.internetGatewayId, g);
    for (const i of snapshot.instances) estate.instances.set(i.instanceId, i);
    return estate;
  }

  snapshot(): Snapshot {
    return {
      vpcs: this.vpcs.values(),
      subnets: this.subnets.values(),
      securityGroups: this.securityGroups.values(),
      networkAcls: this.networkAcls.values(),
      networkInterfaces: this.networkInterfaces.values(),
      prefixLists: this.prefixLists.values(),
      routeTables: this.routeTables.values(),
      internetGateways: this.internetGateways.values(),
      instances: this.instances.values(),
    };
  }

  /**
   * Stores an interface and its address claims; returns the record it replaced. `sameAddressesAsBefore`: the caller
   * has already compared the addresses with the stored record's (sameAddresses) and found them equal.
   */
  setInterface(eni: NetworkInterface, sameAddressesAsBefore = false): NetworkInterface | undefined {
    const previous = this.networkInterfaces.get(eni.networkInterfaceId);
    // A group-only change keeps the claims as they are (releasing and re-claiming the same keys is a no-op).
    const keepClaims = previous !== undefined && (sameAddressesAsBefore || sameAddresses(previous, eni));
    if (previous && !keepClaims) this.claimAddresses(previous, false);
    this.networkInterfaces.set(eni.networkInterfaceId, eni);
    if (!keepClaims) this.claimAddresses(eni, true);
    return previous;
  }

  deleteInterface(id: string): NetworkInterface | undefined {
    const previous = this.networkInterfaces.get(id);
    if (!previous) return undefined;
    this.claimAddresses(previous, false);
    this.networkInterfaces.delete(id);
    return previous;
  }

  setNetworkAcl(acl: NetworkAcl): NetworkAcl | undefined {
    const previous = this.networkAcls.get(acl.networkAclId);
    if (previous) this.claimAcl(previous, false);
    this.networkAcls.set(acl.networkAclId, acl);
    this.claimAcl(acl, true);
    return previous;
  }

  deleteNetworkAcl(id: string): NetworkAcl | undefined {
    const previous = this.networkAcls.get(id);
    if (!previous) return undefined;
    this.claimAcl(previous, false);
    this.networkAcls.delete(id);
    return previous;
  }

  setRouteTable(table: RouteTable): void {
    const previous = this.routeTables.get(table.routeTableId);
    if (previous) this.claimRouteTable(previous, false);
    this.routeTables.set(table.routeTableId, table);
    this.claimRouteTable(table, true);
  }

  deleteRouteTable(id: string): RouteTable | undefined {
    const previous = this.routeTables.get(id);
    if (!previous) return undefined;
    this.claimRouteTable(previous, false);
    this.routeTables.delete(id);
    return previous;
  }

  private claimAddresses(eni: NetworkInterface, claim: boolean): void {
    const id = eni.networkInterfaceId;
    const privates = this.interfaceByPrivateAddress;
    for (const ip of eni.privateIps) {
      if (claim) privates.claim(addressKey(ip), id);
      else privates.release(addressKey(ip), id);
    }
    for (const ip of eni.ipv6Addresses) {
      if (claim) privates.claim(addressKey(ip), id);
      else privates.release(addressKey(ip), id);
    }
    if (eni.publicIp) {
      if (claim) this.interfaceByPublicAddress.claim(addressKey(eni.publicIp), id);
      else this.interfaceByPublicAddress.release(addressKey(eni.publicIp), id);
    }
  }

  private claimAcl(acl: NetworkAcl, claim: boolean): void {
    const id = acl.networkAclId;
    for (const a of acl.associations) {
      if (claim) this.aclBySubnet.claim(a.subnetId, id);
      else this.aclBySubnet.release(a.subnetId, id);
    }
    if (acl.isDefault) {
      if (claim) this.defaultAclByVpc.claim(acl.vpcId, id);
      else this.defaultAclByVpc.release(acl.vpcId, id);
    }
  }

  private claimRouteTable(table: RouteTable, claim: boolean): void {
    const id = table.routeTableId;
    for (const a of table.associations) {
      if (a.subnetId !== undefined) {
        if (claim) this.routeTableBySubnet.claim(a.subnetId, id);
        else this.routeTableBySubnet.release(a.subnetId, id);
      }
      if (a.main) {
        if (claim) this.mainRouteTableByVpc.claim(table.vpcId, id);
        else this.mainRouteTableByVpc.release(table.vpcId, id);
      }
    }
  }
}
