/**
 * fast-check arbitraries for a topology *plan*: small numbers and choices that build-topology.ts turns into raw
 * describe JSON. Generating the plan rather than the JSON keeps shrinking meaningful: a counterexample shrinks to
 * fewer VPCs, interfaces, permissions and entries, and the JSON is rebuilt from what is left. Index fields are taken
 * modulo whatever they index at build time, so every plan builds.
 */
import fc from 'fast-check';

export interface PeerPlan {
  readonly kind: 'v4' | 'v6' | 'group' | 'self' | 'pl';
  readonly index: number;
}

export interface PermissionPlan {
  readonly protocol: number;
  readonly ports: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  /** Write tcp/udp/icmp as their numbers ("6") instead of names: both are valid describe output. */
  readonly numeric: boolean;
  readonly peers: readonly PeerPlan[];
}

export interface GroupPlan {
  readonly ingress: readonly PermissionPlan[];
  /** `open`: EC2's default egress rule (all traffic to 0.0.0.0/0 and ::/0). */
  readonly egress: 'open' | readonly PermissionPlan[];
}

export interface NaclEntryPlan {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly protocol: number;
  readonly v6: boolean;
  readonly cidr: number;
  readonly ports: number;
  readonly icmpType: number;
  readonly icmpCode: number;
}

export interface NaclPlan {
  /** Rules 100 (IPv4) and 101 (IPv6) allowing everything, as in a default ACL; generated entries may precede them. */
  readonly allowAll: boolean;
  /** List the `*` entries (32767/32768) as describe-network-acls prints them; the semantics must not care. */
  readonly stars: boolean;
  readonly entries: readonly NaclEntryPlan[];
}

export type DefaultRouteTarget = 'igw' | 'blackhole' | 'nat' | 'none';

export interface RouteTablePlan {
  readonly v4Default: DefaultRouteTarget;
  readonly v6Default: DefaultRouteTarget;
  readonly specific: readonly { readonly dest: number; readonly toIgw: boolean }[];
  readonly prefixListRoute: { readonly list: number; readonly toIgw: boolean } | null;
}

export interface SubnetPlan {
  readonly ipv6: boolean;
  readonly ownTable: RouteTablePlan | null;
}

export interface VpcPlan {
  readonly ipv6: boolean;
  readonly subnets: readonly SubnetPlan[];
  readonly groups: readonly GroupPlan[];
  readonly igw: 'attached' | 'none' | 'detached' | 'attached-elsewhere';
  readonly mainTable: RouteTablePlan | null;
  readonly defaultNacl: NaclPlan | null;
  readonly customNacls: readonly { readonly acl: NaclPlan; readonly subnets: readonly number[] }[];
}

export interface InterfacePlan {
  readonly subnet: number;
  readonly groups: readonly number[];
  readonly secondaries: number;
  readonly ipv6: number;
  readonly publicIp: boolean;
  readonly timeouts: { readonly tcp: number; readonly udp: number; readonly stream: number } | null;
}

export interface PrefixListPlan {
  readonly v6: boolean;
  readonly entries: readonly number[];
}

/** `absent`: no route tables and no gateways; the two `-only` modes probe how "no routing data" is read. */
export type RoutingMode = 'full' | 'absent' | 'tables-only' | 'gateways-only';

export interface TopologyPlan {
  readonly vpcs: readonly VpcPlan[];
  readonly interfaces: readonly InterfacePlan[];
  readonly prefixLists: readonly PrefixListPlan[];
  readonly routing: RoutingMode;
}

/** Index into the protocol tables of build-topology.ts: tcp-heavy, then udp, icmp, all, others. */
const protocolIndex = fc.constantFrom(0, 0, 0, 1, 1, 2, 2, 3, 4, 4, 5, 6);

const peerPlan: fc.Arbitrary<PeerPlan> = fc.record({
  kind: fc.constantFrom<PeerPlan['kind']>('v4', 'v4', 'v4', 'v6', 'v6', 'group', 'self', 'pl'),
  // Index 0 is 0.0.0.0/0 or ::/0: common in real groups, and the condition for untracked flows.
  index: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.nat(63) }),
});

const permissionPlan: fc.Arbitrary<PermissionPlan> = fc.record({
  protocol: protocolIndex,
  ports: fc.nat(15),
  icmpType: fc.nat(7),
  icmpCode: fc.nat(3),
  numeric: fc.boolean(),
  peers: fc.array(peerPlan, { minLength: 1, maxLength: 3 }),
});

const groupPlan: fc.Arbitrary<GroupPlan> = fc.record({
  ingress: fc.array(permissionPlan, { maxLength: 4 }),
  egress: fc.oneof({ arbitrary: fc.constant('open' as const), weight: 3 }, { arbitrary: fc.array(permissionPlan, { maxLength: 3 }), weight: 1 }),
});

const naclEntryPlan: fc.Arbitrary<NaclEntryPlan> = fc.record({
  ruleNumber: fc.integer({ min: 1, max: 150 }),
  egress: fc.boolean(),
  allow: fc.boolean(),
  protocol: protocolIndex,
  v6: fc.boolean(),
  cidr: fc.nat(63),
  ports: fc.nat(15),
  icmpType: fc.nat(7),
  icmpCode: fc.nat(3),
});

const naclPlan: fc.Arbitrary<NaclPlan> = fc.record({
  allowAll: fc.constantFrom(true, true, false),
  stars: fc.boolean(),
  entries: fc.array(naclEntryPlan, { maxLength: 6 }),
});

const defaultTarget = fc.constantFrom<DefaultRouteTarget>('igw', 'igw', 'igw', 'igw', 'igw', 'blackhole', 'nat', 'none');

const routeTablePlan: fc.Arbitrary<RouteTablePlan> = fc.record({
  v4Default: defaultTarget,
  v6Default: defaultTarget,
  specific: fc.array(fc.record({ dest: fc.nat(63), toIgw: fc.boolean() }), { maxLength: 2 }),
  prefixListRoute: fc.option(fc.record({ list: fc.nat(7), toIgw: fc.boolean() }), { freq: 3 }),
});

const subnetPlan: fc.Arbitrary<SubnetPlan> = fc.record({
  ipv6: fc.constantFrom(true, true, false),
  ownTable: fc.option(routeTablePlan, { freq: 3 }),
});

const vpcPlan: fc.Arbitrary<VpcPlan> = fc.record({
  ipv6: fc.constantFrom(true, true, false),
  subnets: fc.array(subnetPlan, { minLength: 1, maxLength: 3 }),
  groups: fc.array(groupPlan, { minLength: 1, maxLength: 3 }),
  igw: fc.constantFrom<VpcPlan['igw']>('attached', 'attached', 'attached', 'attached', 'attached', 'none', 'detached', 'attached-elsewhere'),
  mainTable: fc.option(routeTablePlan, { freq: 8 }),
  defaultNacl: fc.option(naclPlan, { freq: 6 }),
  customNacls: fc.array(fc.record({ acl: naclPlan, subnets: fc.array(fc.nat(2), { maxLength: 2 }) }), { maxLength: 2 }),
});

const interfacePlan: fc.Arbitrary<InterfacePlan> = fc.record({
  subnet: fc.nat(15),
  groups: fc.array(fc.nat(2), { minLength: 1, maxLength: 3 }),
  secondaries: fc.nat(2),
  ipv6: fc.nat(2),
  publicIp: fc.constantFrom(true, true, false),
  timeouts: fc.option(
    fc.record({ tcp: fc.constantFrom(60, 350, 432_000), udp: fc.constantFrom(30, 60), stream: fc.constantFrom(60, 180) }),
    { freq: 4 },
  ),
});

const prefixListPlan: fc.Arbitrary<PrefixListPlan> = fc.record({
  v6: fc.boolean(),
  entries: fc.array(fc.nat(63), { minLength: 1, maxLength: 3 }),
});

export function topologyPlan(routing?: RoutingMode): fc.Arbitrary<TopologyPlan> {
  return fc.record({
    vpcs: fc.array(vpcPlan, { minLength: 1, maxLength: 3 }),
    interfaces: fc.array(interfacePlan, { minLength: 2, maxLength: 5 }),
    prefixLists: fc.array(prefixListPlan, { maxLength: 3 }),
    routing: routing ? fc.constant(routing) : fc.constantFrom<RoutingMode>('full', 'full', 'full', 'full', 'full', 'full', 'absent', 'absent', 'tables-only', 'gateways-only'),
  });
}

export { permissionPlan };
