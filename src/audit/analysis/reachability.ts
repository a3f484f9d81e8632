/**
 * Is a port of an interface reachable from the internet? Asked of the engine (`Engine.decide`), which walks the
 * real path: route (internet gateway, public address) → subnet NACL inbound → security groups (docs/semantics.md
 * §2). The engine judges one packet, so the auditor picks the source: a public address the NACL lets in (when none
 * exists, the NACL closes the port for everyone) and that no interface of the estate owns (an interface's own
 * address would not be "the internet"). The reply must also leave: stateless NACLs need an outbound allow for some
 * ephemeral port (1024–65535, aws-semantics.md fact 18) back to that source, which the engine's stateless decide()
 * does not ask, so it is checked here with the same first-match evaluation.
 */
import type { NetworkInterface } from '../../core/model/network.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import type { Family, IpAddress } from '../../core/net/ip.ts';
import { formatIp } from '../../core/net/ip.ts';
import { ICMP, ICMPV6, TCP, UDP, protocolLabel } from '../../core/net/protocol.ts';
import { Engine, type Decision } from '../../engine/index.ts';
import { publicPart, publicSpace } from './address-classes.ts';
import { addressToBig, firstAddressOutside, type AddressSet } from './address-set.ts';
import type { EstateIndex } from './estate-index.ts';
import { allowedAddresses, entriesOf, packetKinds } from './nacl-evaluation.ts';

export interface ProbeResult {
  /** `unknown` when the input lacks what the path depends on (no route tables captured). */
  readonly verdict: 'reachable' | 'unreachable' | 'unknown';
  readonly reason: string;
  readonly source?: string;
  readonly destination?: string;
}

/** Source port of probe packets: any ephemeral port does, the engine matches destination ports only. */
const PROBE_SOURCE_PORT = 49152;

export class Reachability {
  private readonly memo = new Map<string, ProbeResult>();
  /** Probe source per ACL (null: no ACL) and packet kind. */
  private readonly sources = new Map<object | null, Map<string, IpAddress | null>>();
  private readonly interfaceAddresses: Record<Family, AddressSet>;

  private constructor(
    private readonly engine: Engine,
    private readonly snapshot: Snapshot,
    private readonly index: EstateIndex,
  ) {
    const own: Record<Family, bigint[]> = { 4: [], 6: [] };
    for (const eni of snapshot.networkInterfaces) {
      for (const ip of [...eni.privateIps, ...eni.ipv6Addresses, ...(eni.publicIp ? [eni.publicIp] : [])]) own[ip.family].push(addressToBig(ip));
    }
    const setOf = (family: Family): AddressSet => ({ family, intervals: [...new Set(own[family])].sort((a, b) => (a < b ? -1 : 1)).map((n) => [n, n] as const) });
    this.interfaceAddresses = { 4: setOf(4), 6: setOf(6) };
  }

  /** The engine over the interfaces that can be reached from the internet at all, or why it is unavailable. */
  static create(snapshot: Snapshot, index: EstateIndex): Reachability | { readonly unavailable: string } {
    const exposed = snapshot.networkInterfaces.filter((eni) => eni.publicIp || eni.ipv6Addresses.some((a) => globalAddress(a)));
    const groupIds = new Set(exposed.flatMap((e) => e.groupIds));
    // Only internet sources are asked about, and they never match group references (§4.8): the other interfaces
    // and groups cannot change an answer, so the engine is built without them (a large estate builds much faster).
    const reduced: Snapshot = {
      ...snapshot,
      networkInterfaces: exposed,
      securityGroups: snapshot.securityGroups.filter((g) => groupIds.has(g.groupId)),
      instances: [],
    };
    try {
      return new Reachability(Engine.fromSnapshot(reduced), snapshot, index);
    } catch (e) {
      return { unavailable: `the engine could not be built: ${(e as Error).message}` };
    }
  }

  /** Whether the interface has an address of the family the internet can reach at all. */
  static addressable(eni: NetworkInterface, family: Family): boolean {
    return family === 4 ? eni.publicIp !== undefined : eni.ipv6Addresses.some(globalAddress);
  }

  probe(eni: NetworkInterface, family: Family, protocol: number, port: number | undefined): ProbeResult {
    const key = `${eni.networkInterfaceId}|${family}|${protocol}|${port}`;
    let result = this.memo.get(key);
    if (!result) {
      result = this.compute(eni, family, protocol, port);
      this.memo.set(key, result);
    }
    return result;
  }

  private compute(eni: NetworkInterface, family: Family, protocol: number, port: number | undefined): ProbeResult {
    const destination = family === 4 ? eni.publicIp : eni.ipv6Addresses.find(globalAddress);
    if (!destination) {
      return { verdict: 'unreachable', reason: family === 4 ? 'it has no public IPv4 address' : 'it has no global IPv6 address' };
    }
    const packet = packetOf(protocol, port);
    const label = packetLabel(protocol, port);
    const acl = this.index.naclOfSubnet(eni.subnetId);
    // The probe source depends on the ACL and the packet only (interface addresses are the whole estate's):
    // computed once per ACL and packet kind, not once per interface.
    const sourceKey = `${family}|${protocol}|${port}`;
    let byPacket = this.sources.get(acl ?? null);
    if (!byPacket) this.sources.set(acl ?? null, (byPacket = new Map()));
    let source = byPacket.get(sourceKey);
    if (source === undefined) {
      // The lowest public address the ACL admits that no interface owns (public ∩ allowed, minus the estate).
      const candidates = acl ? publicPart(allowedAddresses(entriesOf(acl, false, family), family, packet)) : publicSpace(family);
      source = firstAddressOutside(candidates, this.interfaceAddresses[family]) ?? null;
      byPacket.set(sourceKey, source);
    }
    if (!source) return { verdict: 'unreachable', reason: `network ACL ${acl?.networkAclId} denies ${label} from every internet address` };

    const decision = this.engine.decide({
      src: source,
      dst: destination,
      protocol: packet.protocol,
      srcPort: hasPorts(packet.protocol) ? PROBE_SOURCE_PORT : 0,
      dstPort: packet.port ?? 0,
      icmpType: packet.icmpType ?? -1,
      icmpCode: packet.icmpCode ?? -1,
    });
    const ends = { source: formatIp(source), destination: formatIp(destination) };
    if (!decision.allowed) return { verdict: 'unreachable', reason: deniedReason(decision), ...ends };
    if (acl && hasPorts(packet.protocol) && !repliesLeave(acl, family, packet.protocol, source)) {
      return { verdict: 'unreachable', reason: `network ACL ${acl.networkAclId} lets ${label} in but denies the replies (no outbound allow for ports 1024-65535)`, ...ends };
    }
    if (this.snapshot.routeTables.length === 0 || this.snapshot.internetGateways.length === 0) {
      return { verdict: 'unknown', reason: 'the input has no route tables or internet gateways, so the route from the internet cannot be confirmed', ...ends };
    }
    return { verdict: 'reachable', reason: pathText(decision, label), ...ends };
  }
}

function repliesLeave(acl: Parameters<typeof entriesOf>[0], family: Family, protocol: number, to: IpAddress): boolean {
  const entries = entriesOf(acl, true, family);
  const target = addressToBig(to);
  return packetKinds(entries, protocol, 1024, 65535).some((p) =>
    allowedAddresses(entries, family, p).intervals.some(([lo, hi]) => lo <= target && target <= hi),
  );
}

/** A public (global) address: what the internet can send to. */
export function globalAddress(ip: IpAddress): boolean {
  const n = addressToBig(ip);
  return publicPart({ family: ip.family, intervals: [[n, n]] }).intervals.length > 0;
}

function hasPorts(protocol: number): boolean {
  return protocol === TCP || protocol === UDP;
}

function packetOf(protocol: number, port: number | undefined): { protocol: number; port?: number; icmpType?: number; icmpCode?: number } {
  if (protocol === ICMP || protocol === ICMPV6) return { protocol, icmpType: port ?? (protocol === ICMP ? 8 : 128), icmpCode: 0 };
  return hasPorts(protocol) ? { protocol, port } : { protocol };
}

function packetLabel(protocol: number, port: number | undefined): string {
  return hasPorts(protocol) ? `${protocolLabel(protocol)}/${port}` : protocolLabel(protocol);
}

function deniedReason(d: Decision): string {
  const stage = d.stages.find((s) => !s.allowed);
  if (!stage) return 'the engine denied it';
  switch (stage.kind) {
    case 'route':
      return `no route from the internet: ${stage.detail}`;
    case 'nacl-inbound':
    case 'nacl-outbound':
      return `network ACL ${stage.networkAclId} denies it (rule ${stage.ruleNumber === 32767 || stage.ruleNumber === 32768 ? '*' : stage.ruleNumber})`;
    case 'sg-ingress':
    case 'sg-egress':
      return `no security-group rule of ${stage.networkInterfaceId} allows it`;
    default:
      return 'the engine denied it';
  }
}

function pathText(d: Decision, label: string): string {
  const parts = d.stages.map((s) => {
    switch (s.kind) {
      case 'route':
        return `route: ${s.detail}`;
      case 'nacl-inbound':
      case 'nacl-outbound':
        return `${s.networkAclId} rule ${s.ruleNumber} allows`;
      case 'sg-ingress':
      case 'sg-egress':
        return s.match ? `${s.match.groupId} rule ${s.match.ruleId} allows` : 'security group allows';
      case 'exempt':
        return s.detail;
    }
  });
  return `${label} from the internet: ${parts.join(' → ')}`;
}
