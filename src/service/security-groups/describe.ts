/**
 * DescribeSecurityGroups (aws-semantics.md §3.3): by id (an unknown id fails the call), by name (default VPC only,
 * fact 7), with every filter the model lists; rule filters match "any combination of rules", so each accessor
 * returns the values of all of a group's rules in one direction.
 */
import type { DescribeSecurityGroupsRequest, DescribeSecurityGroupsResult, SecurityGroup } from '../../api/ec2/types.ts';
import { ALL_PROTOCOLS, protocolWireName } from '../../core/net/protocol.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters, type FilterTable } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import type { ResourceView } from '../state/resource.ts';
import { defaultVpcOf } from '../vpcs/lookup.ts';
import { requireGroupById, requireGroupByNameInDefaultVpc } from './lookup.ts';
import type { SecurityGroupRecord, SecurityGroupRuleRecord } from './records.ts';
import { groupToWire } from './to-wire.ts';

type Direction = SecurityGroupRuleRecord['direction'];

/** Protocol filter values accept names, numbers or -1 (M): each rule answers with every spelling of its protocol. */
function protocolSpellings(p: number): string[] {
  return p === ALL_PROTOCOLS ? ['-1', 'all'] : [String(p), protocolWireName(p)];
}

function ruleFilters(view: ResourceView, direction: Direction, prefix: string): FilterTable<SecurityGroupRecord> {
  const rulesOf = (g: SecurityGroupRecord): SecurityGroupRuleRecord[] =>
    view.children<SecurityGroupRuleRecord>(g.id, 'security-group-rule').filter((r) => r.direction === direction);
  const groupName = (id: string): string | undefined => view.getOf<SecurityGroupRecord>('security-group', id)?.groupName;
  return {
    [`${prefix}.cidr`]: (g) => rulesOf(g).flatMap((r) => (r.peer.kind === 'cidr' && r.peer.family === 4 ? [r.peer.cidr] : [])),
    [`${prefix}.ipv6-cidr`]: (g) => rulesOf(g).flatMap((r) => (r.peer.kind === 'cidr' && r.peer.family === 6 ? [r.peer.cidr] : [])),
    [`${prefix}.from-port`]: (g) => rulesOf(g).map((r) => r.fromPort),
    [`${prefix}.to-port`]: (g) => rulesOf(g).map((r) => r.toPort),
    [`${prefix}.protocol`]: (g) => rulesOf(g).flatMap((r) => protocolSpellings(r.protocol)),
    [`${prefix}.group-id`]: (g) => rulesOf(g).flatMap((r) => (r.peer.kind === 'group' ? [r.peer.groupId] : [])),
    [`${prefix}.group-name`]: (g) => rulesOf(g).flatMap((r) => (r.peer.kind === 'group' ? [groupName(r.peer.groupId)] : [])),
    [`${prefix}.user-id`]: (g) => rulesOf(g).flatMap((r) => (r.peer.kind === 'group' ? [r.peer.userId] : [])),
    [`${prefix}.prefix-list-id`]: (g) => rulesOf(g).flatMap((r) => (r.peer.kind === 'prefix-list' ? [r.peer.prefixListId] : [])),
  };
}

export function securityGroupFilters(view: ResourceView, ownerId: string): FilterTable<SecurityGroupRecord> {
  return {
    description: (g) => g.description,
    'group-id': (g) => g.id,
    'group-name': (g) => g.groupName,
    'owner-id': () => ownerId,
    'vpc-id': (g) => g.parentId,
    ...ruleFilters(view, 'ingress', 'ip-permission'),
    ...ruleFilters(view, 'egress', 'egress.ip-permission'),
  };
}

export function describeSecurityGroups(input: DescribeSecurityGroupsRequest, ctx: RequestContext): DescribeSecurityGroupsResult {
  const view = ctx.view;
  let groups: SecurityGroupRecord[];
  if ((input.GroupIds?.length ?? 0) > 0 || (input.GroupNames?.length ?? 0) > 0) {
    const picked = new Map<string, SecurityGroupRecord>();
    for (const id of input.GroupIds ?? []) {
      const g = requireGroupById(view, id);
      picked.set(g.id, g);
    }
    for (const name of input.GroupNames ?? []) {
      const g = requireGroupByNameInDefaultVpc(view, name);
      picked.set(g.id, g);
    }
    groups = [...picked.values()];
  } else {
    groups = view.list<SecurityGroupRecord>('security-group');
  }
  // The filter table (a closure per filter name) is built only when there are filters: a by-id describe is a hot path.
  const filtered = input.Filters && input.Filters.length > 0 ? applyFilters(groups, input.Filters, securityGroupFilters(view, ctx.accountId)) : groups;
  const page = paginate(filtered, (g) => g.id, input.MaxResults, input.NextToken);
  const defaultVpcId = defaultVpcOf(view)?.id;
  const wires = page.items.map((g) => {
    const rules = view.children<SecurityGroupRuleRecord>(g.id, 'security-group-rule');
    // Names of referenced groups are shown for default-VPC groups only (M UserIdGroupPair).
    const named = g.parentId === defaultVpcId;
    const hit = WIRE_CACHE.get(g);
    if (hit && hit.named === named && hit.ownerId === ctx.accountId && hit.region === ctx.region && sameRecords(hit.rules, rules)) return hit.wire;
    const wire = groupToWire(g, rules, ctx.accountId, ctx.region, { groupNameOf: named ? groupNameIn.bind(undefined, view) : undefined });
    WIRE_CACHE.set(g, { rules, named, ownerId: ctx.accountId, region: ctx.region, wire });
    return wire;
  });
  return sameAsLastAnswer(view, { SecurityGroups: wires, NextToken: page.nextToken });
}

/**
 * A group's name, bound to a view where needed rather than written as an arrow in the handler: the TypeScript loader
 * (esbuild's keepNames) names every such arrow with Object.defineProperty each time it is made, and one per request
 * was ~5% of a describe by id's server CPU (bench/api.bench.ts profile).
 */
function groupNameIn(view: ResourceView, id: string): string | undefined {
  return view.getOf<SecurityGroupRecord>('security-group', id)?.groupName;
}

/**
 * The last answer given from this state, when the new one holds the same wire groups in the same order and the same
 * page token: the encoder remembers the XML of a result it has written (src/protocol/ec2-query/encode-xml.ts), so a
 * repeated full describe of an unchanged region re-encodes and concatenates nothing (bench/api.bench.ts). Answers are
 * never modified after they are handed out.
 */
const LAST_ANSWER = new WeakMap<ResourceView, DescribeSecurityGroupsResult>();

function sameAsLastAnswer(view: ResourceView, answer: DescribeSecurityGroupsResult & { SecurityGroups: SecurityGroup[] }): DescribeSecurityGroupsResult {
  const last = LAST_ANSWER.get(view);
  const before = last?.SecurityGroups;
  const now = answer.SecurityGroups;
  if (last && before && last.NextToken === answer.NextToken && before.length === now.length && before.every((w, i) => w === now[i])) return last;
  LAST_ANSWER.set(view, answer);
  return answer;
}

/**
 * A group's wire form, kept while neither its record nor any of its rules changed. Records are immutable (a change
 * puts a new object), so identity is the test; the encoder remembers the XML of a wire group it has written
 * (src/protocol/ec2-query/encode-xml.ts), so a repeated describe of unchanged groups re-encodes nothing. This took the
 * full describe of 1,000 groups from ~25 ms of CPU to a few (bench/api.bench.ts). Referenced groups' names (shown for
 * default-VPC groups) cannot change: EC2 names are immutable and a referenced group cannot be deleted.
 */
interface CachedWire {
  readonly rules: readonly SecurityGroupRuleRecord[];
  readonly named: boolean;
  readonly ownerId: string;
  readonly region: string;
  readonly wire: SecurityGroup;
}
const WIRE_CACHE = new WeakMap<SecurityGroupRecord, CachedWire>();

function sameRecords(a: readonly SecurityGroupRuleRecord[], b: readonly SecurityGroupRuleRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
