/**
 * The README tutorial end to end: `rampart serve --enforce` driven by the real aws CLI, the kernel following every
 * commit. A VPC with a public subnet, gateway and route; a wide-open group; an instance with a public IP running
 * `python3 -m http.server` (started with `rampart lab exec`); curl from the internet namespace. Then: tightened to
 * 80/443 (8080 times out), SSH only from the office /32, a database admitting 3306 only from the app group (and
 * not once the web instance leaves the group), and a revoke that leaves a tracked connection alive but cuts an
 * untracked one. A server killed with -9 and started again resyncs from the store and adopts its lab; terminate
 * removes the instance's namespace, and SIGTERM removes the lab.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNamespaces } from '../../src/enforce/lab/system.ts';
import { tearDownLab } from '../../src/enforce/lab/teardown.ts';
import { hasAwsCli, requireClient } from '../helpers/real-clients.ts';
import { runRampart, startTestServer, type TestServer } from '../helpers/server.ts';
import { holdConnection, kernelAvailable, randomTag, startEchoServers, stopAllStarted } from './support/kernel.ts';
import { awsOk, curl, curlViaCli, eventually, labExecBackground, labStatus, waitEnforced } from './support/serve-lab.ts';

const run = kernelAvailable('serve --enforce tutorial') && requireClient('aws CLI', hasAwsCli());
const PREFIX = `rampart-t-${randomTag()}-`;
const OFFICE = '198.51.100.7';
const STRANGER = '192.0.2.99';
let server: TestServer;
const ids: Record<string, string> = {};
let webPublic = '';
let webPrivate = '';
let dbPrivate = '';
/** Set once the server was restarted on its data directory, which the test then removes itself. */
let ownDataDir: string | undefined;
const started: ChildProcess[] = [];

const ns = (id: string): string => `${PREFIX}${id}`;

describe.runIf(run)('rampart serve --enforce, driven by the aws CLI', () => {
  beforeAll(async () => {
    server = await startTestServer({ args: ['--enforce', '--lab-prefix', PREFIX] });
  }, 60_000);
  afterAll(async () => {
    stopAllStarted();
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    const code = await server?.stop();
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    // SIGTERM tears the lab down; this only cleans up after a failure.
    const left = (await listNamespaces()).filter((n) => n.startsWith(PREFIX));
    await tearDownLab(PREFIX);
    expect(code).toBe(0);
    expect(left).toEqual([]);
  }, 60_000);

  it('an instance in a new public subnet answers curl from the internet through a wide-open group', async () => {
    const vpc = await awsOk(server, 'create-vpc', '--cidr-block', '10.0.0.0/16', '--query', 'Vpc.VpcId');
    const [subnet, igw, rtb, web] = await Promise.all([
      awsOk(server, 'create-subnet', '--vpc-id', vpc, '--cidr-block', '10.0.1.0/24', '--query', 'Subnet.SubnetId'),
      awsOk(server, 'create-internet-gateway', '--query', 'InternetGateway.InternetGatewayId'),
      awsOk(server, 'create-route-table', '--vpc-id', vpc, '--query', 'RouteTable.RouteTableId'),
      awsOk(server, 'create-security-group', '--group-name', 'web', '--description', 'Web servers', '--vpc-id', vpc, '--query', 'GroupId'),
    ]);
    Object.assign(ids, { vpc, subnet, igw, rtb, web });
    await awsOk(server, 'attach-internet-gateway', '--internet-gateway-id', igw, '--vpc-id', vpc);
    await Promise.all([
      awsOk(server, 'create-route', '--route-table-id', rtb, '--destination-cidr-block', '0.0.0.0/0', '--gateway-id', igw),
      awsOk(server, 'associate-route-table', '--route-table-id', rtb, '--subnet-id', subnet),
      awsOk(server, 'authorize-security-group-ingress', '--group-id', web, '--protocol', 'all', '--cidr', '0.0.0.0/0'),
    ]);
    // A new VPC gets its router namespace as soon as it exists.
    expect(await listNamespaces()).toContain(ns(`router-${vpc}`));
    ids.webInstance = await awsOk(server, 'run-instances', '--image-id', 'ami-0abcdef1234567890', '--subnet-id', subnet, '--security-group-ids', web, '--associate-public-ip-address', '--query', 'Instances[0].InstanceId');
    [webPrivate, webPublic] = (await awsOk(server, 'describe-instances', '--instance-ids', ids.webInstance, '--query', 'Reservations[0].Instances[0].[PrivateIpAddress,PublicIpAddress]')).split(/\s+/);
    const status = await waitEnforced(server);
    expect(status.instances.find((i) => i.instanceId === ids.webInstance)).toMatchObject({ namespace: ns(ids.webInstance), publicIps: [webPublic], host: null });

    labExecBackground(PREFIX, ids.webInstance, ['sh', '-c', 'python3 -m http.server 80 & python3 -m http.server 8080 & python3 -m http.server 22 & wait']);
    expect(await eventually(() => curl(PREFIX, 'internet', `http://${webPublic}/`), '200')).toBe('200');
    expect(await curlViaCli(PREFIX, 'internet', `http://${webPublic}/`)).toBe('200');
    expect(await curl(PREFIX, 'internet', `http://${webPublic}:8080/`)).toBe('200');
  }, 120_000);

  it('tightened to 80/443: port 8080 times out, 80 still answers', async () => {
    await awsOk(server, 'revoke-security-group-ingress', '--group-id', ids.web, '--protocol', 'all', '--cidr', '0.0.0.0/0');
    await awsOk(server, 'authorize-security-group-ingress', '--group-id', ids.web, '--ip-permissions', 'IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=0.0.0.0/0}]', 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]');
    await waitEnforced(server);
    const [to8080, to80] = await Promise.all([curl(PREFIX, 'internet', `http://${webPublic}:8080/`), curl(PREFIX, 'internet', `http://${webPublic}/`)]);
    expect(to8080).toBe('timeout');
    expect(to80).toBe('200');
  }, 60_000);

  it('port 22 only from the office /32', async () => {
    await awsOk(server, 'authorize-security-group-ingress', '--group-id', ids.web, '--protocol', 'tcp', '--port', '22', '--cidr', `${OFFICE}/32`);
    await waitEnforced(server);
    const [office, stranger] = await Promise.all([curl(PREFIX, 'internet', `http://${webPublic}:22/`, OFFICE), curl(PREFIX, 'internet', `http://${webPublic}:22/`, STRANGER)]);
    expect(office).toBe('200');
    expect(stranger).toBe('timeout');
  }, 60_000);

  it('the database answers 3306 only to members of the app group', async () => {
    const [app, db] = await Promise.all([
      awsOk(server, 'create-security-group', '--group-name', 'app', '--description', 'App servers', '--vpc-id', ids.vpc, '--query', 'GroupId'),
      awsOk(server, 'create-security-group', '--group-name', 'db', '--description', 'Database', '--vpc-id', ids.vpc, '--query', 'GroupId'),
    ]);
    Object.assign(ids, { app, db });
    await awsOk(server, 'authorize-security-group-ingress', '--group-id', db, '--protocol', 'tcp', '--port', '3306', '--source-group', app);
    ids.dbInstance = await awsOk(server, 'run-instances', '--image-id', 'ami-0abcdef1234567890', '--subnet-id', ids.subnet, '--security-group-ids', db, '--query', 'Instances[0].InstanceId');
    dbPrivate = await awsOk(server, 'describe-instances', '--instance-ids', ids.dbInstance, '--query', 'Reservations[0].Instances[0].PrivateIpAddress');
    await awsOk(server, 'modify-instance-attribute', '--instance-id', ids.webInstance, '--groups', ids.web, app);
    await waitEnforced(server);
    // Straight into the namespace `lab exec` would use (the first test shows `lab exec` itself): one CLI start less.
    started.push(spawn('ip', ['netns', 'exec', ns(ids.dbInstance), 'python3', '-m', 'http.server', '3306'], { stdio: 'ignore' }));
    expect(await eventually(() => curl(PREFIX, ids.webInstance, `http://${dbPrivate}:3306/`), '200')).toBe('200');
    // Leaving the group is one membership element: the next connection is refused service.
    await awsOk(server, 'modify-instance-attribute', '--instance-id', ids.webInstance, '--groups', ids.web);
    await waitEnforced(server);
    expect(await curl(PREFIX, ids.webInstance, `http://${dbPrivate}:3306/`)).toBe('timeout');
    await awsOk(server, 'modify-instance-attribute', '--instance-id', ids.webInstance, '--groups', ids.web, app);
  }, 120_000);

  it('a revoked rule leaves an established tracked connection alive but cuts an untracked one', async () => {
    // Tracked: 5432 to the database from the app group (a group reference). Untracked: 9000 to web from 0.0.0.0/0,
    // with web's egress all to 0.0.0.0/0 (aws-semantics.md §5.3).
    await Promise.all([
      awsOk(server, 'authorize-security-group-ingress', '--group-id', ids.db, '--protocol', 'tcp', '--port', '5432', '--source-group', ids.app),
      awsOk(server, 'authorize-security-group-ingress', '--group-id', ids.web, '--protocol', 'tcp', '--port', '9000', '--cidr', '0.0.0.0/0'),
    ]);
    await waitEnforced(server);
    await Promise.all([startEchoServers(ns(ids.dbInstance), [5432], [dbPrivate]), startEchoServers(ns(ids.webInstance), [9000], [webPrivate])]);
    const tracked = await holdConnection(ns(ids.webInstance), dbPrivate, 5432, 10, 40000 + Math.floor(Math.random() * 10000));
    const untracked = await holdConnection(`${PREFIX}internet`, webPublic, 9000, 10, 40000 + Math.floor(Math.random() * 10000));
    await new Promise((r) => setTimeout(r, 500));
    const before = { tracked: tracked.timeline().length, untracked: untracked.timeline().length };
    await Promise.all([
      awsOk(server, 'revoke-security-group-ingress', '--group-id', ids.db, '--protocol', 'tcp', '--port', '5432', '--source-group', ids.app),
      awsOk(server, 'revoke-security-group-ingress', '--group-id', ids.web, '--protocol', 'tcp', '--port', '9000', '--cidr', '0.0.0.0/0'),
    ]);
    await waitEnforced(server);
    const enforcedAt = { tracked: tracked.timeline().length, untracked: untracked.timeline().length };
    await Promise.all([tracked.done, untracked.done]);
    expect(tracked.timeline().slice(0, before.tracked)).toMatch(/^\.+$/);
    expect(untracked.timeline().slice(0, before.untracked)).toMatch(/^\.+$/);
    // One attempt of slack: an echo in flight while the rule went.
    const trackedAfter = tracked.timeline().trim().slice(enforcedAt.tracked + 1);
    const untrackedAfter = untracked.timeline().trim().slice(enforcedAt.untracked + 1);
    expect(trackedAfter, `tracked timeline ${tracked.timeline()}`).toMatch(/^\.+$/);
    expect(untrackedAfter, `untracked timeline ${untracked.timeline()}`).toMatch(/^x+$/);
  }, 90_000);

  it('killed with -9 and started again, the server resyncs from the store and adopts its lab', async () => {
    const { dataDir } = server;
    await server.kill9();
    // Nobody follows the store now: the kernel keeps the last rules.
    expect(await curl(PREFIX, 'internet', `http://${webPublic}/`)).toBe('200');
    server = await startTestServer({ dataDir, args: ['--enforce', '--lab-prefix', PREFIX] });
    ownDataDir = dataDir;
    await waitEnforced(server);
    // The same web server answers (its namespace was adopted, not rebuilt), under rules reloaded from the store.
    const [to80, to8080] = await Promise.all([curl(PREFIX, 'internet', `http://${webPublic}/`), curl(PREFIX, 'internet', `http://${webPublic}:8080/`)]);
    expect(to80).toBe('200');
    expect(to8080).toBe('timeout');
  }, 90_000);

  it('a terminated instance loses its namespace', async () => {
    await awsOk(server, 'terminate-instances', '--instance-ids', ids.dbInstance);
    const status = await waitEnforced(server);
    expect(status.instances.map((i) => i.instanceId)).not.toContain(ids.dbInstance);
    expect(await listNamespaces()).not.toContain(ns(ids.dbInstance));
    expect(await listNamespaces()).toContain(ns(ids.webInstance));
  }, 60_000);

  it('a second account gets its own router beside the first one: ids are unique per server, names never collide', async () => {
    const created = await runRampart(['accounts', 'create', '--data', server.dataDir, '--json']);
    const key = JSON.parse(created.stdout) as { accessKeyId: string; secretAccessKey: string };
    // The second account's key from the environment; no profile, no config file.
    const env: NodeJS.ProcessEnv = { ...server.clientEnv, AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_CONFIG_FILE: '/dev/null', AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1' };
    delete env.AWS_PROFILE;
    const other = await new Promise<string>((resolve, reject) =>
      execFile('aws', ['--endpoint-url', server.url, 'ec2', 'run-instances', '--image-id', 'ami-0abcdef1234567890', '--query', 'Instances[0].[InstanceId,VpcId]', '--output', 'text'], { env }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout.trim()))),
    );
    const [instanceId, vpcId] = other.split(/\s+/);
    const deadline = Date.now() + 20_000;
    while (!(await listNamespaces()).includes(ns(instanceId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const namespaces = await listNamespaces();
    expect(namespaces).toContain(ns(instanceId));
    expect(namespaces).toContain(ns(`router-${vpcId}`));
    expect(namespaces).toContain(ns(`router-${ids.vpc}`));
    expect((await labStatus(server)).instances.map((i) => i.instanceId)).not.toContain(instanceId);
  }, 60_000);

  it('answers the lab status only to signed callers', async () => {
    const unsigned = await fetch(`${server.url}/_rampart/v1/lab`);
    expect(unsigned.status).toBe(401);
    expect((await labStatus(server)).enforcing).toBe(true);
  });
});
