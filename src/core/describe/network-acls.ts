/**
 * describe-network-acls → NetworkAcl. Describe output lists the implicit `*` deny entries as rule numbers 32767
 * (IPv4) and 32768 (IPv6); the model keeps them implicit (model/network-acl.ts), so they are dropped here.
 * Protocols are number strings (`"6"`, `"-1"`): EC2 stores and prints NACL protocols as numbers (fact 22).
 */
import { NACL_DEFAULT_DENY_IPV4 } from '../model/network-acl.ts';
import type { NetworkAcl, NetworkAclEntry } from '../model/network-acl.ts';
import { Ec2Error } from '../errors/ec2-error.ts';
import { ICMP, ICMPV6, hasPorts, parseNetworkAclProtocol } from '../net/protocol.ts';
import type { DescribeItem } from './describe-item.ts';
import { optionalCidr } from './address-fields.ts';
import { readTags } from './tags.ts';

export function readNetworkAcl(raw: DescribeItem): NetworkAcl {
  const networkAclId = raw.requiredString('NetworkAclId');
  const item = raw.named(networkAclId);
  const entries: NetworkAclEntry[] = [];
  for (const e of item.list('Entries')) {
    const entry = readEntry(e);
    if (entry) entries.push(entry);
  }
  return {
    networkAclId,
    vpcId: item.requiredString('VpcId'),
    isDefault: item.optionalBoolean('IsDefault') ?? false,
    ownerId: item.optionalString('OwnerId'),
    entries,
    associations: item.list('Associations').map((a) => ({
      associationId: a.optionalString('NetworkAclAssociationId') ?? '',
      subnetId: a.requiredString('SubnetId'),
    })),
    tags: readTags(item),
  };
}

function readEntry(item: DescribeItem): NetworkAclEntry | undefined {
  const ruleNumber = item.requiredInteger('RuleNumber');
  // The `*` entries: 32767 and 32768 are implicit in the model (aws-semantics.md §6).
  if (ruleNumber >= NACL_DEFAULT_DENY_IPV4 && ruleNumber <= 32768) return undefined;
  if (ruleNumber < 1 || ruleNumber > 32766) {
    throw item.fail('InvalidParameterValue', `Invalid rule number ${ruleNumber}: must be between 1 and 32766`, 'RuleNumber');
  }
  const protocol = located(item, 'Protocol', () => parseNetworkAclProtocol(item.requiredString('Protocol')));
  const action = item.requiredString('RuleAction');
  if (action !== 'allow' && action !== 'deny') {
    throw item.fail('InvalidParameterValue', `Value (${action}) for parameter ruleAction is invalid. Must be allow or deny.`, 'RuleAction');
  }
  const cidr = optionalCidr(item, 'CidrBlock', 4) ?? optionalCidr(item, 'Ipv6CidrBlock', 6);
  if (!cidr) throw item.fail('MissingParameter', 'an entry needs CidrBlock or Ipv6CidrBlock');
  const entry: NetworkAclEntry = { ruleNumber, egress: item.requiredBoolean('Egress'), action, protocol, cidr };
  const range = item.child('PortRange');
  if (hasPorts(protocol) && range) {
    const from = port(range, 'From');
    const to = port(range, 'To');
    if (from > to) throw range.fail('InvalidParameterValue', `Invalid port range: From (${from}) is greater than To (${to})`);
    return { ...entry, portRange: { from, to } };
  }
  const icmp = item.child('IcmpTypeCode');
  // ICMP type/code apply to protocol 1, and to 58 only with an IPv6 CIDR (§6; model/network-acl.ts).
  if (icmp && (protocol === ICMP || (protocol === ICMPV6 && cidr.family === 6))) {
    return { ...entry, icmp: { type: icmpField(icmp, 'Type'), code: icmpField(icmp, 'Code') } };
  }
  return entry;
}

function port(item: DescribeItem, key: string): number {
  const n = item.requiredInteger(key);
  if (n < 0 || n > 65535) throw item.fail('InvalidParameterValue', `port (${n}) out of range 0-65535`, key);
  return n;
}

function icmpField(item: DescribeItem, key: string): number {
  const n = item.optionalInteger(key) ?? -1;
  if (n < -1 || n > 255) throw item.fail('InvalidParameterValue', `ICMP ${key.toLowerCase()} (${n}) out of range`, key);
  return n;
}

function located<T>(item: DescribeItem, key: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof Ec2Error && !e.message.startsWith(item.location)) throw new Ec2Error(e.code, `${item.at(key)}: ${e.message}`);
    throw e;
  }
}
