/**
 * TopologyPlan → raw describe JSON, plus the address lists flows are drawn from. VPC i is 10.i.0.0/16 (and
 * 2600:0:0:i00::/56), its subnet j 10.i.j.0/24 (and 2600:0:0:i0j::/64), interface k has primary 10.i.j.(10+k),
 * secondaries 10.i.j.(100+10k+m), IPv6 2600:0:0:i0j::k:m and public 54.0.0.k, so no two interfaces share an address
 * and no address sits on a reserved one.
 */
import type {
  RawDescribe,
  RawInternetGateway,
  RawIpPermission,
  RawNetworkAcl,
  RawNetworkAclEntry,
  RawNetworkInterface,
  RawRouteTable,
  RawSecurityGroup,
  RawSubnet,
} from '../reference/raw-describe.ts';
import {
  FIXED_EXEMPT_V4,
  FIXED_EXEMPT_V6,
  FIXED_V4_CIDRS,
  FIXED_V4_HOSTS,
  FIXED_V6_CIDRS,
  FIXED_V6_HOSTS,
  hostIn,
  pick,
} from './address-pools.ts';
import { routeTable, type RoutedVpc } from './build-routes.ts';
import { naclEntries, OWNER, permissionFrom, type PermissionPools } from './build-rules.ts';
import type { PermissionPlan, TopologyPlan } from './topology-plan.ts';

export interface BuiltInterface {
  readonly id: string;
  readonly primary: string;
  readonly secondaries: readonly string[];
  readonly ipv6: readonly string[];
  readonly publicIp?: string;
  readonly groupIds: readonly string[];
  /** Never-filtered addresses as seen from this interface (its VPC's DNS, its subnet's router, IMDS, …). */
  readonly exempt4: readonly string[];
  readonly exempt6: readonly string[];
}

export interface BuiltTopology {
  readonly doc: RawDescribe;
  readonly interfaces: readonly BuiltInterface[];
  readonly internet4: readonly string[];
  readonly internet6: readonly string[];
  /** Every permission and ACL entry, for drawing flows that hit them. */
  readonly permissions: readonly { readonly groupId: string; readonly egress: boolean; readonly permission: RawIpPermission }[];
  readonly naclEntries: readonly RawNetworkAclEntry[];
  /** Interface id → VPC id. */
  readonly vpcOf: ReadonlyMap<string, string>;
  /** What new permissions may name (conntrack sequences authorize rules mid-run). */
  readonly pools: PermissionPools;
}

const hex = (n: number) => n.toString(16);

interface VpcIds extends RoutedVpc {
  readonly subnets: readonly { readonly subnetId: string; readonly cidr: string; readonly ipv6Cidr?: string }[];
  readonly groupIds: readonly string[];
}

function layout(plan: TopologyPlan): VpcIds[] {
  return plan.vpcs.map((v, vi) => {
    const i = vi + 1;
    return {
      index: i,
      vpcId: `vpc-0a${hex(i)}`,
      igwId: `igw-0a${hex(i)}`,
      cidr: `10.${i}.0.0/16`,
      ipv6Cidr: v.ipv6 ? `2600:0:0:${i}00::/56` : undefined,
      subnets: v.subnets.map((s, sj) => ({
        subnetId: `subnet-0b${hex(i)}${hex(sj + 1)}`,
        cidr: `10.${i}.${sj + 1}.0/24`,
        ipv6Cidr: v.ipv6 && s.ipv6 ? `2600:0:0:${i}0${sj + 1}::/64` : undefined,
      })),
      groupIds: v.groups.map((_, g) => `sg-0d${hex(i)}${hex(g + 1)}`),
    };
  });
}

export function buildTopology(plan: TopologyPlan): BuiltTopology {
  const vpcs = layout(plan);
  const allSubnets = vpcs.flatMap((v) => v.subnets.map((s) => ({ vpc: v, ...s })));
  const allGroups = vpcs.flatMap((v) => v.groupIds);

  // Interfaces first: their addresses feed the CIDR pools.
  const built: BuiltInterface[] = [];
  const enis: RawNetworkInterface[] = [];
  plan.interfaces.forEach((ip, ki) => {
    const k = ki + 1;
    const subnet = pick(allSubnets, ip.subnet);
    const [, i, j] = subnet.cidr.split('.').map(Number);
    const primary = `10.${i}.${j}.${10 + k}`;
    const secondaries = Array.from({ length: ip.secondaries }, (_, m) => `10.${i}.${j}.${100 + 10 * k + m + 1}`);
    const ipv6 = subnet.ipv6Cidr ? Array.from({ length: ip.ipv6 }, (_, m) => `2600:0:0:${i}0${j}::${k}:${m + 1}`) : [];
    const publicIp = ip.publicIp ? `54.0.0.${k}` : undefined;
    const groups = [...new Set(ip.groups.map((g) => pick(subnet.vpc.groupIds, g)))];
    const id = `eni-0c${hex(k)}`;
    built.push({
      id,
      primary,
      secondaries,
      ipv6,
      publicIp,
      groupIds: groups,
      exempt4: [...FIXED_EXEMPT_V4, hostIn(subnet.vpc.cidr, 2), hostIn(subnet.cidr, 1)],
      // The IPv6 subnet's base+1 is not in docs/semantics.md's list; drawn on purpose to see what the engine does.
      exempt6: [...FIXED_EXEMPT_V6, ...(subnet.ipv6Cidr ? [hostIn(subnet.ipv6Cidr, 1)] : [])],
    });
    enis.push({
      NetworkInterfaceId: id,
      SubnetId: subnet.subnetId,
      VpcId: subnet.vpc.vpcId,
      OwnerId: OWNER,
      PrivateIpAddress: primary,
      PrivateIpAddresses: [
        { PrivateIpAddress: primary, Primary: true, ...(publicIp ? { Association: { PublicIp: publicIp } } : {}) },
        ...secondaries.map((s) => ({ PrivateIpAddress: s, Primary: false })),
      ],
      Ipv6Addresses: ipv6.map((a) => ({ Ipv6Address: a })),
      ...(publicIp ? { Association: { PublicIp: publicIp } } : {}),
      Groups: groups.map((g) => ({ GroupId: g, GroupName: `name-${g}` })),
      ...(ip.timeouts
        ? { ConnectionTrackingConfiguration: { TcpEstablishedTimeout: ip.timeouts.tcp, UdpTimeout: ip.timeouts.udp, UdpStreamTimeout: ip.timeouts.stream } }
        : {}),
      SourceDestCheck: true,
    });
  });

  const v4 = [
    ...FIXED_V4_CIDRS,
    ...vpcs.map((v) => v.cidr),
    ...allSubnets.map((s) => s.cidr),
    ...built.flatMap((b) => [b.primary, ...b.secondaries, ...(b.publicIp ? [b.publicIp] : [])].map((a) => `${a}/32`)),
  ];
  const v6 = [
    ...FIXED_V6_CIDRS,
    ...vpcs.flatMap((v) => (v.ipv6Cidr ? [v.ipv6Cidr] : [])),
    ...allSubnets.flatMap((s) => (s.ipv6Cidr ? [s.ipv6Cidr] : [])),
    ...built.flatMap((b) => b.ipv6.map((a) => `${a}/128`)),
  ];

  const prefixLists = plan.prefixLists.map((pl, p) => {
    const entries = [...new Set(pl.entries.map((e) => pick(pl.v6 ? v6 : v4, e)))];
    return {
      PrefixListId: `pl-0f${hex(p + 1)}`,
      PrefixListName: `list-${p + 1}`,
      AddressFamily: pl.v6 ? ('IPv6' as const) : ('IPv4' as const),
      MaxEntries: 5,
      Version: 1,
      State: 'create-complete',
      OwnerId: OWNER,
      Entries: entries.map((Cidr) => ({ Cidr })),
    };
  });
  const prefixListIds = prefixLists.map((l) => l.PrefixListId);
  const pools: PermissionPools = { v4, v6, groupIds: allGroups, prefixListIds };

  const securityGroups: RawSecurityGroup[] = [];
  plan.vpcs.forEach((vp, vi) => {
    vp.groups.forEach((gp, g) => {
      const groupId = vpcs[vi].groupIds[g];
      const perm = (p: PermissionPlan) => permissionFrom(p, groupId, pools);
      securityGroups.push({
        GroupId: groupId,
        GroupName: `group-${groupId}`,
        Description: 'generated',
        VpcId: vpcs[vi].vpcId,
        OwnerId: OWNER,
        IpPermissions: gp.ingress.map(perm),
        IpPermissionsEgress:
          gp.egress === 'open'
            ? [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }], UserIdGroupPairs: [], PrefixListIds: [] }]
            : gp.egress.map(perm),
      });
    });
  });

  const networkAcls: RawNetworkAcl[] = [];
  const routeTables: RawRouteTable[] = [];
  const gateways: RawInternetGateway[] = [];
  const routeDestinations = [...v4, ...v6];
  plan.vpcs.forEach((vp, vi) => {
    const vpc = vpcs[vi];
    const claimed = new Set<string>();
    vp.customNacls.forEach((c, ci) => {
      const aclId = `acl-0e${hex(vpc.index)}${hex(ci + 1)}`;
      const subnets = [...new Set(c.subnets.map((s) => pick(vpc.subnets, s).subnetId))].filter((s) => !claimed.has(s));
      subnets.forEach((s) => claimed.add(s));
      networkAcls.push({
        NetworkAclId: aclId,
        VpcId: vpc.vpcId,
        IsDefault: false,
        Entries: naclEntries(c.acl, v4, v6),
        Associations: subnets.map((s, n) => ({ NetworkAclAssociationId: `aclassoc-${aclId.slice(4)}${n}`, NetworkAclId: aclId, SubnetId: s })),
      });
    });
    if (vp.defaultNacl) {
      const aclId = `acl-0e${hex(vpc.index)}0`;
      // Describe output lists the default ACL's subnets; listing only some of them checks the "else default" rule.
      const listed = vpc.subnets.filter((s, n) => !claimed.has(s.subnetId) && n % 2 === 0);
      networkAcls.push({
        NetworkAclId: aclId,
        VpcId: vpc.vpcId,
        IsDefault: true,
        Entries: naclEntries(vp.defaultNacl, v4, v6),
        Associations: listed.map((s, n) => ({ NetworkAclAssociationId: `aclassoc-${aclId.slice(4)}${n}`, NetworkAclId: aclId, SubnetId: s.subnetId })),
      });
    }
    if (vp.mainTable) routeTables.push(routeTable(`rtb-0f${hex(vpc.index)}0`, vp.mainTable, vpc, { main: true }, routeDestinations, prefixListIds));
    vp.subnets.forEach((sp, sj) => {
      if (sp.ownTable) {
        routeTables.push(routeTable(`rtb-0f${hex(vpc.index)}${hex(sj + 1)}`, sp.ownTable, vpc, { main: false, subnetId: vpc.subnets[sj].subnetId }, routeDestinations, prefixListIds));
      }
    });
    if (vp.igw !== 'none') {
      const elsewhere = vpcs.length > 1 ? vpcs[(vi + 1) % vpcs.length].vpcId : 'vpc-0ff';
      const attachments = vp.igw === 'attached' ? [{ State: 'available', VpcId: vpc.vpcId }] : vp.igw === 'attached-elsewhere' ? [{ State: 'available', VpcId: elsewhere }] : [];
      gateways.push({ InternetGatewayId: vpc.igwId, Attachments: attachments });
    }
  });

  const subnets: RawSubnet[] = allSubnets.map((s) => ({
    SubnetId: s.subnetId,
    VpcId: s.vpc.vpcId,
    CidrBlock: s.cidr,
    ...(s.ipv6Cidr ? { Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: s.ipv6Cidr, AssociationId: `subnet-cidr-assoc-${s.subnetId.slice(7)}` }] } : {}),
    AvailabilityZone: 'us-east-1a',
    MapPublicIpOnLaunch: false,
    DefaultForAz: false,
  }));

  const doc: RawDescribe = {
    Vpcs: vpcs.map((v) => ({
      VpcId: v.vpcId,
      CidrBlock: v.cidr,
      ...(v.ipv6Cidr ? { Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: v.ipv6Cidr, AssociationId: `vpc-cidr-assoc-${v.vpcId.slice(4)}` }] } : {}),
      IsDefault: false,
      OwnerId: OWNER,
    })),
    Subnets: subnets,
    SecurityGroups: securityGroups,
    NetworkAcls: networkAcls,
    NetworkInterfaces: enis,
    RouteTables: plan.routing === 'full' || plan.routing === 'tables-only' ? routeTables : [],
    InternetGateways: plan.routing === 'full' || plan.routing === 'gateways-only' ? gateways : [],
    PrefixLists: prefixLists,
  };

  const internet4 = [
    ...FIXED_V4_HOSTS,
    ...vpcs.flatMap((v) => [hostIn(v.cidr, 2), `10.${v.index}.255.99`]),
    ...allSubnets.map((s) => hostIn(s.cidr, 1)),
    ...v4.map((c, n) => hostIn(c, 7 + n)),
  ];
  const internet6 = [...FIXED_V6_HOSTS, ...v6.map((c, n) => hostIn(c, 7 + n))];

  return {
    doc,
    interfaces: built,
    internet4,
    internet6,
    permissions: securityGroups.flatMap((g) => [
      ...g.IpPermissions.map((permission) => ({ groupId: g.GroupId, egress: false, permission })),
      ...g.IpPermissionsEgress.map((permission) => ({ groupId: g.GroupId, egress: true, permission })),
    ]),
    naclEntries: networkAcls.flatMap((a) => a.Entries),
    vpcOf: new Map(enis.map((e) => [e.NetworkInterfaceId, e.VpcId])),
    pools,
  };
}
