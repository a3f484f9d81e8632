/**
 * The differential test: random estates built for real in a namespace lab, real TCP connects, UDP exchanges
 * and ICMP echoes between instances, through public addresses and to and from the internet namespace; every
 * observed outcome must equal the engine's verdict.
 *
 * A probe succeeds when its first packet and the reply both get through. The engine's `decide()` judges the first
 * packet. The reply is allowed by the security groups in every case where the first packet was (tracked: by
 * conntrack; untracked: EC2 requires the all-ports whole-family rule in the reply's direction, docs/semantics.md
 * §5), but NACLs and routes are stateless and judge the reply afresh: so the expected outcome is
 * decide(first packet) ∧ decide(reply, with every group opened).
 *
 * Seed: RAMPART_DIFF_SEED (default: random, printed on failure).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decide, type Flow } from '../../src/engine/index.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import { parseCidr } from '../../src/core/net/cidr.ts';
import { parseIp } from '../../src/core/net/ip.ts';
import { Lab } from '../../src/enforce/lab/lab.ts';
import { LabNames } from '../../src/enforce/lab/lab-names.ts';
import { addInternetAddresses } from '../../src/enforce/lab/exec.ts';
import { kernelAvailable, randomTag, runProbes, startEchoServers, stopAllStarted, type Probe, type ProbeProtocol } from './support/kernel.ts';
import { INTERNET_V4, INTERNET_V6, PORT_POOL, randomEstate, seededRandom, type RandomEndpoint } from './support/random-estate.ts';

const run = kernelAvailable('enforce differential');
const ESTATES = Number(process.env.RAMPART_DIFF_ESTATES ?? 4);
const FLOWS_PER_ESTATE = Number(process.env.RAMPART_DIFF_FLOWS ?? 140);
const seed = Number(process.env.RAMPART_DIFF_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface PlannedFlow {
  readonly probe: Probe;
  /** Namespace owner: an instance id or `internet`. */
  readonly from: string;
  readonly expected: boolean;
  readonly describe: string;
}

/** Every group allows everything: what is left of a decision is NACLs and routes. */
function openGroups(s: Snapshot): Snapshot {
  const every = (groupId: string, direction: 'ingress' | 'egress') =>
    ['0.0.0.0/0', '::/0'].map((c, i) => ({ ruleId: `sgr-open-${direction}-${i}`, groupId, direction, protocol: -1, fromPort: -1, toPort: -1, peer: { kind: 'cidr' as const, cidr: parseCidr(c)! } }));
  return { ...s, securityGroups: s.securityGroups.map((g) => ({ ...g, ingress: every(g.groupId, 'ingress'), egress: every(g.groupId, 'egress') })) };
}

const protoNumber = (p: ProbeProtocol, v6: boolean): number => (p === 'tcp' ? 6 : p === 'udp' ? 17 : v6 ? 58 : 1);

function engineFlow(p: ProbeProtocol, src: string, dst: string, sport: number, dport: number, reply: boolean): Flow {
  const v6 = src.includes(':');
  const icmp = p === 'icmp';
  return {
    src: parseIp(src)!,
    dst: parseIp(dst)!,
    protocol: protoNumber(p, v6),
    srcPort: icmp ? 0 : sport,
    dstPort: icmp ? 0 : dport,
    icmpType: icmp ? (reply ? (v6 ? 129 : 0) : v6 ? 128 : 8) : -1,
    icmpCode: icmp ? 0 : -1,
  };
}

function planFlows(snapshot: Snapshot, endpoints: readonly RandomEndpoint[], random: () => number, count: number, firstPort: number): PlannedFlow[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const open = openGroups(snapshot);
  const flows: PlannedFlow[] = [];
  let sport = firstPort;
  let guard = 0;
  while (flows.length < count && guard++ < count * 20) {
    const proto = pick<ProbeProtocol>(['tcp', 'tcp', 'udp', 'icmp']);
    const dport = proto === 'icmp' ? 0 : pick(PORT_POOL);
    const fromInternet = random() < 0.3;
    const v6 = random() < 0.3;
    let from: string;
    let src: string;
    // What the reply is addressed to, as the engine sees addresses: the initiator's public address when it went
    // through the gateway's NAT.
    let replyTo: string;
    let dst: string;
    let replyFrom: string;
    if (fromInternet) {
      const target = pick(endpoints);
      from = 'internet';
      src = v6 ? pick(INTERNET_V6) : pick(INTERNET_V4);
      replyTo = src;
      if (v6) {
        if (!target.v6) continue;
        dst = target.v6;
        replyFrom = target.v6;
      } else {
        dst = random() < 0.85 && target.publicIp ? target.publicIp : target.v4; // the private address must fail
        replyFrom = target.v4;
      }
    } else {
      const source = pick(endpoints);
      from = source.instanceId;
      if (v6 && !source.v6) continue;
      src = v6 ? source.v6! : source.v4;
      const toInternet = random() < 0.2;
      if (toInternet) {
        dst = v6 ? pick(INTERNET_V6) : pick(INTERNET_V4);
        replyFrom = dst;
        replyTo = v6 ? src : (source.publicIp ?? src);
      } else {
        const target = pick(endpoints.filter((e) => e !== source));
        if (v6) {
          if (!target.v6) continue;
          dst = target.v6;
          replyFrom = dst;
          replyTo = src;
        } else {
          const viaPublic = target.publicIp !== undefined && random() < 0.3;
          dst = viaPublic ? target.publicIp! : target.secondary && random() < 0.3 ? target.secondary : target.v4;
          replyFrom = viaPublic ? target.v4 : dst;
          replyTo = viaPublic ? (source.publicIp ?? src) : src;
        }
      }
    }
    const port = proto === 'icmp' ? 0 : sport++;
    const forward = decide(snapshot, engineFlow(proto, src, dst, port, dport, false));
    const reply = decide(open, engineFlow(proto, replyFrom, replyTo, dport, port, true));
    const id = `${flows.length}`;
    flows.push({
      from,
      probe: { id, proto, src, sport: port, dst, dport, timeout: 1.2 },
      expected: forward.allowed && reply.allowed,
      describe: `${proto} ${from}(${src}):${port} -> ${dst}:${dport} engine: forward ${forward.allowed ? 'allowed' : `denied at ${forward.deniedBy}`}, reply ${reply.allowed ? 'allowed' : `denied at ${reply.deniedBy}`}`,
    });
  }
  return flows;
}

describe.runIf(run)('differential: kernel verdicts equal the engine', () => {
  afterEach(() => stopAllStarted());

  it(`${ESTATES} random estates × ${FLOWS_PER_ESTATE} flows (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    let total = 0;
    let allowed = 0;
    const mismatches: string[] = [];
    for (let e = 0; e < ESTATES; e++) {
      const { snapshot, endpoints } = randomEstate(random);
      const names = new LabNames(`rampart-t-${randomTag()}-`);
      const lab = await Lab.up(snapshot, names);
      try {
        await addInternetAddresses([...INTERNET_V4.filter((a) => a !== lab.plan.internetAddresses.v4), ...INTERNET_V6], names);
        const servers = [
          startEchoServers(lab.namespaceOf('internet'), PORT_POOL, [...INTERNET_V4, ...INTERNET_V6]),
          ...endpoints.map((ep) => startEchoServers(lab.namespaceOf(ep.instanceId), PORT_POOL, [ep.v4, ...(ep.secondary ? [ep.secondary] : []), ...(ep.v6 ? [ep.v6] : [])])),
        ];
        await Promise.all(servers);
        const flows = planFlows(snapshot, endpoints, random, FLOWS_PER_ESTATE, 33000 + e * 1000);
        const bySource = new Map<string, PlannedFlow[]>();
        for (const f of flows) bySource.set(f.from, [...(bySource.get(f.from) ?? []), f]);
        const results = await Promise.all([...bySource].map(async ([from, fs]) => runProbes(lab.namespaceOf(from), fs.map((f) => f.probe))));
        const outcome = Object.assign({}, ...results) as Record<string, string>;
        for (const f of flows) {
          total++;
          if (f.expected) allowed++;
          const observed = outcome[f.probe.id];
          if ((observed === 'ok') !== f.expected) mismatches.push(`estate ${e}: ${f.describe}; kernel: ${observed}`);
        }
      } finally {
        stopAllStarted();
        await lab.down();
      }
    }
    console.log(`differential: ${total} flows over ${ESTATES} estates, ${allowed} allowed by the engine, ${mismatches.length} mismatches (seed ${seed})`);
    expect(mismatches, `seed ${seed}`).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(500);
    // a test where everything is denied would prove little
    expect(allowed / total).toBeGreaterThan(0.08);
    expect(allowed / total).toBeLessThan(0.85);
  }, 240_000);
});
