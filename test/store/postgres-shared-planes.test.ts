/**
 * Two control planes (two servers, in one process here) over one PostgreSQL database: first use of a region from
 * both creates one set of defaults, read-modify-write transactions from both lose no update, and a server's engine
 * follows the other server's commits incrementally.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from '../../src/core/quotas.ts';
import { Engine } from '../../src/engine/index.ts';
import { ControlPlane } from '../../src/service/control-plane.ts';
import { buildSnapshot } from '../../src/service/decide/build-snapshot.ts';
import { HANDLERS } from '../../src/service/handlers.ts';
import type { Resource } from '../../src/service/state/resource.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { describeWithPostgres, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { canonicalSnapshot } from '../helpers/canonical-snapshot.ts';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

interface Counter extends Resource {
  readonly kind: 'counter';
  readonly n: number;
}

describeWithPostgres('control planes sharing a PostgreSQL database', (binaries) => {
  let cluster: PostgresCluster;
  let databases = 0;
  let stores: Store[] = [];
  let a: ControlPlane;
  let b: ControlPlane;
  beforeAll(async () => {
    cluster = await startPostgres(binaries);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  beforeEach(async () => {
    const url = await cluster.createDatabase(`planes_${++databases}`);
    stores = [await openStore('/nonexistent', { url }), await openStore('/nonexistent', { url })];
    [a, b] = stores.map((store) => new ControlPlane({ store, quotas: DEFAULT_QUOTAS }));
  });
  afterEach(async () => {
    for (const s of stores) await s.close();
  });

  const scope = { accountId: ACCOUNT, region: REGION, requestId: 'r', dryRun: false };

  it('creates one set of region defaults when both use a fresh region at once', async () => {
    const [ca, cb] = await Promise.all([a.context(scope), b.context(scope)]);
    expect(ca.view.list('vpc')).toHaveLength(1);
    expect(cb.view.list('vpc').map((v) => v.id)).toEqual(ca.view.list('vpc').map((v) => v.id));
    expect(cb.view.list('subnet')).toHaveLength(3);
  });

  it('loses no update when both run read-modify-write transactions on the same resource', async () => {
    const handles = await Promise.all([a.region(ACCOUNT, REGION), b.region(ACCOUNT, REGION)]);
    const increment = (i: number) =>
      // Straight to the queue, without the refresh a request does first: half of these run on stale memory.
      handles[i % 2].transact((tx) => tx.put<Counter>({ kind: 'counter', id: 'counter', n: (tx.getOf<Counter>('counter', 'counter')?.n ?? 0) + 1 }), { dryRun: false });
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i)));
    const [ca, cb] = await Promise.all([a.context(scope), b.context(scope)]);
    expect(ca.view.getOf<Counter>('counter', 'counter')?.n).toBe(20);
    expect(cb.view.getOf<Counter>('counter', 'counter')?.n).toBe(20);
  });

  it("keeps a server's engine in step with the other server's commits", async () => {
    const engineB = await b.engine(ACCOUNT, REGION); // built now; A's commits reach it through B's refresh
    const ca = await a.context(scope);
    const { Vpc } = await HANDLERS.CreateVpc({ CidrBlock: '10.0.0.0/16' }, ca);
    const web = (await HANDLERS.CreateSecurityGroup({ GroupName: 'web', Description: 'd', VpcId: Vpc!.VpcId }, ca)).GroupId!;
    await HANDLERS.AuthorizeSecurityGroupIngress({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }, ca);
    const after = await b.engine(ACCOUNT, REGION);
    expect(after).toBe(engineB);
    const stateA = (await a.region(ACCOUNT, REGION)).state;
    expect(canonicalSnapshot(after.snapshot())).toEqual(canonicalSnapshot(Engine.fromSnapshot(buildSnapshot(stateA, ACCOUNT)).snapshot()));
    expect(after.snapshot().securityGroups.find((g) => g.groupId === web)?.ingress).toHaveLength(1);
  });
});
