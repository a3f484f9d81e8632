/**
 * A network ACL entry as CreateNetworkAclEntry / ReplaceNetworkAclEntry describe it, validated and normalised into the
 * record kept (aws-semantics.md §3.11, §6, facts 19, 22, 23):
 * - rule numbers 1–32766 (32767–65535 are reserved: the `*` entries live there and can't be touched);
 * - `Protocol` is a number string or `-1` (the CLI converts `tcp` to `6`; the API takes numbers only);
 * - exactly one of `CidrBlock` (IPv4) and `Ipv6CidrBlock`, canonicalised (100.68.0.18/18 → 100.68.0.0/18);
 * - `PortRange` required for 6 and 17, `Icmp` for 1 and for 58 with an IPv6 CIDR; for every other protocol (and 58
 *   with an IPv4 CIDR) EC2 ignores ports and ICMP fields, so they are not kept (not shown back: UNCONFIRMED).
 * Messages of the failures below are UNCONFIRMED unless noted: EC2's documentation names the rules, not the wording.
 */
import type { CreateNetworkAclEntryRequest, IcmpTypeCode, PortRange } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { parseCidr } from '../../core/net/cidr.ts';
import { hasPorts, ICMP, ICMPV6, parseNetworkAclProtocol } from '../../core/net/protocol.ts';
import type { NetworkAclEntryRecord } from './records.ts';

export const FIRST_RULE_NUMBER = 1;
export const LAST_RULE_NUMBER = 32766;
/** The `*` entries as EC2 numbers them on output (VPC-Q, CLI-EX describe-network-acls). */
export const DEFAULT_DENY_RULE_IPV4 = 32767;
export const DEFAULT_DENY_RULE_IPV6 = 32768;

export function requireRuleNumber(ruleNumber: number): number {
  if (!Number.isInteger(ruleNumber) || ruleNumber < FIRST_RULE_NUMBER || ruleNumber > LAST_RULE_NUMBER) {
    throw ec2Error('InvalidParameterValue', `Invalid value '${ruleNumber}' for ruleNumber. Rule numbers must be between ${FIRST_RULE_NUMBER} and ${LAST_RULE_NUMBER}.`);
  }
  return ruleNumber;
}

function requireCidrs(input: CreateNetworkAclEntryRequest): { cidrBlock: string } | { ipv6CidrBlock: string } {
  if (input.CidrBlock !== undefined && input.Ipv6CidrBlock !== undefined) {
    throw ec2Error('InvalidParameterCombination', 'Only one of cidrBlock and ipv6CidrBlock may be specified.');
  }
  if (input.CidrBlock !== undefined) {
    const cidr = parseCidr(input.CidrBlock.trim(), 4);
    if (!cidr) throw ec2Error('InvalidParameterValue', `Value (${input.CidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
    return { cidrBlock: cidr.text };
  }
  if (input.Ipv6CidrBlock !== undefined) {
    const cidr = parseCidr(input.Ipv6CidrBlock.trim(), 6);
    if (!cidr) throw ec2Error('InvalidParameterValue', `Value (${input.Ipv6CidrBlock}) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.`);
    return { ipv6CidrBlock: cidr.text };
  }
  throw ec2Error('MissingParameter', 'cidrBlock or ipv6CidrBlock');
}

function requirePortRange(range: PortRange | undefined): { from: number; to: number } {
  // Same message EC2 gives for a TCP/UDP permission without both ports; it names this very parameter (§2).
  if (range?.From === undefined || range.To === undefined) throw ec2Error('InvalidParameterValue', "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
  for (const port of [range.From, range.To]) {
    if (port < 0 || port > 65535) throw ec2Error('InvalidParameterValue', `TCP/UDP port (${port}) out of range`);
  }
  if (range.From > range.To) throw ec2Error('InvalidParameterValue', `Invalid value for portRange: from port (${range.From}) is greater than to port (${range.To}).`);
  return { from: range.From, to: range.To };
}

function requireIcmpTypeCode(icmp: IcmpTypeCode | undefined): { type: number; code: number } {
  if (icmp?.Type === undefined || icmp.Code === undefined) throw ec2Error('InvalidParameterValue', "Invalid value 'Must specify both type and code with ICMP.' for icmpTypeCode.");
  if (icmp.Type < -1 || icmp.Type > 255) throw ec2Error('InvalidParameterValue', `ICMP type (${icmp.Type}) out of range`);
  if (icmp.Code < -1 || icmp.Code > 255) throw ec2Error('InvalidParameterValue', `ICMP code (${icmp.Code}) out of range`);
  // "-1 means all types": all types have all codes (as for security groups, fact 10).
  return { type: icmp.Type, code: icmp.Type === -1 ? -1 : icmp.Code };
}

/** The entry a Create/ReplaceNetworkAclEntry request describes (the two requests have the same members). */
export function entryFromRequest(input: CreateNetworkAclEntryRequest): NetworkAclEntryRecord {
  const ruleNumber = requireRuleNumber(input.RuleNumber);
  const protocol = parseNetworkAclProtocol(input.Protocol);
  const cidrs = requireCidrs(input);
  const ipv6 = 'ipv6CidrBlock' in cidrs;
  const base = { ruleNumber, egress: input.Egress, ruleAction: input.RuleAction, protocol: String(protocol), ...cidrs };
  if (hasPorts(protocol)) return { ...base, portRange: requirePortRange(input.PortRange) };
  if (protocol === ICMP || (protocol === ICMPV6 && ipv6)) return { ...base, icmpTypeCode: requireIcmpTypeCode(input.IcmpTypeCode) };
  return base;
}

export const entryFamily = (e: NetworkAclEntryRecord): 4 | 6 => (e.ipv6CidrBlock !== undefined ? 6 : 4);

/**
 * Quota: `quota` entries per direction and address family, the `*` entry included (VPC-Q; fact 23). Called with the
 * entries as they would be after the change, for the direction and family the new entry lands in.
 */
export function requireRoomFor(entriesAfter: readonly NetworkAclEntryRecord[], added: NetworkAclEntryRecord, quota: number): void {
  const family = entryFamily(added);
  const used = entriesAfter.filter((e) => e.egress === added.egress && entryFamily(e) === family).length + 1;
  if (used > quota) throw ec2Error('NetworkAclEntryLimitExceeded');
}

/** Entries kept in evaluation order: egress before ingress (as EC2 lists them), then by rule number. */
export function sortEntries(entries: readonly NetworkAclEntryRecord[]): NetworkAclEntryRecord[] {
  return [...entries].sort((a, b) => Number(b.egress) - Number(a.egress) || a.ruleNumber - b.ruleNumber);
}
