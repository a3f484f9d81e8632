import { describe, expect, it } from 'vitest';
import securityGroups from './testdata/security-groups.json' with { type: 'json' };
import networkAcls from './testdata/network-acls.json' with { type: 'json' };
import networkInterfaces from './testdata/network-interfaces.json' with { type: 'json' };
import instances from './testdata/instances.json' with { type: 'json' };
import network from './testdata/network.json' with { type: 'json' };
import prefixLists from './testdata/prefix-lists.json' with { type: 'json' };
import { snapshotFromDescribe } from './index.ts';
import { Ec2Error } from '../errors/ec2-error.ts';
import { emptySnapshot } from '../model/snapshot.ts';

const ALL = [securityGroups, networkAcls, networkInterfaces, instances, network, prefixLists];

function errorOf(run: () => unknown): Ec2Error {
  try {
    run();
  } catch (e) {
    if (e instanceof Ec2Error) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('snapshotFromDescribe', () => {
  it('reads one merged object exactly as the separate documents', () => {
    const merged = Object.assign({}, ...ALL.map((d) => structuredClone(d)));
    expect(snapshotFromDescribe(merged)).toEqual(snapshotFromDescribe(ALL));
  });

  it('does not depend on the order of the documents', () => {
    expect(snapshotFromDescribe([...ALL].reverse())).toEqual(snapshotFromDescribe(ALL));
  });

  it('reads empty lists as an empty snapshot, and ignores keys it does not use', () => {
    const empty = ['SecurityGroups', 'NetworkAcls', 'NetworkInterfaces', 'Reservations', 'Vpcs', 'Subnets', 'RouteTables', 'InternetGateways', 'Addresses', 'PrefixLists'].map(
      (k) => ({ [k]: [] }),
    );
    expect(snapshotFromDescribe([...empty, { SecurityGroupRules: [], NextToken: 'abc' }])).toEqual(emptySnapshot());
  });

  it('keeps the first copy of a resource captured twice', () => {
    expect(snapshotFromDescribe([securityGroups, securityGroups]).securityGroups).toHaveLength(3);
  });

  describe('bad input: an Ec2Error naming the document and the item', () => {
    it('a CIDR /33', () => {
      const doc = structuredClone(securityGroups);
      doc.SecurityGroups[0].IpPermissions[1].IpRanges[0].CidrIp = '203.0.113.10/33';
      const e = errorOf(() => snapshotFromDescribe([network, doc], { documentNames: ['net.json', 'sg.json'] }));
      expect(e.code).toBe('InvalidParameterValue');
      expect(e.message).toBe(
        'sg.json: SecurityGroups[0] (sg-0a1b2c3d4e5f6a7b8).IpPermissions[1].IpRanges[0].CidrIp: Value (203.0.113.10/33) for parameter cidrIp is invalid. This is not a valid IPv4 CIDR block.',
      );
    });

    it('an IPv4 CIDR where IPv6 belongs', () => {
      const doc = structuredClone(securityGroups);
      doc.SecurityGroups[0].IpPermissions[0].Ipv6Ranges[0].CidrIpv6 = '0.0.0.0/0';
      expect(errorOf(() => snapshotFromDescribe(doc)).message).toMatch(/Ipv6Ranges\[0\]\.CidrIpv6: Value \(0\.0\.0\.0\/0\) .* not a valid IPv6 CIDR block/);
    });

    it('port 70000', () => {
      const doc = structuredClone(securityGroups);
      doc.SecurityGroups[1].IpPermissions[0].ToPort = 70000;
      const e = errorOf(() => snapshotFromDescribe(doc));
      expect(e.code).toBe('InvalidPermission.Malformed');
      expect(e.message).toBe('document: SecurityGroups[1] (sg-0b2c3d4e5f6a7b8c9).IpPermissions[0]: TCP/UDP port (70000) out of range');
    });

    it('an unknown protocol', () => {
      const doc = structuredClone(securityGroups);
      doc.SecurityGroups[0].IpPermissionsEgress[0].IpProtocol = 'foo';
      const e = errorOf(() => snapshotFromDescribe(doc));
      expect(e.code).toBe('InvalidParameterValue');
      expect(e.message).toBe("document: SecurityGroups[0] (sg-0a1b2c3d4e5f6a7b8).IpPermissionsEgress[0]: Invalid value 'foo' for IP protocol. Unknown protocol.");
    });

    it('a missing required key, before and after the id is known', () => {
      const noId = structuredClone(securityGroups);
      delete (noId.SecurityGroups[2] as Record<string, unknown>).GroupId;
      expect(errorOf(() => snapshotFromDescribe(noId)).message).toBe('document: SecurityGroups[2]: the required key GroupId is missing');
      const noVpc = structuredClone(networkInterfaces);
      delete (noVpc.NetworkInterfaces[1] as Record<string, unknown>).VpcId;
      const e = errorOf(() => snapshotFromDescribe([securityGroups, noVpc]));
      expect(e.code).toBe('MissingParameter');
      expect(e.message).toBe('document 2: NetworkInterfaces[1] (eni-0a1b2c3d4e5f60009): the required key VpcId is missing');
    });

    it('a value of the wrong JSON type', () => {
      const doc = structuredClone(instances) as { Reservations: Array<{ Instances: Array<Record<string, unknown>> }> };
      doc.Reservations[0].Instances[0].NetworkInterfaces = 'eni-1';
      expect(errorOf(() => snapshotFromDescribe(doc)).message).toBe(
        'document: Reservations[0].Instances[0] (i-0a1b2c3d4e5f60002).NetworkInterfaces: expected a list, found string "eni-1"',
      );
    });

    it('a document that is not a describe document', () => {
      expect(errorOf(() => snapshotFromDescribe([securityGroups, { Foo: [] }], { documentNames: ['a.json', 'b.json'] })).message).toMatch(
        /^b\.json: not a describe document: none of the keys Vpcs, .*SecurityGroups, .*Entries is at its top level$/,
      );
      expect(errorOf(() => snapshotFromDescribe('SecurityGroups')).message).toBe('document: expected a JSON object, found string "SecurityGroups"');
      expect(errorOf(() => snapshotFromDescribe({ SecurityGroups: {} })).message).toBe('document: SecurityGroups must be a list, found an object');
    });
  });
});
