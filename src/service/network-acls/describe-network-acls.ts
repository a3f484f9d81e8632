/**
 * DescribeNetworkAcls (aws-semantics.md §3.12): by id (an unknown id fails the call) and with every filter the model
 * lists. Entry filters look at the entries EC2 shows, the `*` deny entries included; `entry.protocol` takes the number
 * or, for 6/17/1, the name (M: "tcp | udp | icmp or a protocol number").
 */
import type { DescribeNetworkAclsRequest, DescribeNetworkAclsResult } from '../../api/ec2/types.ts';
import { ICMP, TCP, UDP } from '../../core/net/protocol.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters, type FilterTable } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import { requireNetworkAcl } from './lookup.ts';
import type { NetworkAclEntryRecord, NetworkAclRecord } from './records.ts';
import { displayedEntries, networkAclToWire } from './to-wire.ts';

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { [TCP]: 'tcp', [UDP]: 'udp', [ICMP]: 'icmp' };

function networkAclFilters(ownerId: string): FilterTable<NetworkAclRecord> {
  const entries = (field: (e: NetworkAclEntryRecord) => string | number | boolean | undefined) => (a: NetworkAclRecord) => displayedEntries(a).map(field);
  return {
    'association.association-id': (a) => a.associations.map((x) => x.associationId),
    'association.network-acl-id': (a) => (a.associations.length > 0 ? a.id : undefined),
    'association.subnet-id': (a) => a.associations.map((x) => x.subnetId),
    default: (a) => a.isDefault,
    'entry.cidr': entries((e) => e.cidrBlock),
    'entry.icmp.code': entries((e) => e.icmpTypeCode?.code),
    'entry.icmp.type': entries((e) => e.icmpTypeCode?.type),
    'entry.ipv6-cidr': entries((e) => e.ipv6CidrBlock),
    'entry.port-range.from': entries((e) => e.portRange?.from),
    'entry.port-range.to': entries((e) => e.portRange?.to),
    'entry.protocol': (a) => displayedEntries(a).flatMap((e) => [e.protocol, PROTOCOL_NAMES[e.protocol]]),
    'entry.rule-action': entries((e) => e.ruleAction),
    'entry.egress': entries((e) => e.egress),
    'entry.rule-number': entries((e) => e.ruleNumber),
    'network-acl-id': (a) => a.id,
    'owner-id': () => ownerId,
    'vpc-id': (a) => a.parentId,
  };
}

export function describeNetworkAcls(input: DescribeNetworkAclsRequest, ctx: RequestContext): DescribeNetworkAclsResult {
  let acls = ctx.view.list<NetworkAclRecord>('network-acl');
  if (input.NetworkAclIds && input.NetworkAclIds.length > 0) {
    const wanted = new Set(input.NetworkAclIds);
    for (const id of wanted) requireNetworkAcl(ctx.view, id);
    acls = acls.filter((a) => wanted.has(a.id));
  }
  const filtered = applyFilters(acls, input.Filters, networkAclFilters(ctx.accountId));
  const page = paginate(filtered, (a) => a.id, input.MaxResults, input.NextToken);
  return { NetworkAcls: page.items.map((a) => networkAclToWire(a, ctx.accountId)), NextToken: page.nextToken };
}
