/**
 * Rules as the `--ip-permissions` JSON of `aws ec2 authorize-/revoke-security-group-*`. Revoking by properties
 * must match the stored rule exactly (protocol, ports, one peer; aws-semantics.md fact 11), which is what a rule of
 * the model is, so the command works whether the rule id was real or synthetic.
 */
import type { RulePeer, SecurityGroupRule } from '../../core/model/security-group.ts';
import { hasPorts, isIcmp, protocolWireName } from '../../core/net/protocol.ts';

export interface IpPermissionJson {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: Array<{ CidrIp: string; Description?: string }>;
  Ipv6Ranges?: Array<{ CidrIpv6: string; Description?: string }>;
  PrefixListIds?: Array<{ PrefixListId: string; Description?: string }>;
  UserIdGroupPairs?: Array<{ GroupId: string; UserId?: string; Description?: string }>;
}

/** The same permission with a description on its one peer (for update-security-group-rule-descriptions-*). */
export function withDescription(p: IpPermissionJson, description: string): IpPermissionJson {
  const add = <T extends object>(list: T[] | undefined) => list?.map((x) => ({ ...x, Description: description }));
  return { ...p, IpRanges: add(p.IpRanges), Ipv6Ranges: add(p.Ipv6Ranges), PrefixListIds: add(p.PrefixListIds), UserIdGroupPairs: add(p.UserIdGroupPairs) };
}

export function ipPermissionOf(rule: Pick<SecurityGroupRule, 'protocol' | 'fromPort' | 'toPort'>, peer: RulePeer | { kind: 'placeholder'; family: 4 | 6; text: string }): IpPermissionJson {
  const p: IpPermissionJson = { IpProtocol: protocolWireName(rule.protocol) };
  if (hasPorts(rule.protocol) || isIcmp(rule.protocol)) {
    p.FromPort = rule.fromPort;
    p.ToPort = rule.toPort;
  }
  switch (peer.kind) {
    case 'cidr':
      if (peer.cidr.family === 4) p.IpRanges = [{ CidrIp: peer.cidr.text }];
      else p.Ipv6Ranges = [{ CidrIpv6: peer.cidr.text }];
      break;
    case 'placeholder':
      if (peer.family === 4) p.IpRanges = [{ CidrIp: peer.text }];
      else p.Ipv6Ranges = [{ CidrIpv6: peer.text }];
      break;
    case 'prefix-list':
      p.PrefixListIds = [{ PrefixListId: peer.prefixListId }];
      break;
    case 'group':
      p.UserIdGroupPairs = [peer.userId ? { GroupId: peer.groupId, UserId: peer.userId } : { GroupId: peer.groupId }];
      break;
  }
  return p;
}

/** Single-quoted for a POSIX shell; JSON never contains a single quote here except inside descriptions we omit. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
