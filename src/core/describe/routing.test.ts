import { describe, expect, it } from 'vitest';
import network from './testdata/network.json' with { type: 'json' };
import { snapshotFromDescribe } from './index.ts';

describe('describe-vpcs, -subnets, -route-tables, -internet-gateways', () => {
  const snapshot = snapshotFromDescribe(network);

  it('reads VPC blocks: the primary first, associated extras, no disassociated ones, IPv6', () => {
    const [vpc] = snapshot.vpcs;
    expect(vpc.cidrBlocks.map((c) => c.text)).toEqual(['10.0.0.0/16', '100.64.0.0/16']);
    expect(vpc.ipv6CidrBlocks.map((c) => c.text)).toEqual(['2600:1f18:1234:5600::/56']);
    expect(vpc).toMatchObject({ vpcId: 'vpc-0a1b2c3d4e5f60718', isDefault: false, ownerId: '123456789012' });
  });

  it('reads subnets', () => {
    expect(snapshot.subnets.map((s) => [s.subnetId, s.cidr.text, s.ipv6Cidrs.map((c) => c.text), s.mapPublicIpOnLaunch])).toEqual([
      ['subnet-0aa11bb22cc33dd44', '10.0.1.0/24', ['2600:1f18:1234:5601::/64'], true],
      ['subnet-0ee55ff66aa77bb88', '10.0.2.0/24', [], false],
    ]);
  });

  it('reads routes: local, internet gateway, other targets, prefix-list destinations, blackholes', () => {
    const [main, pub] = snapshot.routeTables;
    expect(main.associations).toEqual([{ associationId: 'rtbassoc-0a1b2c3d4e5f60001', subnetId: undefined, main: true }]);
    expect(main.routes.map((r) => [r.target, r.active])).toEqual([
      [{ kind: 'local' }, true],
      [{ kind: 'other', id: 'nat-0a1b2c3d4e5f60001' }, false],
      [{ kind: 'other', id: 'vpce-0a1b2c3d4e5f60001' }, true],
    ]);
    expect(main.routes[2].destination).toEqual({ prefixListId: 'pl-63a5400a' });
    expect(pub.associations.map((a) => a.subnetId)).toEqual(['subnet-0aa11bb22cc33dd44']); // the disassociated one is gone
    expect(pub.routes.map((r) => ('text' in r.destination ? r.destination.text : r.destination.prefixListId))).toEqual([
      '10.0.0.0/16',
      '2600:1f18:1234:5600::/56',
      '0.0.0.0/0',
      '::/0',
    ]);
    expect(pub.routes[2].target).toEqual({ kind: 'internet-gateway', id: 'igw-0a1b2c3d4e5f60718' });
    expect(pub.routes[3].target).toEqual({ kind: 'other', id: 'eigw-0a1b2c3d4e5f60718' });
  });

  it('reads internet gateways and the VPCs they are attached to', () => {
    expect(snapshot.internetGateways.map((g) => [g.internetGatewayId, g.attachedVpcIds])).toEqual([
      ['igw-0a1b2c3d4e5f60718', ['vpc-0a1b2c3d4e5f60718']],
      ['igw-0detached0000000', []],
    ]);
  });

  it('refuses a route without a destination', () => {
    const doc = structuredClone(network);
    delete (doc.RouteTables[1].Routes[2] as Record<string, unknown>).DestinationCidrBlock;
    expect(() => snapshotFromDescribe(doc, { documentNames: ['rt.json'] })).toThrow(
      'rt.json: RouteTables[1] (rtb-0a1b2c3d4e5f60002).Routes[2]: a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId',
    );
  });
});
