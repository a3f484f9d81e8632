/**
 * The tutorial in a real lab (README "Lab"): curl-like TCP connects succeed or time out as the rules say, from
 * "the internet" through public addresses and between instances; then the group is tightened, and a revoked rule
 * leaves an established tracked connection alive but cuts an untracked one (aws-semantics.md §5.6); a one-way UDP
 * stream is tracked from its first datagram, as in EC2, although the kernel never sees a reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../src/enforce/lab/lab.ts';
import { LabNames } from '../../src/enforce/lab/lab-names.ts';
import { addInternetAddresses } from '../../src/enforce/lab/exec.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import { holdConnection, kernelAvailable, randomTag, runProbes, sendUdpStream, startEchoServers, startUdpSink, stopAllStarted, type Probe, type ProbeProtocol } from './support/kernel.ts';
import { peer } from './support/snapshot-builder.ts';
import { OFFICE_IP, tutorialSnapshot } from './support/tutorial-snapshot.ts';

const run = kernelAvailable('enforce lab tutorial');
const names = new LabNames(`rampart-t-${randomTag()}-`);
const STRANGER = '192.0.2.99';
const PORTS = [22, 80, 443, 3306, 8080, 9000];
let lab: Lab;
let snapshot: Snapshot;
let nextPort = 20000 + Math.floor(Math.random() * 10000);

function probe(proto: ProbeProtocol, src: string, dst: string, dport: number): Probe {
  return { id: `${proto} ${src} -> ${dst}:${dport}`, proto, src, sport: nextPort++, dst, dport, timeout: 1 };
}

/** Probes from one namespace; returns the outcomes in the order given. */
async function outcomes(from: string, probes: readonly Probe[]): Promise<string[]> {
  const r = await runProbes(lab.namespaceOf(from), probes);
  return probes.map((p) => r[p.id]);
}

function revoke(s: Snapshot, groupId: string, predicate: (r: Snapshot['securityGroups'][number]['ingress'][number]) => boolean): Snapshot {
  return { ...s, securityGroups: s.securityGroups.map((g) => (g.groupId === groupId ? { ...g, ingress: g.ingress.filter((r) => !predicate(r)) } : g)) };
}

describe.runIf(run)('the tutorial in a namespace lab', () => {
  beforeAll(async () => {
    snapshot = tutorialSnapshot();
    lab = await Lab.up(snapshot, names);
    await addInternetAddresses([OFFICE_IP, STRANGER], names);
    await startEchoServers(lab.namespaceOf('i-0web'), PORTS, ['10.20.1.10', '2001:db8:20:1::10']);
    await startEchoServers(lab.namespaceOf('i-0other'), PORTS, ['10.20.1.20']);
    await startEchoServers(lab.namespaceOf('i-0db'), PORTS, ['10.20.2.30', '2001:db8:20:2::30']);
  });
  afterAll(async () => {
    stopAllStarted();
    await lab?.down();
  });

  it('web ports answer on the public address from anywhere; other ports time out; private addresses are unreachable', async () => {
    expect(
      await outcomes('internet', [
        probe('tcp', STRANGER, '203.0.113.10', 80),
        probe('tcp', STRANGER, '203.0.113.10', 443),
        probe('tcp', STRANGER, '203.0.113.10', 9000),
        probe('tcp', '2001:db8:ffff:ffff::1', '2001:db8:20:1::10', 80),
        probe('tcp', '2001:db8:ffff:ffff::1', '2001:db8:20:1::10', 443),
        probe('icmp', STRANGER, '203.0.113.10', 0),
      ]),
    ).toEqual(['ok', 'ok', 'timeout', 'ok', 'timeout', 'timeout']);
    const [toPrivate] = await outcomes('internet', [probe('tcp', STRANGER, '10.20.1.10', 80)]);
    expect(toPrivate).not.toBe('ok');
  });

  it('SSH only from the office /32', async () => {
    expect(await outcomes('internet', [probe('tcp', OFFICE_IP, '203.0.113.10', 22), probe('tcp', STRANGER, '203.0.113.10', 22)])).toEqual(['ok', 'timeout']);
  });

  it('the database answers 3306 only to the app group, across the private subnet NACL', async () => {
    expect(await outcomes('i-0web', [probe('tcp', '10.20.1.10', '10.20.2.30', 3306), probe('tcp', '10.20.1.10', '10.20.2.30', 80), probe('tcp', '2001:db8:20:1::10', '2001:db8:20:2::30', 3306)])).toEqual(['ok', 'timeout', 'timeout']);
    expect(await outcomes('i-0other', [probe('tcp', '10.20.1.20', '10.20.2.30', 3306), probe('icmp', '10.20.1.20', '10.20.1.10', 0), probe('tcp', '10.20.1.20', '203.0.113.10', 8080)])).toEqual(['timeout', 'ok', 'ok']);
  });

  it('tightened to 80/443: port 8080 times out at once', async () => {
    snapshot = revoke(snapshot, 'sg-0web', (r) => r.protocol === 6 && r.fromPort === 8080);
    const reports = await lab.apply(snapshot);
    expect(reports.get('vpc-0tutorial')?.kind).toBe('incremental');
    expect(await outcomes('internet', [probe('tcp', STRANGER, '203.0.113.10', 8080), probe('tcp', STRANGER, '203.0.113.10', 80)])).toEqual(['timeout', 'ok']);
  });

  it('a revoked rule leaves an established tracked connection alive but cuts an untracked one', async () => {
    // Tracked: 3306 from a group reference. Untracked: 80 from 0.0.0.0/0 with all egress to 0.0.0.0/0 (§5.3).
    const tracked = await holdConnection(lab.namespaceOf('i-0web'), '10.20.2.30', 3306, 4, nextPort++);
    const untracked = await holdConnection(lab.namespaceOf('internet'), '203.0.113.10', 80, 4, nextPort++);
    await new Promise((r) => setTimeout(r, 700));
    snapshot = revoke(revoke(snapshot, 'sg-0db', (r) => r.fromPort === 3306), 'sg-0web', (r) => r.fromPort === 80 && r.peer.kind === 'cidr' && r.peer.cidr.family === 4);
    await lab.apply(snapshot);
    const revokedAt = { tracked: tracked.timeline().length, untracked: untracked.timeline().length };
    await Promise.all([tracked.done, untracked.done]);
    const trackedAfter = tracked.timeline().trim().slice(revokedAt.tracked);
    const untrackedAfter = untracked.timeline().trim().slice(revokedAt.untracked + 1);
    expect(tracked.timeline().slice(0, revokedAt.tracked)).toMatch(/^\.+$/);
    expect(untracked.timeline().slice(0, revokedAt.untracked)).toMatch(/^\.+$/);
    expect(trackedAfter, `tracked timeline ${tracked.timeline()}`).toMatch(/^\.+$/);
    expect(untrackedAfter, `untracked timeline ${untracked.timeline()}`).toMatch(/^x+$/);
    // and new connections are refused service on both
    expect(await outcomes('i-0web', [probe('tcp', '10.20.1.10', '10.20.2.30', 3306)])).toEqual(['timeout']);
    expect(await outcomes('internet', [probe('tcp', STRANGER, '203.0.113.10', 80)])).toEqual(['timeout']);
  });

  it('a one-way UDP stream admitted by its first datagram stays tracked after the rule is revoked; a new stream is refused', async () => {
    // udp 5353 to i-0other from sg-app (i-0web): a group reference, so tracked at both ends (docs/semantics.md §5).
    const ruleId = 'sgr-udp5353';
    snapshot = { ...snapshot, securityGroups: snapshot.securityGroups.map((g) => (g.groupId === 'sg-0web' ? { ...g, ingress: [...g.ingress, { ruleId, groupId: g.groupId, direction: 'ingress' as const, protocol: 17, fromPort: 5353, toPort: 5353, peer: peer('sg-0app') }] } : g)) };
    await lab.apply(snapshot);
    const sink = await startUdpSink(lab.namespaceOf('i-0other'), '10.20.1.20', 5353);
    const first = await sendUdpStream(lab.namespaceOf('i-0web'), '10.20.1.20', 5353, nextPort++, 2.5);
    await new Promise((r) => setTimeout(r, 600));
    snapshot = revoke(snapshot, 'sg-0web', (r) => r.ruleId === ruleId);
    expect((await lab.apply(snapshot)).get('vpc-0tutorial')?.kind).toBe('incremental');
    const sentBeforeRevoke = first.sent();
    const second = await sendUdpStream(lab.namespaceOf('i-0web'), '10.20.1.20', 5353, nextPort++, 1);
    const [sentFirst] = await Promise.all([first.done, second.done]);
    await new Promise((r) => setTimeout(r, 300));
    const fromFirst = sink.received().filter((l) => l.startsWith(`${nextPort - 2}:`)).length;
    const fromSecond = sink.received().filter((l) => l.startsWith(`${nextPort - 1}:`)).length;
    expect(sentBeforeRevoke).toBeGreaterThan(2);
    expect(fromFirst, `received ${fromFirst} of ${sentFirst}`).toBeGreaterThan(sentBeforeRevoke + 5);
    expect(fromSecond).toBe(0);
  });
});
