/**
 * What the API benchmark's describe by id cannot go below on this machine: the same load generator
 * (bench/api/load.ts, 8 connections) against Rampart's fastify wiring with a pipeline that does nothing
 * (bench/api/http-floor-server.ts). Prints req/s, p50/p99 and the server's CPU time per request, to read beside the
 * "DescribeSecurityGroups by id" rows of bench/api.bench.ts (docs/api.md "Speed").
 *
 *   node --import tsx bench/api-floor.bench.ts [--seconds 5] [--runs 3]
 *
 * FLOOR_WORK_US=N adds N µs of busy work per request in the server (what the pipeline's cost does to the rate).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad } from './api/load.ts';
import { formBody } from './api/query-client.ts';
import { loadAverage } from './support/measure.ts';
import { numberArg } from './support/args.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/api/http-floor-server.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const cpuMillis = (): number => {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
try {
  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    child.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/[^\s/]+)\//.exec(String(d));
      if (m) resolveEndpoint(m[1]);
    });
  });
  // The server checks no signature; the key only makes requests the same size as the real benchmark's.
  const key = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' };
  const body = formBody('DescribeSecurityGroups', { 'GroupId.1': 'sg-0123456789abcdef0' });
  for (let run = 0; run < numberArg('--runs', 3); run++) {
    const cpu0 = cpuMillis();
    const started = performance.now();
    const r = await runLoad({ endpoint, key, connections: 8, warmupMs: 1000, durationMs: numberArg('--seconds', 5) * 1000, step: () => [body] });
    const operations = r.perSecond * ((performance.now() - started) / 1000);
    process.stdout.write(
      `HTTP floor: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, server CPU ${((cpuMillis() - cpu0) / operations).toFixed(3)} ms/req (load ${loadAverage().toFixed(1)})\n`,
    );
  }
} finally {
  child.kill('SIGTERM');
}
