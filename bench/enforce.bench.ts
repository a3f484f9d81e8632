/**
 * Enforcement benchmark, one run, printed beside the targets of issue 4 and the baselines measured by hand in
 * shared/reference/enforcement.md §5:
 *   1. compile + load time at 1k, 10k and 100k rules (100 rules per group, 10 interfaces per 100 rules, each
 *      interface in 3 groups, rule 0 of each group a group reference): baseline 5.2–5.5 s at 100k (hand-made).
 *   2. one rule change at 10k rules, from the new snapshot to the kernel (compile + diff + nft): target p99 ≤ 50 ms.
 *   3. between two lab instances: iperf3 TCP, iperf3 UDP 64-byte packets/s, new TCP connections/s, with no
 *      ruleset, with Rampart's ruleset at 10k rules (all on the server's interface: 16 groups, the worst case), and
 *      with a naive 10k-line chain. Targets at 10k: ≥80% of the no-ruleset connection rate, ≥90% of its UDP packet
 *      rate and TCP throughput.
 * Run as root: `npm run bench:enforce` (about 2 minutes). Namespaces: rampart-b-*; all removed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { RulesetApplier } from '../src/enforce/apply/applier.ts';
import { namespaceNft } from '../src/enforce/apply/nft-runner.ts';
import { runCommand } from '../src/enforce/apply/run-command.ts';
import { compileRouterRuleset } from '../src/enforce/compile/compile.ts';
import { renderFullLoad } from '../src/enforce/compile/render.ts';
import { Lab } from '../src/enforce/lab/lab.ts';
import { LabNames, ROUTER_TABLE } from '../src/enforce/lab/lab-names.ts';
import { tearDownLab } from '../src/enforce/lab/teardown.ts';
import type { Snapshot } from '../src/core/model/snapshot.ts';
import { SnapshotBuilder, all, cidr, tcp, type RuleSpec } from '../test/enforce/support/snapshot-builder.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const PREFIX = 'rampart-b-';

const cidrOf = (i: number): string => `100.${64 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${(i & 255) & 0xf0}/28`;
const portOf = (i: number): number => 1000 + (i % 50000);

/** `groups` groups of `perGroup` rules, `interfaces` interfaces in 3 groups each, one VPC and subnet. */
function scaleSnapshot(groups: number, perGroup: number, interfaces: number): Snapshot {
  const b = new SnapshotBuilder().vpc('vpc-0bench', '10.0.0.0/8').subnet('subnet-0bench', 'vpc-0bench', '10.0.0.0/9');
  for (let g = 0; g < groups; g++) {
    const rules: RuleSpec[] = [tcp(portOf(g), `sg-0g${(g + 1) % groups}`)];
    for (let r = 1; r < perGroup; r++) rules.push(tcp(portOf(g * perGroup + r), cidrOf(g * perGroup + r), portOf(g * perGroup + r) + 9));
    b.group(`sg-0g${g}`, 'vpc-0bench', { ingress: rules, egress: [all('0.0.0.0/0')] });
  }
  for (let e = 0; e < interfaces; e++) {
    b.instance(`i-0e${e}`, { subnetId: 'subnet-0bench', privateIps: [`10.${1 + (e >> 16)}.${(e >> 8) & 255}.${e & 255}`], groups: [0, 1, 2].map((k) => `sg-0g${(e * 7 + k) % groups}`) });
  }
  return b.build();
}

const ms = (t0: number): number => performance.now() - t0;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function loadTimes(): Promise<void> {
  console.log('\n1. compile + load (one nft -f transaction)            baseline: hand-made 1000×100 rules, 10k ENIs: 5.2–5.5 s');
  const ns = `${PREFIX}load`;
  await runCommand(['ip', 'netns', 'add', ns]);
  try {
    for (const [rules, groups, interfaces] of [[1000, 10, 100], [10_000, 100, 1000], [100_000, 1000, 10_000]] as const) {
      const snapshot = scaleSnapshot(groups, rules / groups, interfaces);
      let t0 = performance.now();
      const ruleset = compileRouterRuleset(snapshot, { vpcId: 'vpc-0bench', table: ROUTER_TABLE });
      const text = renderFullLoad(ruleset);
      const compileMs = ms(t0);
      t0 = performance.now();
      await namespaceNft(ns).run(text);
      const loadMs = ms(t0);
      console.log(`   ${String(rules).padStart(6)} rules, ${String(interfaces).padStart(5)} interfaces: compile ${compileMs.toFixed(0)} ms + load ${loadMs.toFixed(0)} ms = ${((compileMs + loadMs) / 1000).toFixed(2)} s`);
    }
  } finally {
    await runCommand(['ip', 'netns', 'del', ns]);
  }
}

async function changeLatency(): Promise<void> {
  console.log('\n2. one rule change at 10k rules, snapshot → kernel (compile + diff + nft)      target: p99 ≤ 50 ms');
  const ns = `${PREFIX}change`;
  await runCommand(['ip', 'netns', 'add', ns]);
  try {
    const base = scaleSnapshot(100, 100, 1000);
    const applier = new RulesetApplier(namespaceNft(ns));
    await applier.resync(compileRouterRuleset(base, { vpcId: 'vpc-0bench', table: ROUTER_TABLE }));
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const g = base.securityGroups[(i * 13) % base.securityGroups.length];
      const extra = { ruleId: `sgr-bench${i}`, groupId: g.groupId, direction: 'ingress' as const, protocol: 6, fromPort: 443, toPort: 443, peer: { kind: 'cidr' as const, cidr: cidr(`192.0.${i}.0/24`) } };
      const changed: Snapshot = { ...base, securityGroups: base.securityGroups.map((x) => (x === g ? { ...x, ingress: [...x.ingress, extra] } : x)) };
      const t0 = performance.now();
      const report = await applier.apply(compileRouterRuleset(i % 2 === 0 ? changed : base, { vpcId: 'vpc-0bench', table: ROUTER_TABLE }));
      times.push(ms(t0));
      if (report.kind !== 'incremental') throw new Error(`expected an incremental change, got ${report.kind}`);
    }
    console.log(`   p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${times.length} changes`);
  } finally {
    await runCommand(['ip', 'netns', 'del', ns]);
  }
}

const CRR_C = `#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
int main(int c,char**v){if(!strcmp(v[1],"server")){int s=socket(AF_INET,SOCK_STREAM,0),one=1;setsockopt(s,SOL_SOCKET,SO_REUSEADDR,&one,sizeof one);
struct sockaddr_in a={0};a.sin_family=AF_INET;a.sin_port=htons(atoi(v[2]));bind(s,(void*)&a,sizeof a);listen(s,4096);
for(;;){int k=accept(s,0,0);if(k>=0){char b[8];if(read(k,b,8)>0)write(k,b,1);close(k);}}}
struct sockaddr_in a={0};a.sin_family=AF_INET;a.sin_port=htons(atoi(v[3]));inet_pton(AF_INET,v[2],&a.sin_addr);
double end=now()+atof(v[4]),t0=now();long n=0;struct linger lg={1,0};
while(now()<end){int k=socket(AF_INET,SOCK_STREAM,0);setsockopt(k,SOL_SOCKET,SO_LINGER,&lg,sizeof lg);char b=1;
if(connect(k,(void*)&a,sizeof a)==0&&write(k,&b,1)==1&&read(k,&b,1)==1)n++;close(k);}
printf("%.0f\\n",n/(now()-t0));return 0;}`;

async function throughput(): Promise<void> {
  console.log('\n3. two instances through the router (iperf3 TCP, iperf3 UDP 64 B, connect-request-response)');
  if (spawnSync('sh', ['-c', 'command -v iperf3 && command -v cc']).status !== 0) {
    console.log('   skipped: iperf3 and a C compiler are needed (scripts/setup.sh installs iperf3)');
    return;
  }
  writeFileSync('/tmp/rampart-bench-crr.c', CRR_C);
  await runCommand(['cc', '-O2', '-o', '/tmp/rampart-bench-crr', '/tmp/rampart-bench-crr.c']);
  // Server: 16 groups × 625 rules = 10k non-matching CIDR rules, plus the rule that admits the client.
  const b = new SnapshotBuilder().vpc('vpc-0tput', '10.50.0.0/16').subnet('subnet-0tput', 'vpc-0tput', '10.50.1.0/24');
  const heavy = Array.from({ length: 16 }, (_, g) => `sg-0heavy${g}`);
  heavy.forEach((id, g) => b.group(id, 'vpc-0tput', { ingress: Array.from({ length: 625 }, (_, r) => tcp(portOf(g * 625 + r), cidrOf(g * 625 + r), portOf(g * 625 + r) + 9)), egress: [] }));
  b.group('sg-0client', 'vpc-0tput', { ingress: [], egress: [all('0.0.0.0/0')] });
  b.group('sg-0serve', 'vpc-0tput', { ingress: [tcp(0, 'sg-0client', 65535), { protocol: 17, from: 0, to: 65535, peer: 'sg-0client' }], egress: [] });
  b.instance('i-0client', { subnetId: 'subnet-0tput', privateIps: ['10.50.1.10'], groups: ['sg-0client'] });
  b.instance('i-0server', { subnetId: 'subnet-0tput', privateIps: ['10.50.1.20'], groups: [...heavy.slice(0, 15), 'sg-0serve'] });
  const names = new LabNames(`${PREFIX}tput-`);
  const lab = await Lab.up(b.build(), names);
  const servers = [spawn('ip', ['netns', 'exec', lab.namespaceOf('i-0server'), 'iperf3', '-s'], { stdio: 'ignore' }), spawn('ip', ['netns', 'exec', lab.namespaceOf('i-0server'), '/tmp/rampart-bench-crr', 'server', '7000'], { stdio: 'ignore' })];
  const router = lab.routerNamespace('vpc-0tput');
  const client = (args: string[]) => runCommand(['ip', 'netns', 'exec', lab.namespaceOf('i-0client'), ...args]);
  const rampartText = (await namespaceNft(router).listTable(ROUTER_TABLE)).length;
  try {
    await new Promise((r) => setTimeout(r, 500));
    const naive = ['table inet rampart-naive {', '  chain forward {', '    type filter hook forward priority 0; policy accept;'];
    for (let i = 0; i < 10_000; i++) naive.push(`    ip saddr ${cidrOf(i)} tcp dport ${portOf(i)} accept`);
    naive.push('  }', '}');
    const layouts: Array<[string, string]> = [
      ['no ruleset', `delete table inet ${ROUTER_TABLE}\n`],
      ['naive 10k-line chain', naive.join('\n') + '\n'],
      ['Rampart, 10k rules', 'delete table inet rampart-naive\n'],
    ];
    const base: Record<string, number> = {};
    let applier: RulesetApplier | undefined;
    for (const [label, tx] of layouts) {
      if (label.startsWith('Rampart')) {
        await namespaceNft(router).run(tx);
        applier = new RulesetApplier(namespaceNft(router));
        await applier.resync(compileRouterRuleset(b.build(), { vpcId: 'vpc-0tput', table: ROUTER_TABLE }));
      } else await namespaceNft(router).run(tx);
      const tcpJson = JSON.parse((await client(['iperf3', '-c', '10.50.1.20', '-t', String(SECONDS), '-J'])).stdout);
      const udpJson = JSON.parse((await client(['iperf3', '-c', '10.50.1.20', '-u', '-b', '0', '-l', '64', '-t', String(SECONDS), '-J'])).stdout);
      const gbps = tcpJson.end.sum_received.bits_per_second / 1e9;
      const s = udpJson.end.sum;
      const pps = (s.packets - s.lost_packets) / s.seconds;
      const crr = Number((await client(['/tmp/rampart-bench-crr', 'client', '10.50.1.20', '7000', String(SECONDS)])).stdout.trim());
      if (label === 'no ruleset') Object.assign(base, { gbps, pps, crr });
      const rel = (v: number, k: string) => (label === 'no ruleset' ? '' : ` (${Math.round((100 * v) / base[k])}%)`);
      console.log(`   ${label.padEnd(22)} TCP ${gbps.toFixed(1)} Gbit/s${rel(gbps, 'gbps')}, UDP 64 B ${Math.round(pps / 1000)}k pps${rel(pps, 'pps')}, ${Math.round(crr)} conn/s${rel(crr, 'crr')}`);
    }
    console.log(`   (Rampart table: ${rampartText} bytes listed; targets at 10k: conn/s ≥80%, UDP pps ≥90%, TCP ≥90% of no ruleset)`);
  } finally {
    for (const s of servers) s.kill('SIGKILL');
    await lab.down();
  }
}

await tearDownLab(PREFIX);
try {
  await loadTimes();
  await changeLatency();
  await throughput();
} finally {
  await tearDownLab(PREFIX);
}
