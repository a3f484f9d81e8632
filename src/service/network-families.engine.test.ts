/**
 * The network families reach the engine behind `POST /_rampart/v1/decide`: network ACL entries and associations,
 * route tables, routes and internet gateways changed through the control plane are what the incrementally synced
 * engine decides with (docs/api.md "Engine"), and equal an engine rebuilt from the committed state. The test places
 * its interface in the engine itself, so that only the network families' sync is under test (the HTTP decide test in
 * test/e2e/network-acls.e2e.test.ts goes through CreateNetworkInterface and an Elastic IP).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECTION_TRACKING } from '../core/model/network.ts';
import type { Snapshot } from '../core/model/snapshot.ts';
import { parseIp } from '../core/net/ip.ts';
import { DEFAULT_QUOTAS } from '../core/quotas.ts';
import { Engine, type Decision } from '../engine/index.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { ControlPlane } from './control-plane.ts';
import { buildSnapshot } from './decide/build-snapshot.ts';
import { HANDLERS } from './handlers.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
let dir: string;
let store: Store;
let plane: ControlPlane;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-netfam-'));
  store = await openStore(dir);
  plane = new ControlPlane({ store, quotas: DEFAULT_QUOTAS });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ip = (text: string) => parseIp(text)!;
const https = { src: ip('198.51.100.7'), dst: ip('203.0.113.10'), protocol: 6, srcPort: 50000, dstPort: 443, icmpType: -1, icmpCode: -1 };
const stage = (d: Decision, kind: string) => d.stages.find((s) => s.kind === kind);

/** The network part of a snapshot in a canonical order (the hand-placed interface is not the control plane's). */
function network(s: Snapshot): unknown {
  const byId = <T>(xs: readonly T[], id: (x: T) => string) => [...xs].sort((a, b) => id(a).localeCompare(id(b)));
  return {
    subnets: byId(s.subnets, (x) => x.subnetId),
    acls: byId(s.networkAcls, (a) => a.networkAclId),
    tables: byId(s.routeTables, (t) => t.routeTableId),
    gateways: byId(s.internetGateways, (g) => g.internetGatewayId),
  };
}

describe('network families in the engine', () => {
  it('decides with the ACLs, routes and gateways the API changed, incrementally', async () => {
    const engine = await plane.engine(ACCOUNT, REGION); // built now, kept in step by every commit from here on
    const c = await plane.context({ accountId: ACCOUNT, region: REGION, requestId: 'r', dryRun: false });
    const vpcId = (await HANDLERS.CreateVpc({ CidrBlock: '10.0.0.0/16' }, c)).Vpc!.VpcId!;
    const subnetId = (await HANDLERS.CreateSubnet({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }, c)).Subnet!.SubnetId!;
    const groupId = (await HANDLERS.CreateSecurityGroup({ GroupName: 'web', Description: 'web', VpcId: vpcId }, c)).GroupId!;
    await HANDLERS.AuthorizeSecurityGroupIngress({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }, c);
    engine.upsertInterface({
      networkInterfaceId: 'eni-0123456789abcdef0',
      subnetId,
      vpcId,
      privateIps: [ip('10.0.1.10')],
      ipv6Addresses: [],
      publicIp: ip('203.0.113.10'),
      groupIds: [groupId],
      connectionTracking: DEFAULT_CONNECTION_TRACKING,
      sourceDestCheck: true,
    });

    // No internet gateway yet: the main table has only the local route.
    expect(engine.decide(https)).toMatchObject({ allowed: false, deniedBy: 'route' });

    const igw = (await HANDLERS.CreateInternetGateway({}, c)).InternetGateway!.InternetGatewayId!;
    await HANDLERS.AttachInternetGateway({ InternetGatewayId: igw, VpcId: vpcId }, c);
    const rtb = (await HANDLERS.CreateRouteTable({ VpcId: vpcId }, c)).RouteTable!.RouteTableId!;
    await HANDLERS.CreateRoute({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }, c);
    expect(engine.decide(https)).toMatchObject({ allowed: false, deniedBy: 'route' }); // the subnet still uses the main table
    const rtbAssociation = (await HANDLERS.AssociateRouteTable({ RouteTableId: rtb, SubnetId: subnetId }, c)).AssociationId!;
    expect(engine.routeTableFor(subnetId)).toBe(rtb);
    const open = engine.decide(https);
    expect(open.allowed).toBe(true);
    expect(stage(open, 'nacl-inbound')).toMatchObject({ allowed: true, ruleNumber: 100 }); // the default ACL

    // A custom ACL denies everything until it has entries (fact 21); then first match wins (fact 19).
    const acl = (await HANDLERS.CreateNetworkAcl({ VpcId: vpcId }, c)).NetworkAcl!.NetworkAclId!;
    const defaultAcl = engine.networkAclFor(subnetId)!;
    const { NetworkAcls } = HANDLERS.DescribeNetworkAcls({ NetworkAclIds: [defaultAcl] }, c);
    const aclAssociation = NetworkAcls![0].Associations!.find((a) => a.SubnetId === subnetId)!.NetworkAclAssociationId!;
    await HANDLERS.ReplaceNetworkAclAssociation({ AssociationId: aclAssociation, NetworkAclId: acl }, c);
    expect(engine.networkAclFor(subnetId)).toBe(acl);
    const denied = engine.decide(https);
    expect(denied).toMatchObject({ allowed: false, deniedBy: 'nacl-inbound' });
    expect(stage(denied, 'nacl-inbound')).toMatchObject({ networkAclId: acl, ruleNumber: 32767, isDefaultRule: true });

    await HANDLERS.CreateNetworkAclEntry({ NetworkAclId: acl, RuleNumber: 200, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } }, c);
    expect(engine.decide(https).allowed).toBe(true);
    await HANDLERS.CreateNetworkAclEntry({ NetworkAclId: acl, RuleNumber: 100, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '198.51.100.0/24' }, c);
    expect(stage(engine.decide(https), 'nacl-inbound')).toMatchObject({ allowed: false, ruleNumber: 100 });
    await HANDLERS.ReplaceNetworkAclEntry({ NetworkAclId: acl, RuleNumber: 100, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '192.0.2.0/24' }, c);
    expect(stage(engine.decide(https), 'nacl-inbound')).toMatchObject({ allowed: true, ruleNumber: 200 });
    await HANDLERS.DeleteNetworkAclEntry({ NetworkAclId: acl, RuleNumber: 200, Egress: false }, c);
    expect(engine.decide(https)).toMatchObject({ allowed: false, deniedBy: 'nacl-inbound' });

    // Detaching the gateway cuts the internet path; so does falling back to the main table.
    const state = (await plane.region(ACCOUNT, REGION)).state;
    const rebuilt = () => network(Engine.fromSnapshot(buildSnapshot(state, ACCOUNT)).snapshot());
    expect(network(engine.snapshot())).toEqual(rebuilt());
    await HANDLERS.CreateNetworkAclEntry({ NetworkAclId: acl, RuleNumber: 200, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 } }, c);
    await HANDLERS.DetachInternetGateway({ InternetGatewayId: igw, VpcId: vpcId }, c);
    expect(engine.decide(https)).toMatchObject({ allowed: false, deniedBy: 'route' });
    await HANDLERS.AttachInternetGateway({ InternetGatewayId: igw, VpcId: vpcId }, c);
    expect(engine.decide(https).allowed).toBe(true);
    await HANDLERS.DisassociateRouteTable({ AssociationId: rtbAssociation }, c);
    expect(engine.decide(https)).toMatchObject({ allowed: false, deniedBy: 'route' });
    await HANDLERS.DeleteRouteTable({ RouteTableId: rtb }, c);
    await HANDLERS.DetachInternetGateway({ InternetGatewayId: igw, VpcId: vpcId }, c);
    await HANDLERS.DeleteInternetGateway({ InternetGatewayId: igw }, c);

    expect(await plane.engine(ACCOUNT, REGION)).toBe(engine); // never dropped and rebuilt along the way
    expect(network(engine.snapshot())).toEqual(rebuilt());
  });
});
