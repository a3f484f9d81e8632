import { describe, expect, it } from 'vitest';
import securityGroups from './testdata/security-groups.json' with { type: 'json' };
import securityGroupRules from './testdata/security-group-rules.json' with { type: 'json' };
import { snapshotFromDescribe } from './index.ts';
import type { SecurityGroup } from '../model/security-group.ts';

function group(groups: readonly SecurityGroup[], id: string): SecurityGroup {
  const g = groups.find((x) => x.groupId === id);
  if (!g) throw new Error(`no ${id}`);
  return g;
}

describe('describe-security-groups', () => {
  const { securityGroups: groups } = snapshotFromDescribe(securityGroups);
  const web = group(groups, 'sg-0a1b2c3d4e5f6a7b8');

  it('reads the group itself', () => {
    expect(web).toMatchObject({ groupName: 'web', description: 'web servers', vpcId: 'vpc-0a1b2c3d4e5f60718', ownerId: '123456789012' });
    expect(web.tags).toEqual([{ key: 'Name', value: 'web' }]);
    expect(group(groups, 'sg-0b2c3d4e5f6a7b8c9').tags).toBeUndefined();
  });

  it('fans each IpPermission out to one rule per peer (fact 12)', () => {
    const ssh = web.ingress.filter((r) => r.fromPort === 22);
    expect(ssh.map((r) => r.peer)).toEqual([
      { kind: 'cidr', cidr: expect.objectContaining({ text: '203.0.113.10/32' }) },
      { kind: 'cidr', cidr: expect.objectContaining({ text: '198.51.100.0/24' }) },
      { kind: 'prefix-list', prefixListId: 'pl-0a1b2c3d4e5f67890' },
      { kind: 'group', groupId: 'sg-0b2c3d4e5f6a7b8c9', userId: '123456789012' },
    ]);
    expect(ssh.map((r) => r.description)).toEqual(['office', 'vpn, typed with a host address', 'bastions', 'from app']);
    expect(web.ingress).toHaveLength(2 + 4 + 1 + 1);
    expect(web.egress).toHaveLength(1);
  });

  it('canonicalises CIDRs (198.51.100.77/24 is 198.51.100.0/24, fact 8)', () => {
    const vpn = web.ingress.find((r) => r.description?.startsWith('vpn'));
    expect(vpn?.peer.kind === 'cidr' && vpn.peer.cidr.text).toBe('198.51.100.0/24');
  });

  it('reads protocols by name or number, with EC2 port storage', () => {
    const https = web.ingress.filter((r) => r.fromPort === 443);
    expect(https.map((r) => [r.protocol, r.fromPort, r.toPort])).toEqual([
      [6, 443, 443],
      [6, 443, 443],
    ]);
    expect(https[1].peer).toMatchObject({ kind: 'cidr', cidr: { family: 6, text: '::/0' } });
    expect(web.ingress.filter((r) => r.fromPort === 22).every((r) => r.protocol === 6)).toBe(true); // "6"
    expect(web.ingress.find((r) => r.protocol === 1)).toMatchObject({ fromPort: 8, toPort: -1 }); // icmp echo, any code
    expect(web.ingress.find((r) => r.protocol === 50)).toMatchObject({ fromPort: -1, toPort: -1 }); // ESP: no ports
    expect(web.egress[0]).toMatchObject({ protocol: -1, fromPort: -1, toPort: -1, direction: 'egress' });
  });

  it('gives stable synthetic sgr- ids, distinct per rule', () => {
    const again = snapshotFromDescribe(structuredClone(securityGroups)).securityGroups;
    const ids = groups.flatMap((g) => [...g.ingress, ...g.egress].map((r) => r.ruleId));
    expect(again.flatMap((g) => [...g.ingress, ...g.egress].map((r) => r.ruleId))).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^sgr-[0-9a-f]{17}$/);
    // Both groups allow all egress to 0.0.0.0/0: same rule, different group, different id.
    expect(web.egress[0].ruleId).not.toBe(group(groups, 'sg-0b2c3d4e5f6a7b8c9').egress[0].ruleId);
  });

  it('keeps a new group with empty permission lists', () => {
    expect(group(groups, 'sg-0c3d4e5f6a7b8c9d0')).toMatchObject({ ingress: [], egress: [], tags: undefined });
  });

  it('reads groups whose permission lists and inner lists are missing altogether', () => {
    const { securityGroups: [g] } = snapshotFromDescribe({
      SecurityGroups: [
        { GroupId: 'sg-0123456789abcdef0', GroupName: 'bare', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      ],
    });
    expect(g.ingress).toHaveLength(1);
    expect(g.egress).toEqual([]);
    expect(g.description).toBe('');
  });
});

describe('describe-security-group-rules', () => {
  it('supplies real sgr- ids for the groups it mentions, and leaves the others synthetic', () => {
    const { securityGroups: groups } = snapshotFromDescribe([securityGroups, securityGroupRules]);
    const app = group(groups, 'sg-0b2c3d4e5f6a7b8c9');
    expect(app.ingress).toEqual([
      {
        ruleId: 'sgr-0123456789abcdef0',
        groupId: 'sg-0b2c3d4e5f6a7b8c9',
        direction: 'ingress',
        protocol: 6,
        fromPort: 8080,
        toPort: 8080,
        peer: { kind: 'group', groupId: 'sg-0a1b2c3d4e5f6a7b8', userId: '123456789012' },
        description: undefined,
      },
    ]);
    expect(app.egress.map((r) => r.ruleId)).toEqual(['sgr-0fedcba9876543210']);
    const webAlone = group(snapshotFromDescribe(securityGroups).securityGroups, 'sg-0a1b2c3d4e5f6a7b8');
    expect(group(groups, 'sg-0a1b2c3d4e5f6a7b8')).toEqual(webAlone);
  });

  it('refuses rules of a group that no describe-security-groups document describes', () => {
    expect(() => snapshotFromDescribe(securityGroupRules, { documentNames: ['rules.json'] })).toThrow(
      "rules.json: SecurityGroupRules[0] (sgr-0123456789abcdef0): the security group 'sg-0b2c3d4e5f6a7b8c9' is not in any SecurityGroups document",
    );
  });

  it('insists on exactly one peer per rule', () => {
    const doc = structuredClone(securityGroupRules);
    (doc.SecurityGroupRules[1] as Record<string, unknown>).CidrIpv6 = '::/0';
    expect(() => snapshotFromDescribe([securityGroups, doc])).toThrow(/SecurityGroupRules\[1\] \(sgr-0fedcba9876543210\): a rule needs exactly one of .* \(found 2\)/);
  });
});
