import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotFromDescribe } from '../../../core/describe/index.ts';
import type { SecurityGroup, SecurityGroupRule } from '../../../core/model/security-group.ts';
import { LeanSecurityGroupReader } from './security-group-reader.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'audit', 'snapshot');

const permission = fc.record(
  {
    IpProtocol: fc.constantFrom('tcp', 'udp', '-1', 'icmp', 'icmpv6', '6', '47'),
    FromPort: fc.integer({ min: -1, max: 70000 }),
    ToPort: fc.integer({ min: -1, max: 70000 }),
    IpRanges: fc.array(fc.record({ CidrIp: fc.constantFrom('0.0.0.0/0', '10.0.0.5/16', '300.1.1.1/8', '::/0'), Description: fc.option(fc.string(), { nil: undefined }) }), { maxLength: 2 }),
    Ipv6Ranges: fc.array(fc.record({ CidrIpv6: fc.constantFrom('::/0', '2001:db8::1/32', '10.0.0.0/8') }), { maxLength: 2 }),
    PrefixListIds: fc.array(fc.record({ PrefixListId: fc.constantFrom('pl-1', 'pl-2') }), { maxLength: 1 }),
    UserIdGroupPairs: fc.array(fc.record({ GroupId: fc.constantFrom('sg-1', 'sg-2'), UserId: fc.option(fc.constant('111111111111'), { nil: undefined }) }), { maxLength: 2 }),
  },
  { requiredKeys: ['IpProtocol'] },
);
const group = fc.record(
  {
    GroupId: fc.constantFrom('sg-1', 'sg-2'),
    GroupName: fc.constantFrom('web', ''),
    Description: fc.option(fc.constantFrom('d', 7 as unknown as string), { nil: undefined }),
    VpcId: fc.constant('vpc-1'),
    OwnerId: fc.option(fc.constant('111111111111'), { nil: undefined }),
    IpPermissions: fc.array(permission, { maxLength: 3 }),
    IpPermissionsEgress: fc.array(permission, { maxLength: 2 }),
    Tags: fc.option(fc.array(fc.record({ Key: fc.constantFrom('Name', ''), Value: fc.string({ maxLength: 3 }) }), { maxLength: 2 }), { nil: undefined }),
  },
  { requiredKeys: ['GroupId', 'VpcId'] },
);

/** Rule ids are prototype getters on lean rules (computed on first read): copy them in to compare. */
function plain(group: SecurityGroup | undefined): unknown {
  if (!group) return group;
  const rules = (list: readonly SecurityGroupRule[]) => list.map((r) => ({ ...r, ruleId: r.ruleId }));
  return { ...group, ingress: rules(group.ingress), egress: rules(group.egress) };
}

function core(item: unknown): unknown {
  try {
    return snapshotFromDescribe([{ SecurityGroups: [item] }]).securityGroups[0];
  } catch {
    return 'rejected';
  }
}

describe('lean security-group reader', () => {
  it('reads every valid group exactly as the core reader does, and hands back every group the core rejects', () => {
    fc.assert(
      fc.property(group, (item) => {
        const lean = new LeanSecurityGroupReader().read(item);
        const expected = core(item);
        if (expected === 'rejected') expect(lean).toBeUndefined();
        else if (lean !== undefined) expect(plain(lean)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the core reader on the fixture snapshots', () => {
    const doc = JSON.parse(readFileSync(join(FIXTURES, 'sg-traps', 'describe-security-groups.json'), 'utf8')) as { SecurityGroups: unknown[] };
    const reader = new LeanSecurityGroupReader();
    const lean = doc.SecurityGroups.map((g) => reader.read(g));
    expect(lean.every((g) => g !== undefined)).toBe(true);
    expect(lean.map(plain)).toEqual(snapshotFromDescribe([doc]).securityGroups);
  });

  it('drops duplicate rules as the core reader does, in long rule lists too', () => {
    // 40 distinct ports, each given twice and once more with a non-canonical CIDR of the same block: past the
    // length where duplicates are found by key instead of by scanning.
    const ports = Array.from({ length: 40 }, (_, i) => 1000 + i);
    const item = {
      GroupId: 'sg-1',
      GroupName: 'many',
      VpcId: 'vpc-1',
      IpPermissions: [
        ...ports.map((p) => ({ IpProtocol: 'tcp', FromPort: p, ToPort: p, IpRanges: [{ CidrIp: '10.0.0.0/16' }], UserIdGroupPairs: [{ GroupId: 'sg-2' }] })),
        ...ports.map((p) => ({ IpProtocol: '6', FromPort: p, ToPort: p, IpRanges: [{ CidrIp: '10.0.0.5/16' }], UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '111111111111' }] })),
      ],
    };
    const lean = new LeanSecurityGroupReader().read(item);
    expect(lean?.ingress).toHaveLength(80);
    expect(plain(lean)).toEqual(core(item));
  });
});
