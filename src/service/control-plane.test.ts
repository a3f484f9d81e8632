/**
 * The control plane in-process over a real SQLite file: first-use defaults, transactions that fail or dry-run leave
 * nothing behind, and the engine kept in step incrementally equals one rebuilt from the committed state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from '../core/quotas.ts';
import { Engine } from '../engine/index.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { ControlPlane } from './control-plane.ts';
import { buildSnapshot } from './decide/build-snapshot.ts';
import { HANDLERS } from './handlers.ts';
import { canonicalSnapshot } from '../../test/helpers/canonical-snapshot.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
let dir: string;
let store: Store;
let plane: ControlPlane;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-plane-'));
  store = await openStore(dir);
  plane = new ControlPlane({ store, quotas: DEFAULT_QUOTAS });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = (dryRun = false) => plane.context({ accountId: ACCOUNT, region: REGION, requestId: 'r', dryRun });

describe('ControlPlane', () => {
  it('creates the region defaults once, and survives a reload from the database', async () => {
    const first = (await plane.region(ACCOUNT, REGION)).state;
    expect(first.list('vpc')).toHaveLength(1);
    expect(first.list('subnet')).toHaveLength(3);
    const again = new ControlPlane({ store, quotas: DEFAULT_QUOTAS });
    const reloaded = (await again.region(ACCOUNT, REGION)).state;
    expect(reloaded.list('vpc').map((v) => v.id)).toEqual(first.list('vpc').map((v) => v.id));
  });

  it('keeps nothing of a failed or dry-run call, in memory or in the database', async () => {
    const c = await ctx();
    const { Vpc } = await HANDLERS.CreateVpc({ CidrBlock: '10.0.0.0/16' }, c);
    const { GroupId } = await HANDLERS.CreateSecurityGroup({ GroupName: 'g', Description: 'd', VpcId: Vpc!.VpcId }, c);
    const handle = await plane.region(ACCOUNT, REGION);
    const version = handle.state.version;
    const rows = (await store.loadRegion(ACCOUNT, REGION)).length;
    const ok = { IpProtocol: 'tcp', FromPort: 1, ToPort: 1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };
    await expect(HANDLERS.AuthorizeSecurityGroupIngress({ GroupId, IpPermissions: [ok, { ...ok, FromPort: 70000 }] }, c)).rejects.toMatchObject({ code: 'InvalidPermission.Malformed' });
    await expect(HANDLERS.AuthorizeSecurityGroupIngress({ GroupId, IpPermissions: [ok] }, await ctx(true))).rejects.toMatchObject({ code: 'DryRunOperation' });
    expect(handle.state.version).toBe(version);
    expect((await store.loadRegion(ACCOUNT, REGION)).length).toBe(rows);
  });

  it('keeps the engine in step incrementally: the same estate as an engine rebuilt from the committed state', async () => {
    await plane.engine(ACCOUNT, REGION); // built now, updated by every commit from here on
    const c = await ctx();
    const { Vpc } = await HANDLERS.CreateVpc({ CidrBlock: '10.0.0.0/16' }, c);
    const { Subnet } = await HANDLERS.CreateSubnet({ VpcId: Vpc!.VpcId!, CidrBlock: '10.0.1.0/24' }, c);
    const web = (await HANDLERS.CreateSecurityGroup({ GroupName: 'web', Description: 'd', VpcId: Vpc!.VpcId }, c)).GroupId!;
    const app = (await HANDLERS.CreateSecurityGroup({ GroupName: 'app', Description: 'd', VpcId: Vpc!.VpcId }, c)).GroupId!;
    await HANDLERS.AuthorizeSecurityGroupIngress({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }, c);
    await HANDLERS.AuthorizeSecurityGroupIngress({ GroupId: app, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: web }] }] }, c);
    await HANDLERS.RevokeSecurityGroupEgress({ GroupId: web, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }, c);
    const incremental = await plane.engine(ACCOUNT, REGION);
    const state = (await plane.region(ACCOUNT, REGION)).state;
    expect(canonicalSnapshot(incremental.snapshot())).toEqual(canonicalSnapshot(Engine.fromSnapshot(buildSnapshot(state, ACCOUNT)).snapshot()));

    await HANDLERS.DeleteSecurityGroup({ GroupId: app }, c);
    await HANDLERS.DeleteSubnet({ SubnetId: Subnet!.SubnetId! }, c);
    await HANDLERS.DeleteSecurityGroup({ GroupId: web }, c);
    await HANDLERS.DeleteVpc({ VpcId: Vpc!.VpcId! }, c);
    const after = await plane.engine(ACCOUNT, REGION);
    expect(after).toBe(incremental);
    expect(canonicalSnapshot(after.snapshot())).toEqual(canonicalSnapshot(Engine.fromSnapshot(buildSnapshot(state, ACCOUNT)).snapshot()));
  });
});
