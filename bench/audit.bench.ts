/**
 * Benchmark: audit a generated estate of 100,000 security groups / 1,000,000 rules (plus 20,000 interfaces,
 * 1,000 subnets, 100 VPCs) from describe files on disk — streamed, every check of the catalogue, the engine for the
 * reachability checks. Prints wall time per phase and peak RSS next to the targets (≤ 10 s, ≤ 2 GB; issue 3), with
 * the process's and the main thread's CPU time, which say more than wall time on a shared machine.
 *
 *   node --import tsx bench/audit.bench.ts [groups] [rules] [interfaces]
 *
 * The estate is generated once into bench/.data/ (git-ignored) and reused.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { generateEstate } from './audit/generate-estate.ts';
import { readSnapshotDirectory } from '../src/audit/sources/snapshot/snapshot-source.ts';
import { auditEstate } from '../src/audit/run/audit.ts';
import { buildReport } from '../src/audit/run/report.ts';
import { renderJson } from '../src/audit/report/json-report.ts';

const groups = Number(process.argv[2] ?? 100_000);
const rules = Number(process.argv[3] ?? 1_000_000);
const interfaces = Number(process.argv[4] ?? 20_000);
const dir = join(import.meta.dirname, '.data', `audit-${groups}-${rules}-${interfaces}`);

if (!existsSync(join(dir, 'describe-route-tables.json'))) {
  const t = performance.now();
  await generateEstate(dir, { groups, rules, interfaces });
  process.stdout.write(`generated ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}
const bytes = statSync(join(dir, 'describe-security-groups.json')).size;

/**
 * CPU seconds of the main thread alone (Linux), without V8's GC and compiler helper threads that cpuUsage() adds
 * in: those run on the other core when it is free, so the process total rises as the machine gets quieter.
 */
function mainThreadCpu(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

const main0 = mainThreadCpu();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const estate = await readSnapshotDirectory(dir);
const t1 = performance.now();
const mainRead = mainThreadCpu();
// Per check: wall ms and main-thread CPU seconds (10 ms ticks), since wall time says little on a shared machine.
const checkTimes: Array<[string, number, number]> = [];
let last = performance.now();
let lastCpu = mainRead ?? 0;
const result = auditEstate(estate, {
  onCheck: (c) => {
    const now = performance.now();
    const cpuNow = mainThreadCpu() ?? 0;
    checkTimes.push([c.id, now - last, cpuNow - lastCpu]);
    last = now;
    lastCpu = cpuNow;
  },
});
const t2 = performance.now();
const mainChecks = mainThreadCpu();
// After the last check: de-duplication, completing the drafts (fingerprints, fixes), re-rating and sorting.
checkTimes.push(['(runner)', 0, (mainChecks ?? 0) - lastCpu]);
const report = buildReport([result]);
const json = renderJson(report);
const t3 = performance.now();

const ruleCount = estate.snapshot.securityGroups.reduce((n, g) => n + g.ingress.length + g.egress.length, 0);
const peakMb = process.resourceUsage().maxRSS / 1024;
const cpu = process.cpuUsage(cpu0);
const main1 = mainThreadCpu();
const total = (t3 - t0) / 1000;
const slowest = [...checkTimes].sort((a, b) => b[2] - a[2]).slice(0, 12).map(([id, ms, cpuS]) => `${id} ${(ms / 1000).toFixed(2)} s (cpu ${cpuS.toFixed(2)})`);
const phaseCpu = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? `   main-thread cpu ${(b - a).toFixed(2)} s` : '');
process.stdout.write(
  [
    `estate: ${estate.snapshot.securityGroups.length} groups, ${ruleCount} rules, ${estate.snapshot.networkInterfaces.length} interfaces; groups file ${(bytes / 1e6).toFixed(0)} MB`,
    `read (streamed):  ${((t1 - t0) / 1000).toFixed(2)} s${phaseCpu(main0, mainRead)}`,
    `checks (${result.checks.length}):      ${((t2 - t1) / 1000).toFixed(2)} s${phaseCpu(mainRead, mainChecks)}   slowest (by cpu): ${slowest.join(', ')}`,
    `report (json):    ${((t3 - t2) / 1000).toFixed(2)} s${phaseCpu(mainChecks, main1)}   ${report.findings.length} findings, ${(json.length / 1e6).toFixed(0)} MB`,
    `total:            ${total.toFixed(2)} s   (target ≤ 10 s)  ${total <= 10 ? 'OK' : 'OVER'}`,
    `cpu time:         ${(cpu.user / 1e6).toFixed(2)} s user + ${(cpu.system / 1e6).toFixed(2)} s system (less sensitive to the machine's load than wall time)`,
    ...(main0 !== undefined && main1 !== undefined ? [`main thread cpu:  ${(main1 - main0).toFixed(2)} s (without GC helper threads: the steadiest figure on a busy machine)`] : []),
    `peak RSS:         ${peakMb.toFixed(0)} MB (target ≤ 2048 MB)  ${peakMb <= 2048 ? 'OK' : 'OVER'}`,
    `load average:     ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  ].join('\n') + '\n',
);
