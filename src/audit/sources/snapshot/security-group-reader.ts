/**
 * A lean reader for describe-security-groups items, for estates of a million rules: the same model as the core's
 * reader (src/core/describe/security-groups.ts) — same fan-out of permissions into one-peer rules, same synthetic
 * rule ids, same port validation, same canonical CIDRs — without building a located wrapper per nested item, and
 * with each distinct CIDR text parsed once and shared. It handles well-formed input only: anything unexpected
 * (a missing key, a wrong type, an invalid port or CIDR) returns undefined and the caller hands the batch to the core
 * reader, which produces the exact, located error. security-group-reader.test.ts checks both readers agree.
 */
import { syntheticRuleId } from '../../../core/describe/index.ts';
import type { Direction, RulePeer, SecurityGroup, SecurityGroupRule } from '../../../core/model/security-group.ts';
import type { Tag } from '../../../core/model/tag.ts';
import { parseCidr, type Cidr } from '../../../core/net/cidr.ts';
import { validatePermissionPorts, type PermissionPorts } from '../../../core/rules/permission.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const optionalText = (v: unknown): string | undefined | false => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : false);

class NotLean extends Error {}

export class LeanSecurityGroupReader {
  private readonly cidrs = new Map<string, RulePeer | null>();
  private readonly ports = new Map<string, PermissionPorts | null>();

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
    const groupId = text(raw.GroupId);
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
    const out: SecurityGroupRule[] = [];
    const seen = new Set<string>();
    for (const p of this.list(list)) {
      if (!isObject(p)) throw new NotLean();
      const ports = this.portsOf(p);
      for (const r of this.list(p.IpRanges)) {
        if (!isObject(r)) throw new NotLean();
        this.add(out, seen, groupId, direction, ports, this.cidrPeer(r.CidrIp, 4), r.Description);
      }
      for (const r of this.list(p.Ipv6Ranges)) {
        if (!isObject(r)) throw new NotLean();
        this.add(out, seen, groupId, direction, ports, this.cidrPeer(r.CidrIpv6, 6), r.Description);
      }
      for (const r of this.list(p.PrefixListIds)) {
        if (!isObject(r) || !text(r.PrefixListId)) throw new NotLean();
        this.add(out, seen, groupId, direction, ports, { kind: 'prefix-list', prefixListId: r.PrefixListId as string }, r.Description);
      }
      for (const r of this.list(p.UserIdGroupPairs)) {
        const userId = isObject(r) ? optionalText(r.UserId) : false;
        if (!isObject(r) || !text(r.GroupId) || userId === false) throw new NotLean();
        this.add(out, seen, groupId, direction, ports, { kind: 'group', groupId: r.GroupId as string, userId }, r.Description);
      }
    }
    return out;
  }

  /** One rule per peer; the same peer twice in one group is one rule (EC2 would have refused the duplicate). */
  private add(out: SecurityGroupRule[], seen: Set<string>, groupId: string, direction: Direction, ports: PermissionPorts, peer: RulePeer, description: unknown): void {
    const d = optionalText(description);
    if (d === false) throw new NotLean();
    const ruleId = syntheticRuleId({ groupId, direction, protocol: ports.protocol, fromPort: ports.fromPort, toPort: ports.toPort, peer });
    if (seen.has(ruleId)) return;
    seen.add(ruleId);
    out.push({ ruleId, groupId, direction, protocol: ports.protocol, fromPort: ports.fromPort, toPort: ports.toPort, peer, description: d });
  }

  private portsOf(p: Json): PermissionPorts {
    const protocol = text(p.IpProtocol);
    const from = p.FromPort ?? undefined;
    const to = p.ToPort ?? undefined;
    if (!protocol || (from !== undefined && !Number.isInteger(from)) || (to !== undefined && !Number.isInteger(to))) throw new NotLean();
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

  /** CIDR peers are immutable, so one object per distinct text serves every rule that names it. */
  private cidrPeer(v: unknown, family: 4 | 6): RulePeer {
    const t = text(v);
    if (!t) throw new NotLean();
    const key = family === 4 ? t : `6|${t}`;
    let peer = this.cidrs.get(key);
    if (peer === undefined) {
      const cidr: Cidr | undefined = parseCidr(t, family);
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
