/**
 * Snapshot → the lab's topology, as plain data (no I/O), so the plan can be read and tested without root:
 * which namespaces exist, which veth pairs join them, and the `ip` commands and sysctls each namespace needs.
 *
 *   instance namespace ── veth ── router namespace (one per VPC) ── veth ── internet namespace
 *   (rampart-eth<k>, its        (routes /32 and /128 per address,     (routes public IPv4 /32s and VPC
 *    private IPs, default        proxy ARP, gateways on lo, the         IPv6 prefixes to each router;
 *    route to the subnet         nft table enforcing SGs, NACLs,        its own public address for
 *    gateway)                    routes and 1:1 NAT)                    `lab exec internet`)
 *
 * Routed veths (enforcement.md §4.1): every packet between two interfaces crosses its router's forward hook once,
 * even within a subnet, so conntrack and the stages see every flow. No namespace has a link to the root
 * namespace, so nothing in the lab can reach the outside world.
 */
import type { NetworkInterface, Subnet } from '../../core/model/network.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { cidrContains } from '../../core/net/cidr.ts';
import { formatIp, parseIp } from '../../core/net/ip.ts';
import { addressAtOffset } from '../compile/address-ranges.ts';
import { gatewayMode } from '../compile/compile.ts';
import { GATEWAY_LINK, interfaceLinkName } from '../compile/nft-names.ts';
import { instanceLink, internetGatewayLink, LabNames, TRANSIT } from './lab-names.ts';

export interface VethPair {
  readonly a: { readonly namespace: string; readonly link: string };
  readonly b: { readonly namespace: string; readonly link: string };
}

export interface NamespacePlan {
  readonly name: string;
  readonly role: 'router' | 'instance' | 'internet';
  /** sysctls set before any link exists (so new links inherit the defaults). */
  readonly sysctls: readonly string[];
  /** `ip -batch` lines run inside the namespace once its links exist. */
  readonly ipCommands: readonly string[];
  /** sysctls of the namespace's links, set once they exist. */
  readonly linkSysctls: readonly string[];
}

export interface RouterPlan {
  readonly vpcId: string;
  readonly namespace: string;
}

export interface LabPlan {
  readonly namespaces: readonly NamespacePlan[];
  readonly veths: readonly VethPair[];
  readonly routers: readonly RouterPlan[];
  /** Instance id (or interface id) → namespace. */
  readonly instances: ReadonlyMap<string, string>;
  /** The internet namespace's own addresses (IPv4, IPv6), used when `lab exec internet` has no --source-ip. */
  readonly internetAddresses: { readonly v4: string; readonly v6: string };
}

const COMMON_SYSCTLS = [
  'net.ipv6.conf.all.accept_dad=0',
  'net.ipv6.conf.default.accept_dad=0',
  'net.ipv6.conf.all.accept_ra=0',
  'net.ipv6.conf.default.accept_ra=0',
  'net.ipv4.conf.all.rp_filter=0',
  'net.ipv4.conf.default.rp_filter=0',
  // ICMP echo from unprivileged datagram sockets, for probes and `ping` alike.
  'net.ipv4.ping_group_range=0 2147483647',
];

const FORWARDING_SYSCTLS = ['net.ipv4.conf.all.send_redirects=0', 'net.ipv4.conf.default.send_redirects=0'];

/**
 * The router answers ARP for every address it routes (instances see their subnet as on-link, enforcement.md
 * §4.1), and at once: the kernel's default proxy_delay holds replies up to 0.8 s, enough to make a first
 * connection between two instances miss a 1 s probe.
 */
const PROXY_ARP = ['net.ipv4.conf.default.proxy_arp=1'];
/** proxy_delay is per link (a new namespace has no `neigh.default` to inherit from), so it is set once links exist. */
const noProxyDelay = (link: string): string => `net.ipv4.neigh.${link}.proxy_delay=0`;

/** The sysctls that turn a router on; set only after its ruleset is loaded, so it never forwards unfiltered. */
export const ROUTER_FORWARDING = ['net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1'];

/** Never-filtered services answered by the router itself (aws-semantics.md §8.3); no chain sees them. */
const SERVICE_ADDRESSES = ['169.254.169.254', '169.254.169.253', '169.254.169.123', 'fd00:ec2::254', 'fd00:ec2::253', 'fd00:ec2::123'];

/** Picks the internet namespace's own addresses outside every VPC range and public IP of the snapshot. */
function internetAddresses(snapshot: Snapshot): { v4: string; v6: string } {
  const taken = (text: string): boolean => {
    const a = parseIp(text)!;
    return snapshot.vpcs.some((v) => [...v.cidrBlocks, ...v.ipv6CidrBlocks].some((c) => cidrContains(c, a))) || snapshot.networkInterfaces.some((n) => n.publicIp && formatIp(n.publicIp) === text);
  };
  const v4 = ['198.18.0.1', '198.19.255.1', '192.0.2.1'].find((a) => !taken(a)) ?? '198.18.0.1';
  const v6 = ['2001:db8:ffff:ffff::1', '3fff:ffff::1'].find((a) => !taken(a)) ?? '2001:db8:ffff:ffff::1';
  return { v4, v6 };
}

export interface PlanOptions {
  /**
   * A router for every VPC of the snapshot, not only for those with interfaces: the live lab of `serve --enforce`
   * gives a new VPC its router at once (`lab up` builds routers only where there is something to route).
   */
  readonly everyVpc?: boolean;
}

export function planLab(snapshot: Snapshot, labNames = new LabNames(), options: PlanOptions = {}): LabPlan {
  const INTERNET_NAMESPACE = labNames.internet;
  const namespaces: NamespacePlan[] = [];
  const veths: VethPair[] = [];
  const routers: RouterPlan[] = [];
  const instances = new Map<string, string>();
  const subnetsById = new Map(snapshot.subnets.map((s) => [s.subnetId, s]));
  const internetCommands: string[] = [];
  const inet = internetAddresses(snapshot);
  internetCommands.push('link set lo up', `address add ${inet.v4}/32 dev lo`, `address add ${inet.v6}/128 dev lo nodad`, `address add ${TRANSIT.internetV4}/32 dev lo`);

  const vpcIds = [...new Set([...snapshot.networkInterfaces.map((n) => n.vpcId), ...(options.everyVpc ? snapshot.vpcs.map((v) => v.vpcId) : [])])].sort();
  for (const vpcId of vpcIds) {
    const router = labNames.router(vpcId);
    routers.push({ vpcId, namespace: router });
    const cmds = ['link set lo up', `address add ${TRANSIT.routerV4}/32 dev lo`];
    const vpc = snapshot.vpcs.find((v) => v.vpcId === vpcId);
    const serviceAddrs = new Set(SERVICE_ADDRESSES);
    if (vpc?.cidrBlocks[0]) serviceAddrs.add(addressAtOffset(vpc.cidrBlocks[0], 2)); // the VPC's DNS resolver (base + 2)
    const interfaces = snapshot.networkInterfaces.filter((n) => n.vpcId === vpcId);
    for (const subnetId of new Set(interfaces.map((n) => n.subnetId))) {
      const subnet = subnetsById.get(subnetId);
      if (subnet) serviceAddrs.add(addressAtOffset(subnet.cidr, 1)); // the subnet's router (base + 1)
    }
    for (const a of [...serviceAddrs].sort()) cmds.push(`address add ${a}/${a.includes(':') ? 128 : 32} dev lo${a.includes(':') ? ' nodad' : ''}`);
    for (const n of interfaces) {
      const link = interfaceLinkName(n.networkInterfaceId);
      cmds.push(`address add ${TRANSIT.routerV6}/64 dev ${link} nodad`, `link set ${link} up`);
      for (const a of n.privateIps) cmds.push(`route add ${formatIp(a)}/32 dev ${link}`);
      for (const a of n.ipv6Addresses) cmds.push(`route add ${formatIp(a)}/128 dev ${link}`);
    }
    if (gatewayMode(snapshot, vpcId) !== 'none') {
      const outer = internetGatewayLink(vpcId);
      veths.push({ a: { namespace: router, link: GATEWAY_LINK }, b: { namespace: INTERNET_NAMESPACE, link: outer } });
      cmds.push(`address add ${TRANSIT.routerV6}/64 dev ${GATEWAY_LINK} nodad`, `link set ${GATEWAY_LINK} up`);
      cmds.push(`route add default via ${TRANSIT.internetV4} dev ${GATEWAY_LINK} onlink`, `route add ::/0 via ${TRANSIT.internetV6} dev ${GATEWAY_LINK}`);
      internetCommands.push(`address add ${TRANSIT.internetV6}/64 dev ${outer} nodad`, `link set ${outer} up`);
      for (const n of interfaces) if (n.publicIp) internetCommands.push(`route add ${formatIp(n.publicIp)}/32 via ${TRANSIT.routerV4} dev ${outer} onlink`);
      for (const c of vpc?.ipv6CidrBlocks ?? []) internetCommands.push(`route add ${c.text} via ${TRANSIT.routerV6} dev ${outer}`);
    }
    const linkSysctls = interfaces.map((n) => noProxyDelay(interfaceLinkName(n.networkInterfaceId)));
    namespaces.push({ name: router, role: 'router', sysctls: [...COMMON_SYSCTLS, ...FORWARDING_SYSCTLS, ...PROXY_ARP], ipCommands: cmds, linkSysctls });

    for (const [owner, enis] of groupByOwner(snapshot, interfaces)) {
      const ns = labNames.instance(owner);
      instances.set(owner, ns);
      const icmds = ['link set lo up'];
      enis.forEach((n, k) => {
        const link = instanceLink(k);
        veths.push({ a: { namespace: router, link: interfaceLinkName(n.networkInterfaceId) }, b: { namespace: ns, link } });
        icmds.push(...instanceInterfaceCommands(n, subnetsById.get(n.subnetId), link, k));
      });
      namespaces.push({ name: ns, role: 'instance', sysctls: COMMON_SYSCTLS, ipCommands: icmds, linkSysctls: [] });
    }
  }
  namespaces.push({ name: INTERNET_NAMESPACE, role: 'internet', sysctls: [...COMMON_SYSCTLS, ...FORWARDING_SYSCTLS, 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1'], ipCommands: internetCommands, linkSysctls: [] });
  return { namespaces, veths, routers, instances, internetAddresses: inet };
}

/** Interfaces per instance, in device order (the instance's list, primary first); detached ones alone. */
function groupByOwner(snapshot: Snapshot, interfaces: readonly NetworkInterface[]): Map<string, NetworkInterface[]> {
  const out = new Map<string, NetworkInterface[]>();
  for (const n of interfaces) {
    const owner = n.instanceId ?? n.networkInterfaceId;
    out.set(owner, [...(out.get(owner) ?? []), n]);
  }
  for (const [owner, enis] of out) {
    const order = snapshot.instances.find((i) => i.instanceId === owner)?.networkInterfaceIds ?? [];
    enis.sort((x, y) => order.indexOf(x.networkInterfaceId) - order.indexOf(y.networkInterfaceId));
  }
  return out;
}

function instanceInterfaceCommands(n: NetworkInterface, subnet: Subnet | undefined, link: string, k: number): string[] {
  const prefix = subnet?.cidr.prefixLength ?? 32;
  const gateway = subnet ? addressAtOffset(subnet.cidr, 1) : undefined;
  const cmds = [...n.privateIps.map((a) => `address add ${formatIp(a)}/${prefix} dev ${link}`), ...n.ipv6Addresses.map((a) => `address add ${formatIp(a)}/128 dev ${link} nodad`), `link set ${link} up`];
  // The primary interface carries the default routes; a secondary one answers from its own addresses
  // through its own table (source routing), as a multi-homed EC2 instance is configured to.
  const table = k === 0 ? '' : ` table ${100 + k}`;
  if (gateway) cmds.push(`route add ${gateway}/32 dev ${link}${table}`, `route add default via ${gateway} dev ${link}${table}`);
  cmds.push(`route add ::/0 via ${TRANSIT.routerV6} dev ${link}${table}`);
  if (k > 0) for (const a of [...n.privateIps, ...n.ipv6Addresses]) cmds.push(`rule add from ${formatIp(a)} table ${100 + k}`);
  return cmds;
}

