/**
 * The EC2 Query pipeline in-process, without HTTP (bench/api.bench.ts measures it end to end): a signed
 * DescribeSecurityGroups by id — parameters, SigV4, decoding, the handler, XML — against 1,000 groups on the real
 * SQLite store, the requests signed beforehand (signing is the client's cost). Prints CPU and wall time per request,
 * best of N rounds, and what the same loop costs when the caches are cold.
 *
 *   node --import tsx bench/api-pipeline.bench.ts [--requests 30000] [--rounds 3] [--thrash-kb 8192]
 *
 * Why "cold": in the server, between two requests, the kernel's TCP stack and node:http run over the same CPU caches,
 * and the pipeline costs about twice what it does here (docs/api.md "Speed"). `--thrash-kb N` touches N kB of memory
 * before each request to show that effect in-process (0 turns it off).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QUOTAS } from '../src/core/quotas.ts';
import type { SignedHttpRequest } from '../src/protocol/auth/sigv4.ts';
import { createAccount } from '../src/service/accounts/account-registry.ts';
import { ControlPlane } from '../src/service/control-plane.ts';
import { controlPlanePipeline, keyLookups } from '../src/server/query-pipeline.ts';
import { openStore } from '../src/store/open-store.ts';
import { SigV4Signer, firstTag, formBody } from './api/query-client.ts';
import { loadAverage } from './support/measure.ts';
import { numberArg } from './support/args.ts';

const REQUESTS = numberArg('--requests', 30_000);
const ROUNDS = numberArg('--rounds', 3);
const THRASH_KB = numberArg('--thrash-kb', 8192);
const GROUPS = 1000;
const HOST = '127.0.0.1:8787';

const dir = mkdtempSync(join(tmpdir(), 'rampart-pipeline-bench-'));
const store = await openStore(dir);
try {
  const { key } = await createAccount(store);
  const plane = new ControlPlane({ store, quotas: DEFAULT_QUOTAS });
  // Wired as rampart serve wires it, the key cache's synchronous lookup included.
  const pipeline = controlPlanePipeline({ plane, keys: keyLookups(store, plane), auth: 'on', onInternalError: (e) => console.error(e) });
  const signer = new SigV4Signer({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, region: 'us-east-1' });
  const request = (body: string): SignedHttpRequest => ({ method: 'POST', url: '/', headers: { host: HOST, ...signer.headers(HOST, body) }, body });
  const call = async (action: string, params: Record<string, string | number> = {}): Promise<string> => {
    const answer = await pipeline.handle(request(formBody(action, params)));
    if (answer.status !== 200) throw new Error(`${action}: ${answer.status} ${answer.body}`);
    return answer.body;
  };

  const vpcId = firstTag(await call('CreateVpc', { CidrBlock: '10.0.0.0/16' }), 'vpcId') ?? '';
  const groups: string[] = [];
  for (let i = 0; i < GROUPS; i++) groups.push(firstTag(await call('CreateSecurityGroup', { GroupName: `g${i}`, GroupDescription: 'bench', VpcId: vpcId }), 'groupId') ?? '');
  const describes = groups.map((g) => request(formBody('DescribeSecurityGroups', { 'GroupId.1': g })));
  const junk = new Uint32Array((THRASH_KB * 1024) / 4);

  const round = async (thrash: boolean): Promise<{ cpu: number; wall: number }> => {
    let inside = 0;
    let sink = 0;
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < REQUESTS; i++) {
      // One touch per 64-byte cache line.
      if (thrash) for (let j = 0; j < junk.length; j += 16) sink += junk[j]++;
      const t0 = performance.now();
      const answer = await pipeline.handle(describes[(i * 7919) % GROUPS]);
      inside += performance.now() - t0;
      if (answer.status !== 200) throw new Error(answer.body);
    }
    const used = process.cpuUsage(cpu0);
    if (sink < 0) process.stdout.write('');
    // With the thrashing, CPU time would count the touching too: report the time inside the pipeline instead.
    return { cpu: thrash ? (inside * 1000) / REQUESTS : (used.user + used.system) / REQUESTS, wall: (inside * 1000) / REQUESTS };
  };

  process.stdout.write(`EC2 Query pipeline, DescribeSecurityGroups by id, ${GROUPS} groups, ${REQUESTS} requests per round, load ${loadAverage().toFixed(1)}\n`);
  for (let i = 0; i < 3000; i++) await pipeline.handle(describes[i % GROUPS]);
  const best = (rs: { cpu: number; wall: number }[]): { cpu: number; wall: number } => rs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  const warm: { cpu: number; wall: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) warm.push(await round(false));
  const w = best(warm);
  process.stdout.write(`  warm caches: ${w.cpu.toFixed(1)} µs of CPU per request (${w.wall.toFixed(1)} µs inside the pipeline), best of ${ROUNDS}\n`);
  if (THRASH_KB > 0) {
    const cold: { cpu: number; wall: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) cold.push(await round(true));
    process.stdout.write(`  ${THRASH_KB} kB touched before each request: ${best(cold).wall.toFixed(1)} µs inside the pipeline, best of ${ROUNDS}\n`);
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
