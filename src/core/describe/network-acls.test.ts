import { describe, expect, it } from 'vitest';
import networkAcls from './testdata/network-acls.json' with { type: 'json' };
import { snapshotFromDescribe } from './index.ts';

describe('describe-network-acls', () => {
  const [defaultAcl, custom] = snapshotFromDescribe(networkAcls).networkAcls;

  it('reads the ACL, its default flag and associations', () => {
    expect(defaultAcl).toMatchObject({ networkAclId: 'acl-0a1b2c3d4e5f60718', isDefault: true, vpcId: 'vpc-0a1b2c3d4e5f60718' });
    expect(custom.associations).toEqual([{ associationId: 'aclassoc-0a1b2c3d4e5f60002', subnetId: 'subnet-0ee55ff66aa77bb88' }]);
    expect(custom.tags).toEqual([{ key: 'Name', value: 'private' }]);
  });

  it('drops the implicit * entries (32767, 32768), which the model keeps implicit', () => {
    expect(defaultAcl.entries.map((e) => [e.ruleNumber, e.egress])).toEqual([
      [100, true],
      [101, true],
      [100, false],
    ]);
    expect(custom.entries.some((e) => e.ruleNumber >= 32767)).toBe(false);
  });

  it('reads number-string protocols, port ranges, ICMP type/code and both families', () => {
    const byNumber = (n: number, egress: boolean) => custom.entries.find((e) => e.ruleNumber === n && e.egress === egress);
    expect(byNumber(100, false)).toMatchObject({ protocol: 6, action: 'allow', portRange: { from: 3306, to: 3306 }, cidr: { text: '10.0.0.0/16' } });
    expect(byNumber(90, false)).toMatchObject({ action: 'deny', cidr: { text: '10.0.1.66/32' } });
    expect(byNumber(110, false)).toMatchObject({ protocol: 1, icmp: { type: 8, code: -1 } });
    expect(byNumber(120, false)).toMatchObject({ protocol: 58, icmp: { type: 128, code: 0 }, cidr: { family: 6 } });
    expect(byNumber(100, true)).toMatchObject({ portRange: { from: 1024, to: 65535 } });
    expect(defaultAcl.entries[1]).toMatchObject({ protocol: -1, cidr: { family: 6, text: '::/0' } });
    expect(defaultAcl.entries[0].portRange).toBeUndefined();
  });

  it('ignores an ICMP type/code on protocol 58 with an IPv4 CIDR (all ICMP, §6)', () => {
    const doc = structuredClone(networkAcls);
    doc.NetworkAcls[1].Entries[3] = { CidrBlock: '10.0.0.0/16', Egress: false, IcmpTypeCode: { Code: 0, Type: 128 }, Protocol: '58', RuleAction: 'allow', RuleNumber: 120 } as never;
    const entry = snapshotFromDescribe(doc).networkAcls[1].entries.find((e) => e.ruleNumber === 120)!;
    expect(entry.icmp).toBeUndefined();
  });

  it('refuses protocol names, which EC2 never prints for NACLs (fact 22)', () => {
    const doc = structuredClone(networkAcls);
    doc.NetworkAcls[1].Entries[0].Protocol = 'tcp';
    expect(() => snapshotFromDescribe(doc, { documentNames: ['nacl.json'] })).toThrow(
      "nacl.json: NetworkAcls[1] (acl-0f9e8d7c6b5a40321).Entries[0].Protocol: Invalid value 'tcp' for protocol",
    );
  });

  it('refuses a port beyond 65535 and an entry without a CIDR', () => {
    const ports = structuredClone(networkAcls);
    (ports.NetworkAcls[1].Entries[0] as Record<string, unknown>).PortRange = { From: 3306, To: 70000 };
    expect(() => snapshotFromDescribe(ports)).toThrow('document: NetworkAcls[1] (acl-0f9e8d7c6b5a40321).Entries[0].PortRange.To: port (70000) out of range 0-65535');
    const cidr = structuredClone(networkAcls);
    delete (cidr.NetworkAcls[1].Entries[0] as Record<string, unknown>).CidrBlock;
    expect(() => snapshotFromDescribe(cidr)).toThrow(/Entries\[0\]: an entry needs CidrBlock or Ipv6CidrBlock/);
  });
});
