import { describe, expect, it } from 'vitest';
import networkInterfaces from './testdata/network-interfaces.json' with { type: 'json' };
import instances from './testdata/instances.json' with { type: 'json' };
import network from './testdata/network.json' with { type: 'json' };
import { snapshotFromDescribe } from './index.ts';
import { DEFAULT_CONNECTION_TRACKING, type NetworkInterface } from '../model/network.ts';
import { formatIp } from '../net/ip.ts';

const text = (eni: NetworkInterface) => ({
  private: eni.privateIps.map(formatIp),
  ipv6: eni.ipv6Addresses.map(formatIp),
  public: eni.publicIp && formatIp(eni.publicIp),
});

describe('describe-network-interfaces', () => {
  const [web, spare] = snapshotFromDescribe(networkInterfaces).networkInterfaces;

  it('reads addresses: primary private first, IPv6 canonical, the public IP from Association', () => {
    expect(text(web)).toEqual({ private: ['10.0.1.10', '10.0.1.11'], ipv6: ['2600:1f18:1234:5601::10'], public: '54.210.10.20' });
    expect(text(spare)).toEqual({ private: ['10.0.2.99'], ipv6: [], public: undefined });
  });

  it('reads groups, placement, attachment and attributes', () => {
    expect(web).toMatchObject({
      networkInterfaceId: 'eni-0a1b2c3d4e5f60001',
      subnetId: 'subnet-0aa11bb22cc33dd44',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      groupIds: ['sg-0a1b2c3d4e5f6a7b8'],
      instanceId: 'i-0a1b2c3d4e5f60001',
      sourceDestCheck: true,
      description: undefined,
    });
    expect(spare).toMatchObject({ groupIds: [], instanceId: undefined, sourceDestCheck: false, description: 'spare', tags: [{ key: 'Name', value: 'spare' }] });
  });

  it('fills connection-tracking timeouts that are not given with the defaults (§5.8)', () => {
    expect(web.connectionTracking).toEqual({ ...DEFAULT_CONNECTION_TRACKING, tcpEstablishedTimeout: 350 });
    expect(spare.connectionTracking).toEqual(DEFAULT_CONNECTION_TRACKING);
  });
});

describe('describe-instances', () => {
  const snapshot = snapshotFromDescribe(instances);

  it('lists instances with their interfaces, the primary (device index 0) first', () => {
    expect(snapshot.instances).toEqual([
      {
        instanceId: 'i-0a1b2c3d4e5f60002',
        subnetId: 'subnet-0ee55ff66aa77bb88',
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        state: 'running',
        networkInterfaceIds: ['eni-0a1b2c3d4e5f60002', 'eni-0a1b2c3d4e5f60003'],
        tags: [{ key: 'Name', value: 'app-1' }],
      },
      { instanceId: 'i-0a1b2c3d4e5f60004', subnetId: undefined, vpcId: undefined, state: 'terminated', networkInterfaceIds: [], tags: undefined },
    ]);
  });

  it('turns the instances\' interfaces into snapshot interfaces', () => {
    const primary = snapshot.networkInterfaces.find((i) => i.networkInterfaceId === 'eni-0a1b2c3d4e5f60002')!;
    expect(primary).toMatchObject({ instanceId: 'i-0a1b2c3d4e5f60002', groupIds: ['sg-0b2c3d4e5f6a7b8c9'] });
    expect(primary.connectionTracking).toEqual({ tcpEstablishedTimeout: 432000, udpStreamTimeout: 120, udpTimeout: 60 });
    expect(snapshot.networkInterfaces).toHaveLength(2);
  });

  it('keeps one copy of an interface that both describe calls list, the describe-network-interfaces one', () => {
    const doc = structuredClone(instances);
    const ni = doc.Reservations[0].Instances[0].NetworkInterfaces[1];
    const standalone = { ...structuredClone(ni), Description: 'from describe-network-interfaces', Attachment: { ...ni.Attachment, InstanceId: 'i-0a1b2c3d4e5f60002' } };
    const both = snapshotFromDescribe([{ NetworkInterfaces: [standalone] }, doc]);
    expect(both.networkInterfaces.filter((i) => i.networkInterfaceId === 'eni-0a1b2c3d4e5f60002').map((i) => i.description)).toEqual([
      'from describe-network-interfaces',
    ]);
  });
});

describe('describe-addresses', () => {
  it('makes an Elastic IP on an interface\'s primary address its public address', () => {
    const snapshot = snapshotFromDescribe([instances, network]);
    const eni = snapshot.networkInterfaces.find((i) => i.networkInterfaceId === 'eni-0a1b2c3d4e5f60002')!;
    expect(formatIp(eni.publicIp!)).toBe('3.210.50.60');
    expect(snapshot.networkInterfaces.find((i) => i.networkInterfaceId === 'eni-0a1b2c3d4e5f60003')!.publicIp).toBeUndefined();
  });

  it('skips an Elastic IP on a secondary private address (one public address per interface in the model)', () => {
    const doc = structuredClone(network);
    doc.Addresses[0].PrivateIpAddress = '10.0.2.200';
    const eni = snapshotFromDescribe([instances, doc]).networkInterfaces.find((i) => i.networkInterfaceId === 'eni-0a1b2c3d4e5f60002')!;
    expect(eni.publicIp).toBeUndefined();
  });
});
