/**
 * Random control-plane changes to a snapshot, one object at a time, the way API calls make them: rules
 * authorised and revoked, groups created and deleted (also while still attached), interfaces launched,
 * terminated, moved between groups, given public or secondary addresses or a disabled source/destination check,
 * NACL entries and associations, routes and route-table associations, prefix-list entries, gateways detached and
 * attached. Unchanged objects are shared with the input, as an immutable store would share them.
 */
import type { NetworkAclEntry } from '../../../src/core/model/network-acl.ts';
import type { NetworkInterface, RouteTable } from '../../../src/core/model/network.ts';
import type { SecurityGroup, SecurityGroupRule } from '../../../src/core/model/security-group.ts';
import type { Snapshot } from '../../../src/core/model/snapshot.ts';
import { DEFAULT_CONNECTION_TRACKING } from '../../../src/core/model/network.ts';
import { cidr, ip, peer } from './snapshot-builder.ts';

const PEERS = ['0.0.0.0/0', '::/0', '10.31.0.0/16', '10.31.1.0/24', '10.32.2.0/24', '192.0.2.0/24', '192.0.2.64/26', '198.51.100.0/24', '2001:db8:ff00::/48', '10.31.1.10/32', 'pl-0net4', 'pl-0net6', 'pl-0missing'];
const PORTS = [22, 80, 443, 3306, 8080];

export interface RandomChange {
  readonly describe: string;
  readonly snapshot: Snapshot;
}

export function randomChange(s: Snapshot, random: () => number, counter: { n: number }): RandomChange {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const chance = (p: number): boolean => random() < p;
  const replace = <T>(xs: readonly T[], old: T, now: T | undefined): T[] => (now === undefined ? xs.filter((x) => x !== old) : xs.map((x) => (x === old ? now : x)));
  const groupIds = s.securityGroups.map((g) => g.groupId);

  const randomRule = (groupId: string, direction: 'ingress' | 'egress'): SecurityGroupRule => {
    const p = chance(0.25) ? pick([...groupIds, 'sg-0gone']) : pick(PEERS);
    const protocol = pick([6, 6, 17, 1, 58, -1, 47]);
    const from = protocol === 6 || protocol === 17 ? (chance(0.2) ? 0 : pick(PORTS)) : protocol === 1 || protocol === 58 ? pick([-1, 8, 128]) : -1;
    const to = protocol === 6 || protocol === 17 ? (chance(0.3) ? 65535 : from) : -1;
    return { ruleId: `sgr-r${++counter.n}`, groupId, direction, protocol, fromPort: from, toPort: to, peer: peer(p) };
  };

  const kinds = ['add-rule', 'add-rule', 'revoke-rule', 'revoke-rule', 'interface-groups', 'interface-groups', 'launch', 'terminate', 'interface-address', 'create-group', 'delete-group', 'nacl', 'route', 'prefix-list', 'gateway'];
  const kind = pick(kinds);
  switch (kind) {
    case 'add-rule':
    case 'revoke-rule': {
      const g = pick(s.securityGroups);
      if (!g) break;
      const direction = chance(0.7) ? 'ingress' : 'egress';
      const rules = g[direction];
      const next: SecurityGroup =
        kind === 'add-rule' || rules.length === 0 ? { ...g, [direction]: [...rules, randomRule(g.groupId, direction)] } : { ...g, [direction]: rules.filter((r) => r !== pick(rules)) };
      return { describe: `${kind} ${g.groupId} ${direction}`, snapshot: { ...s, securityGroups: replace(s.securityGroups, g, next) } };
    }
    case 'create-group': {
      const id = `sg-0new${++counter.n}`;
      const vpcId = pick(s.vpcs).vpcId;
      const g: SecurityGroup = { groupId: id, groupName: id, description: id, vpcId, ownerId: '000000000000', ingress: [randomRule(id, 'ingress'), randomRule(id, 'ingress')], egress: chance(0.5) ? [randomRule(id, 'egress')] : [] };
      return { describe: `create ${id}`, snapshot: { ...s, securityGroups: [...s.securityGroups, g] } };
    }
    case 'delete-group': {
      const g = pick(s.securityGroups);
      if (!g) break;
      return { describe: `delete ${g.groupId} (interfaces keep it)`, snapshot: { ...s, securityGroups: replace(s.securityGroups, g, undefined) } };
    }
    case 'interface-groups': {
      const n = pick(s.networkInterfaces);
      if (!n) break;
      const gs = chance(0.5) && n.groupIds.length > 1 ? n.groupIds.filter((x) => x !== pick(n.groupIds)) : [...n.groupIds, pick([...groupIds, 'sg-0gone'])];
      return { describe: `groups of ${n.networkInterfaceId}`, snapshot: { ...s, networkInterfaces: replace(s.networkInterfaces, n, { ...n, groupIds: [...new Set(gs)] }) } };
    }
    case 'interface-address': {
      const n = pick(s.networkInterfaces);
      if (!n) break;
      const variant = pick(['public', 'secondary', 'check', 'ipv6']);
      const next: NetworkInterface =
        variant === 'public'
          ? n.publicIp
            ? { ...n, publicIp: undefined }
            : { ...n, publicIp: ip(`203.0.113.${100 + (++counter.n % 100)}`) }
          : variant === 'secondary'
            ? { ...n, privateIps: n.privateIps.length > 1 ? n.privateIps.slice(0, 1) : [...n.privateIps, ip(`10.${n.vpcId === 'vpc-0a' ? 31 : 32}.9.${++counter.n % 250}`)] }
            : variant === 'check'
              ? { ...n, sourceDestCheck: !n.sourceDestCheck }
              : { ...n, ipv6Addresses: n.ipv6Addresses.length > 0 ? [] : [ip(`2001:db8:31:9::${(++counter.n % 1000).toString(16)}`)] };
      return { describe: `${variant} of ${n.networkInterfaceId}`, snapshot: { ...s, networkInterfaces: replace(s.networkInterfaces, n, next) } };
    }
    case 'launch': {
      const subnet = pick(s.subnets);
      const id = `eni-0new${++counter.n}`;
      const octet = subnet.vpcId === 'vpc-0a' ? 31 : 32;
      const n: NetworkInterface = {
        networkInterfaceId: id,
        subnetId: subnet.subnetId,
        vpcId: subnet.vpcId,
        privateIps: [ip(`10.${octet}.8.${counter.n % 250}`)],
        ipv6Addresses: chance(0.5) ? [ip(`2001:db8:31:8::${(counter.n % 1000).toString(16)}`)] : [],
        groupIds: [pick(groupIds)],
        connectionTracking: DEFAULT_CONNECTION_TRACKING,
        sourceDestCheck: chance(0.8),
      };
      return { describe: `launch ${id} in ${subnet.subnetId}`, snapshot: { ...s, networkInterfaces: [...s.networkInterfaces, n] } };
    }
    case 'terminate': {
      const n = pick(s.networkInterfaces);
      if (!n) break;
      return { describe: `terminate ${n.networkInterfaceId}`, snapshot: { ...s, networkInterfaces: replace(s.networkInterfaces, n, undefined) } };
    }
    case 'nacl': {
      const acl = pick(s.networkAcls);
      if (!acl) break;
      const variant = pick(['add', 'remove', 'associate']);
      if (variant === 'associate') {
        const subnet = pick(s.subnets.filter((x) => x.vpcId === acl.vpcId));
        if (!subnet) break;
        const has = acl.associations.some((a) => a.subnetId === subnet.subnetId);
        const associations = has ? acl.associations.filter((a) => a.subnetId !== subnet.subnetId) : [...acl.associations, { associationId: `aclassoc-r${++counter.n}`, subnetId: subnet.subnetId }];
        return { describe: `${has ? 'disassociate' : 'associate'} ${acl.networkAclId} ${subnet.subnetId}`, snapshot: { ...s, networkAcls: replace(s.networkAcls, acl, { ...acl, associations }) } };
      }
      const entry: NetworkAclEntry = { ruleNumber: 1 + Math.floor(random() * 300), egress: chance(0.5), action: chance(0.5) ? 'allow' : 'deny', protocol: pick([6, 17, -1]), cidr: cidr(pick(['0.0.0.0/0', '10.31.0.0/16', '::/0', '192.0.2.0/24'])), portRange: { from: 80, to: 443 } };
      const entries = variant === 'add' || acl.entries.length === 0 ? [...acl.entries.filter((e) => !(e.ruleNumber === entry.ruleNumber && e.egress === entry.egress)), entry] : acl.entries.filter((e) => e !== pick(acl.entries));
      return { describe: `${variant} entry of ${acl.networkAclId}`, snapshot: { ...s, networkAcls: replace(s.networkAcls, acl, { ...acl, entries }) } };
    }
    case 'route': {
      const t = pick(s.routeTables);
      if (!t) break;
      const variant = pick(['add', 'remove', 'associate']);
      let next: RouteTable;
      if (variant === 'associate') {
        const subnet = pick(s.subnets.filter((x) => x.vpcId === t.vpcId));
        if (!subnet) break;
        const has = t.associations.some((a) => a.subnetId === subnet.subnetId);
        next = { ...t, associations: has ? t.associations.filter((a) => a.subnetId !== subnet.subnetId) : [...t.associations, { associationId: `rtbassoc-r${++counter.n}`, subnetId: subnet.subnetId, main: false }] };
      } else if (variant === 'add' || t.routes.length === 0) {
        const gw = s.internetGateways.find((g) => g.attachedVpcIds.includes(t.vpcId));
        const destination = chance(0.2) ? { prefixListId: 'pl-0net4' } : cidr(pick(['0.0.0.0/0', '192.0.2.0/25', '::/0', '198.51.100.0/24']));
        next = { ...t, routes: [...t.routes, { destination, target: gw && chance(0.7) ? { kind: 'internet-gateway', id: gw.internetGatewayId } : { kind: 'other', id: 'pcx-0x' }, active: chance(0.9) }] };
      } else next = { ...t, routes: t.routes.filter((r) => r !== pick(t.routes)) };
      return { describe: `${variant} route of ${t.routeTableId}`, snapshot: { ...s, routeTables: replace(s.routeTables, t, next) } };
    }
    case 'prefix-list': {
      const p = pick(s.prefixLists);
      if (!p) break;
      const entries = chance(0.5) && p.entries.length > 0 ? p.entries.slice(1) : [...p.entries, { cidr: cidr(p.addressFamily === 4 ? pick(['192.0.2.128/25', '203.0.113.0/28', '10.31.2.0/24']) : pick(['2001:db8:ff00:1::/64', '2001:db8:aa::/48'])) }];
      return { describe: `entries of ${p.prefixListId}`, snapshot: { ...s, prefixLists: replace(s.prefixLists, p, { ...p, entries, version: p.version + 1 }) } };
    }
    case 'gateway': {
      const g = pick(s.internetGateways);
      if (!g) break;
      const vpc = pick(s.vpcs).vpcId;
      const attachedVpcIds = g.attachedVpcIds.length > 0 ? [] : [vpc];
      return { describe: `${attachedVpcIds.length ? 'attach' : 'detach'} ${g.internetGatewayId}`, snapshot: { ...s, internetGateways: replace(s.internetGateways, g, { ...g, attachedVpcIds }) } };
    }
  }
  return { describe: 'nothing', snapshot: s };
}
