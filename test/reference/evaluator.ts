/**
 * The independent reference evaluator: docs/semantics.md implemented literally on raw `aws ec2 describe-*` JSON.
 * It shares no code with src/ (not even address parsing) and makes no attempt to be fast: every packet re-reads the
 * raw document. The property tests hold the engine (loader + engine) to its answers.
 *
 * `referenceDecide` is stateless (every packet is a first packet); `ReferenceStatefulEvaluator.process` keeps a
 * list-based conntrack table and a clock.
 */
import { addrInBlock, mustParseAddr, mustParseBlock, sameAddr, type Addr } from './address.ts';
import { conntrackKey, ConntrackList, ICMP_REPLY_TYPE, idleTimeout, icmpQueryType, isIcmpProtocol, isIcmpRequest } from './conntrack.ts';
import { evaluateNetworkAcl, networkAclOf } from './network-acl.ts';
import { mergeDescribe, type RawDescribe, type RawNetworkInterface } from './raw-describe.ts';
import {
  BadFlowError,
  type ReferenceDecision,
  type ReferenceEndpoint,
  type ReferenceFlow,
  type ReferenceStage,
  type ReferenceStageKind,
} from './reference-types.ts';
import { routeStage } from './route.ts';
import { isUntracked, privateAddressesOf, securityGroupMatches, type SgDirection } from './security-group-rules.ts';

/** Where an address lands (§1): an interface reached privately or by its public IPv4, or the internet. */
type End =
  | { readonly kind: 'interface'; readonly eni: RawNetworkInterface; readonly via: 'private' | 'public'; readonly addr: Addr }
  | { readonly kind: 'internet'; readonly addr: Addr };

type InterfaceEnd = Extract<End, { kind: 'interface' }>;

interface Conntrack {
  readonly tables: ConntrackList;
  readonly now: number;
}

/** A stage still to run; `undefined` from a NACL thunk means the stage is omitted (no ACL in the snapshot). */
type StageThunk = () => ReferenceStage | undefined;

const FIXED_EXEMPT: Readonly<Record<string, string>> = {
  '169.254.169.254': 'instance metadata service',
  'fd00:ec2::254': 'instance metadata service',
  '169.254.169.253': 'Route 53 Resolver',
  'fd00:ec2::253': 'Route 53 Resolver',
  '169.254.169.123': 'Amazon Time Sync',
  'fd00:ec2::123': 'Amazon Time Sync',
};

function publicAddressOf(eni: RawNetworkInterface): Addr | undefined {
  return eni.Association?.PublicIp ? mustParseAddr(eni.Association.PublicIp) : undefined;
}

function primaryAddressOf(eni: RawNetworkInterface): Addr {
  return mustParseAddr(eni.PrivateIpAddress);
}

function resolve(doc: RawDescribe, addr: Addr): End {
  const enis = doc.NetworkInterfaces ?? [];
  for (const eni of enis) {
    if (privateAddressesOf(eni).some((a) => sameAddr(a, addr))) return { kind: 'interface', eni, via: 'private', addr };
  }
  for (const eni of enis) {
    const pub = publicAddressOf(eni);
    if (pub && sameAddr(pub, addr)) return { kind: 'interface', eni, via: 'public', addr };
  }
  return { kind: 'internet', addr };
}

/** §2 never-filtered addresses, seen from `eni`: the fixed link-local services, its VPC's DNS and its subnet's router. */
function exemptService(doc: RawDescribe, eni: RawNetworkInterface, addr: Addr): string | undefined {
  for (const [text, service] of Object.entries(FIXED_EXEMPT)) {
    if (sameAddr(mustParseAddr(text), addr)) return service;
  }
  const vpc = (doc.Vpcs ?? []).find((v) => v.VpcId === eni.VpcId);
  if (vpc && sameAddr(addrInBlock(mustParseBlock(vpc.CidrBlock), 2), addr)) return 'VPC DNS resolver';
  const subnet = (doc.Subnets ?? []).find((s) => s.SubnetId === eni.SubnetId);
  if (subnet && sameAddr(addrInBlock(mustParseBlock(subnet.CidrBlock), 1), addr)) return 'VPC router';
  return undefined;
}

function protocolCategory(protocol: number): string {
  return ({ 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6' } as Record<number, string>)[protocol] ?? 'other';
}

function endpointOf(end: End): ReferenceEndpoint {
  return end.kind === 'internet' ? { kind: 'internet' } : { kind: 'interface', interfaceId: end.eni.NetworkInterfaceId };
}

function endLabel(end: End): string {
  if (end.kind === 'internet') return 'internet';
  if (end.via === 'public') return 'public';
  if (end.addr.family === 6) return 'ipv6';
  return sameAddr(end.addr, primaryAddressOf(end.eni)) ? 'primary' : 'secondary';
}

class Evaluation {
  readonly notes: string[] = [];
  private ends: { source: ReferenceEndpoint; destination: ReferenceEndpoint } = { source: { kind: 'internet' }, destination: { kind: 'internet' } };

  constructor(
    private readonly doc: RawDescribe,
    private readonly flow: ReferenceFlow,
    private readonly conntrack: Conntrack | undefined,
  ) {}

  run(): ReferenceDecision {
    const src = resolve(this.doc, mustParseAddr(this.flow.src));
    const dst = resolve(this.doc, mustParseAddr(this.flow.dst));
    if (src.addr.family !== dst.addr.family) throw new BadFlowError('source and destination families differ');
    if (src.kind === 'internet' && dst.kind === 'internet') throw new BadFlowError('both ends are on the internet');
    this.ends = { source: endpointOf(src), destination: endpointOf(dst) };
    this.notes.push(`family:${src.addr.family}`, `protocol:${protocolCategory(this.flow.protocol)}`, `src:${endLabel(src)}`, `dst:${endLabel(dst)}`);

    if (src.kind === 'interface' && dst.kind === 'interface' && src.eni.NetworkInterfaceId === dst.eni.NetworkInterfaceId) {
      return this.exempt('traffic to itself never leaves the instance', 'path:same-interface');
    }
    if (src.kind === 'interface' && dst.kind === 'internet') {
      const service = exemptService(this.doc, src.eni, dst.addr);
      if (service) return this.exempt(service, `path:exempt:${service}`);
    }
    if (src.kind === 'internet' && dst.kind === 'interface') {
      const service = exemptService(this.doc, dst.eni, src.addr);
      if (service) return this.exempt(service, `path:exempt:${service}`);
    }
    return this.runStages(this.stagesFor(src, dst));
  }

  private exempt(detail: string, note: string): ReferenceDecision {
    this.notes.push(note, 'stage:exempt:allow');
    return { allowed: true, ...this.ends, stages: [{ kind: 'exempt', allowed: true, detail }], notes: this.notes };
  }

  private runStages(thunks: StageThunk[]): ReferenceDecision {
    const stages: ReferenceStage[] = [];
    for (const thunk of thunks) {
      const stage = thunk();
      if (!stage) continue;
      stages.push(stage);
      this.notes.push(`stage:${stage.kind}:${stage.allowed ? 'allow' : 'deny'}`);
      if (!stage.allowed) return { allowed: false, ...this.ends, stages, notes: this.notes };
    }
    return { allowed: true, ...this.ends, stages, notes: this.notes };
  }

  /** §2's table of paths, in packet order. */
  private stagesFor(src: End, dst: End): StageThunk[] {
    if (src.kind === 'interface') {
      // An interface always sends from a private address; a public source address means its primary one.
      const local = src.via === 'public' ? primaryAddressOf(src.eni) : src.addr;
      const egress = () => this.sg(src.eni, 'egress', local, dst.addr);
      if (dst.kind === 'internet') {
        this.notes.push('path:to-internet');
        return [egress, () => this.nacl(src.eni, true, dst.addr), () => this.routeOut(src.eni, dst.addr)];
      }
      if (dst.via === 'public') return [egress, ...this.publicPath(src, dst)];
      if (src.eni.VpcId !== dst.eni.VpcId) {
        this.notes.push('path:cross-vpc');
        return [egress, () => this.stage('route', false, `no route from ${src.eni.VpcId} to ${dst.eni.VpcId}`, 'route:cross-vpc')];
      }
      const ingress = () => this.sg(dst.eni, 'ingress', dst.addr, local);
      if (src.eni.SubnetId === dst.eni.SubnetId) {
        this.notes.push('path:same-subnet');
        return [egress, ingress];
      }
      this.notes.push('path:cross-subnet');
      return [egress, () => this.nacl(src.eni, true, dst.addr), () => this.nacl(dst.eni, false, local), ingress];
    }
    // From the internet: dst is an interface (both-internet was rejected).
    const target = dst as InterfaceEnd;
    this.notes.push('path:from-internet');
    const addressedPublicly = target.via === 'public' || target.addr.family === 6;
    const local = target.via === 'public' ? primaryAddressOf(target.eni) : target.addr;
    return [
      () => this.routeIn(target.eni, src.addr, addressedPublicly, 'private addresses are not reachable from the internet'),
      () => this.nacl(target.eni, false, src.addr),
      () => this.sg(target.eni, 'ingress', local, src.addr),
    ];
  }

  /** A → B by B's public IPv4: out through A's gateway and in through B's; B sees A's public address. */
  private publicPath(src: InterfaceEnd, dst: InterfaceEnd): StageThunk[] {
    this.notes.push('path:public');
    const srcPublic = publicAddressOf(src.eni);
    return [
      () => this.nacl(src.eni, true, dst.addr),
      () => this.routeOut(src.eni, dst.addr),
      // routeOut denied (or refused as ambiguous) when A has no public address, so srcPublic is defined from here on.
      () => this.routeIn(dst.eni, srcPublic!, true, ''),
      () => this.nacl(dst.eni, false, srcPublic!),
      () => this.sg(dst.eni, 'ingress', primaryAddressOf(dst.eni), srcPublic!),
    ];
  }

  private stage(kind: ReferenceStageKind, allowed: boolean, detail: string, note: string): ReferenceStage {
    this.notes.push(note);
    return { kind, allowed, detail };
  }

  private routeOut(eni: RawNetworkInterface, internetSide: Addr): ReferenceStage {
    const r = routeStage(this.doc, eni, internetSide, publicAddressOf(eni) !== undefined, `${eni.NetworkInterfaceId} has no public IPv4 address`);
    return this.stage('route', r.allowed, r.detail, r.note);
  }

  private routeIn(eni: RawNetworkInterface, internetSide: Addr, reachable: boolean, problem: string): ReferenceStage {
    const r = routeStage(this.doc, eni, internetSide, reachable, problem);
    return this.stage('route', r.allowed, r.detail, r.note);
  }

  private nacl(eni: RawNetworkInterface, egress: boolean, remote: Addr): ReferenceStage | undefined {
    const acl = networkAclOf(this.doc, eni.SubnetId, eni.VpcId);
    if (!acl) {
      this.notes.push('nacl:omitted');
      return undefined;
    }
    const o = evaluateNetworkAcl(acl, egress, remote, this.flow);
    const implicit = o.ruleNumber >= 32767;
    this.notes.push(implicit ? `nacl:implicit-deny${remote.family}` : `nacl:explicit-${o.allowed ? 'allow' : 'deny'}`);
    if (!implicit && acl.Entries.some((e) => e.Egress === egress && e.RuleNumber < o.ruleNumber && e.RuleAction !== (o.allowed ? 'allow' : 'deny'))) {
      this.notes.push('nacl:decided-after-other-action');
    }
    return {
      kind: egress ? 'nacl-outbound' : 'nacl-inbound',
      allowed: o.allowed,
      networkAclId: o.networkAclId,
      subnetId: eni.SubnetId,
      ruleNumber: o.ruleNumber,
    };
  }

  /** §3 + §5: conntrack lookup first (stateful only), then the union of all rules of all groups on the interface. */
  private sg(eni: RawNetworkInterface, direction: SgDirection, local: Addr, remote: Addr): ReferenceStage {
    const kind = direction === 'ingress' ? 'sg-ingress' : 'sg-egress';
    const base = { kind, interfaceId: eni.NetworkInterfaceId } as const;
    const f = this.flow;
    const [localPort, remotePort] = direction === 'egress' ? [f.srcPort, f.dstPort] : [f.dstPort, f.srcPort];
    const key = conntrackKey(f.protocol, local, localPort, remote, remotePort, f.icmpType);
    const ct = this.conntrack;

    if (ct) {
      const entry = ct.tables.findLive(eni.NetworkInterfaceId, key, ct.now);
      if (entry) {
        const sameOrientation = entry.direction === direction;
        // ICMP: a reverse packet passes only as the reply to a request admitted in the entry's orientation.
        const isReplyToRequest = entry.requestSeen && ICMP_REPLY_TYPE[icmpQueryType(f.icmpType)] === f.icmpType;
        const accepted = sameOrientation || !isIcmpProtocol(f.protocol) || isReplyToRequest;
        if (accepted) {
          if (!sameOrientation) entry.replySeen = true;
          if (sameOrientation && isIcmpProtocol(f.protocol) && isIcmpRequest(f.icmpType)) entry.requestSeen = true;
          entry.expiresAt = ct.now + idleTimeout(f.protocol, entry.replySeen, eni);
          this.notes.push(`conntrack:${sameOrientation ? 'continuation' : 'reply'}:${protocolCategory(f.protocol)}`);
          return { ...base, allowed: true, reason: 'conntrack', tracked: true, matchingGroups: [] };
        }
        this.notes.push('conntrack:icmp-not-a-reply');
      }
    }

    const matches = securityGroupMatches(this.doc, eni, direction, remote, f);
    if (matches.length === 0) return { ...base, allowed: false, reason: 'default-deny', matchingGroups: [] };
    const groups = [...new Set(matches.map((m) => m.groupId))].sort();
    for (const kindOfPeer of new Set(matches.map((m) => m.peerKind))) this.notes.push(`sg-peer:${kindOfPeer}`);
    for (const kindOfRule of new Set(matches.map((m) => m.ruleKind))) this.notes.push(`sg-rule:${kindOfRule}`);
    if (groups.length > 1) this.notes.push('sg:several-groups-match');
    const tracked = !isUntracked(this.doc, eni, direction, remote.family, f, matches);
    if (!tracked) this.notes.push('sg:untracked');
    if (ct && tracked) {
      ct.tables.create({
        interfaceId: eni.NetworkInterfaceId,
        key,
        direction,
        requestSeen: isIcmpProtocol(f.protocol) && isIcmpRequest(f.icmpType),
        expiresAt: ct.now + idleTimeout(f.protocol, false, eni),
        replySeen: false,
      });
    }
    const permissions = [...new Set(matches.map((m) => m.permission))];
    return { ...base, allowed: true, reason: 'rule', tracked, matchingGroups: groups, matchingPermissions: permissions };
  }
}

/** Stateless: every packet judged as the first packet of a connection. Throws BadFlowError / AmbiguousCaseError. */
export function referenceDecide(docs: unknown, flow: ReferenceFlow): ReferenceDecision {
  return new Evaluation(mergeDescribe(docs), flow, undefined).run();
}

/** Stateful: one conntrack list for all interfaces, time from the injected clock (seconds). */
export class ReferenceStatefulEvaluator {
  private readonly tables = new ConntrackList();

  constructor(private readonly now: () => number) {}

  /** Judges one packet against the document as it is now (rule changes take effect at once; tables persist). */
  process(docs: unknown, flow: ReferenceFlow): ReferenceDecision {
    return new Evaluation(mergeDescribe(docs), flow, { tables: this.tables, now: this.now() }).run();
  }

  get trackedEntries(): number {
    return this.tables.size;
  }
}
