/**
 * Random estates for the differential test: two VPCs (one with IPv6), several subnets with custom NACLs, route
 * tables with gateway and non-gateway routes, instances with public and IPv6 addresses, groups with CIDR,
 * whole-family, group-reference and prefix-list rules over TCP, UDP, ICMP and all protocols. Ports come from a
 * small pool so that random rules and random flows meet often.
 */
import type { Snapshot } from '../../../src/core/model/snapshot.ts';
import { SnapshotBuilder, type AclEntrySpec, type RuleSpec } from './snapshot-builder.ts';

export const PORT_POOL = [22, 80, 443, 3306, 8080];
/** Internet hosts the tests send from and to (outside every VPC range). */
export const INTERNET_V4 = ['192.0.2.10', '192.0.2.200', '198.51.100.5', '198.18.0.1'];
export const INTERNET_V6 = ['2001:db8:ff00::10', '2001:db8:ff00:1::20'];

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomEndpoint {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly v4: string;
  readonly secondary?: string;
  readonly v6?: string;
  readonly publicIp?: string;
}

export interface RandomEstate {
  readonly snapshot: Snapshot;
  readonly endpoints: readonly RandomEndpoint[];
}

export function randomEstate(random: () => number): RandomEstate {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const chance = (p: number): boolean => random() < p;
  const b = new SnapshotBuilder();
  const endpoints: RandomEndpoint[] = [];
  const vpcs = [
    { id: 'vpc-0a', octet: 31, v6: '2001:db8:31::/56', v6base: '2001:db8:31' },
    { id: 'vpc-0b', octet: 32, v6: undefined, v6base: undefined },
  ];
  let publicCounter = 10;
  b.prefixList('pl-0net4', 4, ['192.0.2.0/25', '198.51.100.0/24']);
  b.prefixList('pl-0net6', 6, ['2001:db8:ff00::/64']);
  for (const vpc of vpcs) {
    b.vpc(vpc.id, `10.${vpc.octet}.0.0/16`, vpc.v6);
    const attached = vpc.id === 'vpc-0a' || chance(0.7);
    if (attached) b.internetGateway(`igw-${vpc.id}`, vpc.id);
    const subnets = Array.from({ length: 2 + Math.floor(random() * 2) }, (_, k) => `subnet-0${vpc.id.slice(-1)}${k}`);
    subnets.forEach((s, k) => b.subnet(s, vpc.id, `10.${vpc.octet}.${k + 1}.0/24`, vpc.v6base ? `${vpc.v6base}:${k + 1}::/64` : undefined));
    const local: Array<readonly [string, string]> = [[`10.${vpc.octet}.0.0/16`, 'local'], ...(vpc.v6 ? [[vpc.v6, 'local'] as const] : [])];
    const publicRoutes: Array<readonly [string, string]> = [...local, ['0.0.0.0/0', `igw-${vpc.id}`], ['::/0', `igw-${vpc.id}`]];
    if (chance(0.5)) publicRoutes.push(['192.0.2.128/25', 'pcx-0peer']); // longest prefix wins over the gateway
    const publicSubnets = subnets.filter((_, k) => k === 0 || chance(0.5));
    b.routeTable(`rtb-0${vpc.id.slice(-1)}main`, vpc.id, { main: true, routes: chance(0.3) ? publicRoutes : local });
    b.routeTable(`rtb-0${vpc.id.slice(-1)}pub`, vpc.id, { subnets: publicSubnets, routes: publicRoutes });

    const groups = Array.from({ length: 4 }, (_, k) => `sg-0${vpc.id.slice(-1)}${k}`);
    const subnetCidrs = subnets.map((_, k) => `10.${vpc.octet}.${k + 1}.0/24`);
    const ips: string[] = [];
    const instances: Array<{ id: string; subnet: string; v4: string; secondary?: string; v6?: string; publicIp?: string; groups: string[] }> = [];
    const count = 3 + Math.floor(random() * 2);
    for (let i = 0; i < count; i++) {
      const k = Math.floor(random() * subnets.length);
      const v4 = `10.${vpc.octet}.${k + 1}.${10 + i}`;
      const secondary = chance(0.2) ? `10.${vpc.octet}.${k + 1}.${100 + i}` : undefined;
      const v6 = vpc.v6base && chance(0.7) ? `${vpc.v6base}:${k + 1}::${10 + i}` : undefined;
      const publicIp = attached && chance(0.7) ? `203.0.113.${publicCounter++}` : undefined;
      const gs = groups.filter(() => chance(0.45));
      instances.push({ id: `i-0${vpc.id.slice(-1)}${i}`, subnet: subnets[k], v4, secondary, v6, publicIp, groups: gs.length > 0 ? gs : [pick(groups)] });
      ips.push(v4);
    }
    const peers = (): string =>
      pick([
        '0.0.0.0/0', '0.0.0.0/0', '0.0.0.0/0', '::/0', '::/0', `10.${vpc.octet}.0.0/16`, `10.${vpc.octet}.0.0/16`, pick(subnetCidrs), `${pick(ips)}/32`, '192.0.2.0/24',
        '198.51.100.0/24', '192.0.2.192/26', '203.0.113.0/24', vpc.v6 ?? '::/0', pick(groups), pick(groups), pick(groups), 'pl-0net4', 'pl-0net6', '2001:db8:ff00::/48',
      ]);
    const rule = (): RuleSpec => {
      const p = peers();
      const kind = random();
      if (kind < 0.3) {
        const from = pick(PORT_POOL);
        return { protocol: 6, from: chance(0.2) ? 0 : from, to: chance(0.4) ? 65535 : from, peer: p };
      }
      if (kind < 0.45) return { protocol: 17, from: pick(PORT_POOL), to: chance(0.4) ? 65535 : undefined, peer: p };
      if (kind < 0.58) return { protocol: 1, from: pick([8, -1, 0]), to: -1, peer: p };
      if (kind < 0.65) return { protocol: 58, from: pick([128, -1]), to: -1, peer: p };
      return { protocol: -1, peer: p };
    };
    const fix = (r: RuleSpec): RuleSpec => (r.protocol === 17 && r.to === undefined ? { ...r, to: r.from } : r);
    for (const g of groups) {
      const ingress = Array.from({ length: 1 + Math.floor(random() * 6) }, () => fix(rule()));
      const egress = chance(0.7) ? [{ protocol: -1, peer: '0.0.0.0/0' }, ...(chance(0.6) ? [{ protocol: -1, peer: '::/0' }] : [])] : Array.from({ length: Math.floor(random() * 4) }, () => fix(rule()));
      b.group(g, vpc.id, { ingress, egress });
    }
    // NACLs: the default one allows everything; some subnets get a custom one with random first-match entries.
    b.nacl(`acl-0${vpc.id.slice(-1)}default`, vpc.id, [], [
      { n: 100, egress: false, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' },
      { n: 101, egress: false, action: 'allow', protocol: -1, cidr: '::/0' },
      { n: 100, egress: true, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' },
      { n: 101, egress: true, action: 'allow', protocol: -1, cidr: '::/0' },
    ], true);
    subnets.forEach((s, k) => {
      if (!chance(0.45)) return;
      const entries: AclEntrySpec[] = [];
      for (const egress of [false, true]) {
        let n = 10;
        for (let e = 0; e < 1 + Math.floor(random() * 3); e++) {
          const cidr = pick(['0.0.0.0/0', `10.${vpc.octet}.0.0/16`, pick(subnetCidrs), '192.0.2.0/24', '203.0.113.0/24', '::/0', vpc.v6 ?? '::/0']);
          const v6 = cidr.includes(':');
          const protocol = pick([6, 6, 17, 1, -1, 58]);
          const entry: AclEntrySpec = {
            n: (n += 1 + Math.floor(random() * 20)),
            egress,
            action: chance(0.3) ? 'deny' : 'allow',
            protocol,
            cidr,
            ...(protocol === 6 || protocol === 17 ? { ports: pick([[0, 65535], [1024, 65535], [80, 80], [22, 443], [32768, 60999], [40000, 65535]] as const) } : {}),
            ...(protocol === 1 || (protocol === 58 && v6) ? { icmp: pick([[-1, -1], [8, -1], [0, -1], [128, -1], [129, 0]] as const) } : {}),
          };
          entries.push(entry);
        }
        if (chance(0.85)) entries.push({ n: 500, egress, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' });
        if (chance(0.7)) entries.push({ n: 501, egress, action: 'allow', protocol: -1, cidr: '::/0' });
      }
      b.nacl(`acl-0${vpc.id.slice(-1)}${k}`, vpc.id, [s], entries);
    });
    for (const inst of instances) {
      b.instance(inst.id, { subnetId: inst.subnet, privateIps: inst.secondary ? [inst.v4, inst.secondary] : [inst.v4], ipv6: inst.v6 ? [inst.v6] : [], publicIp: inst.publicIp, groups: inst.groups });
      endpoints.push({ instanceId: inst.id, vpcId: vpc.id, v4: inst.v4, secondary: inst.secondary, v6: inst.v6, publicIp: inst.publicIp });
    }
  }
  return { snapshot: b.build(), endpoints };
}
