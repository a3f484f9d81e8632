/**
 * A lean reader for describe-security-groups items, for estates of a million rules: the same model as the core's
 * reader (src/core/describe/security-groups.ts) — same fan-out of permissions into one-peer rules, same synthetic
 * rule ids (computed when first read: lazy-id-rule.ts), same port validation, same canonical CIDRs — without
 * building a located wrapper per nested item, with one shared peer per distinct CIDR (IPv4 looked up by its numbers), and with group
 * ids interned: every reference to a group shares one string and one peer object, so the checks' look-ups by group
 * id hash each id once per audit rather than once per rule per check. It handles well-formed input only: anything unexpected
 * (a missing key, a wrong type, an invalid port or CIDR) returns undefined and the caller hands the batch to the core
 * reader, which produces the exact, located error. security-group-reader.test.ts checks both readers agree.
 */
import type { Direction, RulePeer, SecurityGroup, SecurityGroupRule } from '../../../core/model/security-group.ts';
import type { Tag } from '../../../core/model/tag.ts';
import { parseCidr, type Cidr } from '../../../core/net/cidr.ts';
import { TCP, UDP } from '../../../core/net/protocol.ts';
import { validatePermissionPorts, type PermissionPorts } from '../../../core/rules/permission.ts';
import { packedIpv4Cidr, packedNetworkKey, parseIpv4CidrFast } from './ipv4-cidr.ts';
import { UniqueRules } from './unique-rules.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const optionalText = (v: unknown): string | undefined | false => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : false);

class NotLean extends Error {}

function description(v: unknown): string | undefined {
  const d = optionalText(v);
  if (d === false) throw new NotLean();
  return d;
}

export class LeanSecurityGroupReader {
  private readonly cidrs = new Map<string, RulePeer | null>();
  /** Per IPv4 prefix length: the network's bits → its peer (texts naming the same CIDR share one). */
  private readonly ipv4Networks = Array.from({ length: 33 }, () => new Map<number, RulePeer>());
  private readonly ports = new Map<string, PermissionPorts | null>();
  /** Group id text → the first string seen with that text. */
  private readonly groupIds = new Map<string, string>();
  /** Group id → a peer for it (reused when the account matches too). */
  private readonly groupPeers = new Map<string, RulePeer & { kind: 'group' }>();

  /** The group, or undefined when the item needs the core reader's checks and messages. */
  read(raw: unknown): SecurityGroup | undefined {
    try {
      return this.group(raw);
    } catch (e) {
      if (e instanceof NotLean) return undefined;
      throw e;
    }
  }

  private group(raw: unknown): SecurityGroup {
    if (!isObject(raw)) throw new NotLean();
    const groupId = this.internId(text(raw.GroupId));
    const groupName = text(raw.GroupName);
    const vpcId = text(raw.VpcId);
    const description = optionalText(raw.Description);
    const ownerId = optionalText(raw.OwnerId);
    if (!groupId || !groupName || !vpcId || description === false || ownerId === false) throw new NotLean();
    return {
      groupId,
      groupName,
      description: description ?? '',
      vpcId,
      ownerId: ownerId ?? '',
      ingress: this.permissions(raw.IpPermissions, groupId, 'ingress'),
      egress: this.permissions(raw.IpPermissionsEgress, groupId, 'egress'),
      tags: this.tags(raw.Tags),
    };
  }

  private permissions(list: unknown, groupId: string, direction: Direction): SecurityGroupRule[] {
    const out = new UniqueRules(groupId, direction);
    for (const p of this.list(list)) {
      if (!isObject(p)) throw new NotLean();
      const ports = this.portsOf(p);
      for (const r of this.list(p.IpRanges)) {
        if (!isObject(r)) throw new NotLean();
        out.add(ports, this.cidrPeer(r.CidrIp, 4), description(r.Description));
      }
      for (const r of this.list(p.Ipv6Ranges)) {
        if (!isObject(r)) throw new NotLean();
        out.add(ports, this.cidrPeer(r.CidrIpv6, 6), description(r.Description));
      }
      for (const r of this.list(p.PrefixListIds)) {
        if (!isObject(r) || !text(r.PrefixListId)) throw new NotLean();
        out.add(ports, { kind: 'prefix-list', prefixListId: r.PrefixListId as string }, description(r.Description));
      }
      for (const r of this.list(p.UserIdGroupPairs)) {
        const userId = isObject(r) ? optionalText(r.UserId) : false;
        if (!isObject(r) || !text(r.GroupId) || userId === false) throw new NotLean();
        out.add(ports, this.groupPeer(r.GroupId as string, userId), description(r.Description));
      }
    }
    return out.rules;
  }

  private portsOf(p: Json): PermissionPorts {
    const protocol = text(p.IpProtocol);
    const from = p.FromPort ?? undefined;
    const to = p.ToPort ?? undefined;
    if (!protocol || (from !== undefined && !Number.isInteger(from)) || (to !== undefined && !Number.isInteger(to))) throw new NotLean();
    // The common case, without building a cache key: what validatePermissionPorts accepts for tcp and udp.
    if ((protocol === 'tcp' || protocol === 'udp') && typeof from === 'number' && typeof to === 'number' && from >= 0 && from <= to && to <= 65535) {
      return { protocol: protocol === 'tcp' ? TCP : UDP, fromPort: from, toPort: to };
    }
    const key = `${protocol}|${String(from)}|${String(to)}`;
    let ports = this.ports.get(key);
    if (ports === undefined) {
      try {
        ports = validatePermissionPorts({ ipProtocol: protocol, fromPort: from as number | undefined, toPort: to as number | undefined });
      } catch {
        ports = null;
      }
      this.ports.set(key, ports);
    }
    if (!ports) throw new NotLean();
    return ports;
  }

  private internId(id: string | undefined): string | undefined {
    if (id === undefined) return undefined;
    const known = this.groupIds.get(id);
    if (known !== undefined) return known;
    this.groupIds.set(id, id);
    return id;
  }

  /** Group peers are immutable, so one object per group (and account) serves every rule that names it. */
  private groupPeer(id: string, userId: string | undefined): RulePeer {
    const known = this.groupPeers.get(id);
    if (known && known.userId === userId) return known;
    const peer = { kind: 'group', groupId: this.internId(id)!, userId } as const;
    if (!known) this.groupPeers.set(id, peer);
    return peer;
  }

  /** CIDR peers are immutable, so one object per distinct text serves every rule that names it. */
  private cidrPeer(v: unknown, family: 4 | 6): RulePeer {
    const t = text(v);
    if (!t) throw new NotLean();
    if (family === 4) {
      // Strict dotted-decimal IPv4, nearly every CIDR of an estate, is looked up by number (per prefix length,
      // the network's bits): no hashing and comparing of texts against a table of 100,000 of them.
      const packed = packedIpv4Cidr(t);
      if (packed >= 0) {
        const byNetwork = this.ipv4Networks[packed % 64];
        const network = packedNetworkKey(packed);
        let peer = byNetwork.get(network);
        if (!peer) byNetwork.set(network, (peer = { kind: 'cidr', cidr: parseIpv4CidrFast(t)! }));
        return peer;
      }
    }
    const key = family === 4 ? t : `6|${t}`;
    let peer = this.cidrs.get(key);
    if (peer === undefined) {
      const cidr: Cidr | undefined = (family === 4 ? parseIpv4CidrFast(t) : undefined) ?? parseCidr(t, family);
      peer = cidr ? { kind: 'cidr', cidr } : null;
      this.cidrs.set(key, peer);
    }
    if (!peer) throw new NotLean();
    return peer;
  }

  private tags(v: unknown): Tag[] | undefined {
    if (v === undefined || v === null) return undefined;
    return this.list(v).map((t) => {
      const value = isObject(t) ? optionalText(t.Value) : false;
      if (!isObject(t) || !text(t.Key) || value === false) throw new NotLean();
      return { key: t.Key as string, value: value ?? '' };
    });
  }

  private list(v: unknown): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new NotLean();
    return v;
  }
}
