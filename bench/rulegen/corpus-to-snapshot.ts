/**
 * Converts a rulegen corpus (shared/tools/rulegen/rulegen.py, module docstring) into the core model: one Snapshot
 * with VPCs, subnets, prefix lists, security groups (one peer per rule, synthetic rule ids), network ACLs and
 * interfaces. rulegen does not write subnets; they are rebuilt the way `Gen.build` makes them: the VPC CIDR split
 * into blocks of prefix + 2 (at most /28), four per VPC of /20 or shorter, else one, ids `subnet-<vpc:06x><i:02x>`,
 * and the i-th /64 of the VPC's IPv6 /56.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONNECTION_TRACKING, type NetworkInterface, type PrefixList, type Subnet, type Vpc } from '../../src/core/model/network.ts';
import type { NetworkAcl, NetworkAclEntry } from '../../src/core/model/network-acl.ts';
import type { RulePeer, SecurityGroup, SecurityGroupRule } from '../../src/core/model/security-group.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import { cidrContains, cidrOf, parseCidr, type Cidr } from '../../src/core/net/cidr.ts';
import { parseIp, type IpAddress } from '../../src/core/net/ip.ts';
import { parseProtocolText } from '../../src/core/net/protocol.ts';

type Json = Record<string, unknown>;

interface RulegenRule {
  proto: string;
  from: number;
  to: number;
  source: { cidr?: string; cidrv6?: string; group?: string; prefixList?: string };
}

interface RulegenEntry {
  ruleNumber: number;
  egress: boolean;
  action: 'allow' | 'deny';
  proto: string;
  from: number;
  to: number;
  cidr?: string;
  cidrv6?: string;
}

export interface RulegenCorpus {
  readonly snapshot: Snapshot;
  /** rulegen's own totals (the "meta" record). */
  readonly totals: Json;
}

function cidr(text: string): Cidr {
  const c = parseCidr(text);
  if (!c) throw new Error(`rulegen corpus: bad CIDR ${text}`);
  return c;
}

function ip(text: string): IpAddress {
  const a = parseIp(text);
  if (!a) throw new Error(`rulegen corpus: bad address ${text}`);
  return a;
}

function protocol(text: string): number {
  const p = parseProtocolText(text);
  if (p === undefined) throw new Error(`rulegen corpus: bad protocol ${text}`);
  return p;
}

function peerOf(source: RulegenRule['source']): RulePeer {
  if (source.cidr !== undefined) return { kind: 'cidr', cidr: cidr(source.cidr) };
  if (source.cidrv6 !== undefined) return { kind: 'cidr', cidr: cidr(source.cidrv6) };
  if (source.group !== undefined) return { kind: 'group', groupId: source.group };
  if (source.prefixList !== undefined) return { kind: 'prefix-list', prefixListId: source.prefixList };
  throw new Error(`rulegen corpus: rule without a source: ${JSON.stringify(source)}`);
}

function securityGroup(g: Json): SecurityGroup {
  const groupId = g.id as string;
  const rules = (list: RulegenRule[], direction: 'ingress' | 'egress'): SecurityGroupRule[] =>
    list.map((r, i) => ({
      // rulegen rules have no ids: "sgr-<group hex>-<i|e><index>" is stable across runs of the same corpus.
      ruleId: `sgr-${groupId.slice(3)}-${direction === 'ingress' ? 'i' : 'e'}${i}`,
      groupId,
      direction,
      protocol: protocol(r.proto),
      fromPort: r.from,
      toPort: r.to,
      peer: peerOf(r.source),
    }));
  return {
    groupId,
    groupName: g.name as string,
    description: g.name as string,
    vpcId: g.vpc as string,
    ownerId: '000000000000',
    ingress: rules(g.inbound as RulegenRule[], 'ingress'),
    egress: rules(g.outbound as RulegenRule[], 'egress'),
  };
}

function networkAcl(a: Json): NetworkAcl {
  const entries: NetworkAclEntry[] = (a.entries as RulegenEntry[]).map((e) => {
    const p = protocol(e.proto);
    const ported = p === 6 || p === 17;
    return {
      ruleNumber: e.ruleNumber,
      egress: e.egress,
      action: e.action,
      protocol: p,
      cidr: cidr(e.cidr ?? e.cidrv6!),
      ...(ported ? { portRange: { from: e.from, to: e.to } } : {}),
    };
  });
  const aclId = a.id as string;
  return {
    networkAclId: aclId,
    vpcId: a.vpc as string,
    isDefault: a.isDefault as boolean,
    entries,
    associations: (a.subnets as string[]).map((subnetId) => ({ associationId: `aclassoc-${aclId.slice(4)}-${subnetId.slice(7)}`, subnetId })),
  };
}

/** The subnets rulegen carves out of a VPC (mirrors `Gen.build`). */
function subnetsOf(vpc: Vpc, vpcIndex: number): Subnet[] {
  const net = vpc.cidrBlocks[0];
  const v6 = vpc.ipv6CidrBlocks[0];
  const count = net.prefixLength <= 20 ? 4 : 1;
  const length = Math.min(net.prefixLength + 2, 28);
  const out: Subnet[] = [];
  for (let s = 0; s < count; s++) {
    const base = (net.words[0] + s * 2 ** (32 - length)) >>> 0;
    // The s-th /64 of the /56: add s to the 64-bit prefix, i.e. to word 1 (bits 32-63).
    const v6Base: IpAddress = { family: 6, words: [v6.words[0], (v6.words[1] + s) >>> 0, 0, 0] };
    out.push({
      subnetId: `subnet-${vpcIndex.toString(16).padStart(6, '0')}${s.toString(16).padStart(2, '0')}`,
      vpcId: vpc.vpcId,
      cidr: cidrOf({ family: 4, words: [base, 0, 0, 0] }, length),
      ipv6Cidrs: [cidrOf(v6Base, 64)],
      mapPublicIpOnLaunch: false,
      defaultForAz: false,
    });
  }
  return out;
}

export function readRulegenCorpus(dir: string): RulegenCorpus {
  const vpcs: Vpc[] = [];
  const subnets: Subnet[] = [];
  const prefixLists: PrefixList[] = [];
  const securityGroups: SecurityGroup[] = [];
  const networkAcls: NetworkAcl[] = [];
  const networkInterfaces: NetworkInterface[] = [];
  let totals: Json = {};
  for (const line of readFileSync(path.join(dir, 'corpus.jsonl'), 'utf8').split('\n')) {
    if (line === '') continue;
    const o = JSON.parse(line) as Json;
    switch (o.type) {
      case 'meta':
        totals = o.totals as Json;
        break;
      case 'vpc': {
        const vpc: Vpc = {
          vpcId: o.id as string,
          cidrBlocks: [cidr(o.cidr as string)],
          ipv6CidrBlocks: [cidr(o.ipv6Cidr as string)],
          isDefault: false,
        };
        subnets.push(...subnetsOf(vpc, vpcs.length));
        vpcs.push(vpc);
        break;
      }
      case 'prefixList': {
        const entries = o.entries as { cidr: string; description: string }[];
        prefixLists.push({
          prefixListId: o.id as string,
          prefixListName: o.id as string,
          addressFamily: o.af === 'ipv6' ? 6 : 4,
          maxEntries: o.maxEntries as number,
          version: 1,
          entries: entries.map((e) => ({ cidr: cidr(e.cidr), description: e.description })),
        });
        break;
      }
      case 'group':
        securityGroups.push(securityGroup(o));
        break;
      case 'nacl':
        networkAcls.push(networkAcl(o));
        break;
      case 'eni':
        networkInterfaces.push({
          networkInterfaceId: o.id as string,
          subnetId: o.subnet as string,
          vpcId: o.vpc as string,
          privateIps: (o.privateIps as string[]).map(ip),
          ipv6Addresses: (o.ipv6 as string[]).map(ip),
          groupIds: o.groups as string[],
          connectionTracking: DEFAULT_CONNECTION_TRACKING,
          sourceDestCheck: true,
        });
        break;
      default:
        throw new Error(`rulegen corpus: unknown record type ${String(o.type)}`);
    }
  }
  // The rebuilt subnets must hold every interface's addresses, or the reconstruction above is wrong.
  const subnetById = new Map(subnets.map((s) => [s.subnetId, s]));
  for (const eni of networkInterfaces) {
    const subnet = subnetById.get(eni.subnetId);
    const inside = subnet !== undefined && eni.privateIps.every((a) => cidrContains(subnet.cidr, a)) && eni.ipv6Addresses.every((a) => cidrContains(subnet.ipv6Cidrs[0], a));
    if (!inside) throw new Error(`rulegen corpus: ${eni.networkInterfaceId} does not fit its rebuilt subnet ${eni.subnetId}`);
  }
  return {
    snapshot: { vpcs, subnets, securityGroups, networkAcls, networkInterfaces, prefixLists, routeTables: [], internetGateways: [], instances: [] },
    totals,
  };
}
