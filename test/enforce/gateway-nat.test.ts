/**
 * The inbound 1:1 NAT runs in an ingress chain bound to the gateway link (base-chains.ts), so packets between
 * instances pay no hook for it. Two things that differ from the prerouting hook it replaced are proved here: it
 * runs before defragmentation, yet a fragmented datagram to a public address arrives intact (and its answer
 * returns); and the chain is bound to the link by name, so the gateway link may be deleted, the table replaced
 * while it is missing, and the link made again: the NAT works at once, without touching the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/enforce/apply/run-command.ts';
import { GATEWAY_LINK } from '../../src/enforce/compile/nft-names.ts';
import { addInternetAddresses } from '../../src/enforce/lab/exec.ts';
import { Lab } from '../../src/enforce/lab/lab.ts';
import { LabNames, ROUTER_TABLE } from '../../src/enforce/lab/lab-names.ts';
import { ipBatch, ipBatchLenient, setSysctls } from '../../src/enforce/lab/system.ts';
import type { Snapshot } from '../../src/core/model/snapshot.ts';
import { kernelAvailable, randomTag, runProbes, startEchoServers, stopAllStarted, type Probe } from './support/kernel.ts';
import { SnapshotBuilder, all, tcp, udp } from './support/snapshot-builder.ts';

const run = kernelAvailable('gateway NAT in an ingress chain');
const names = new LabNames(`rampart-t-${randomTag()}-`);
const STRANGER = '192.0.2.77';
const PUBLIC = '203.0.113.40';
const PRIVATE = '10.30.1.40';
let lab: Lab;
let nextPort = 30000 + Math.floor(Math.random() * 10000);

function estate(): Snapshot {
  return new SnapshotBuilder()
    .vpc('vpc-0nat', '10.30.0.0/16')
    .subnet('subnet-0nat', 'vpc-0nat', '10.30.1.0/24')
    .internetGateway('igw-0nat', 'vpc-0nat')
    .routeTable('rtb-0nat', 'vpc-0nat', { main: true, routes: [['10.30.0.0/16', 'local'], ['0.0.0.0/0', 'igw-0nat']] })
    .group('sg-0nat', 'vpc-0nat', { ingress: [tcp(80, '0.0.0.0/0'), udp(9000, '0.0.0.0/0')], egress: [all('0.0.0.0/0')] })
    .instance('i-0nat', { subnetId: 'subnet-0nat', privateIps: [PRIVATE], publicIp: PUBLIC, groups: ['sg-0nat'] })
    .build();
}

/** One UDP datagram of `size` bytes from the internet to the public address (fragmented above 1472): echoed back whole? */
async function bigDatagramEchoed(size: number): Promise<string> {
  const script = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("${STRANGER}", ${nextPort++})); s.settimeout(1.0)
payload = bytes(i % 251 for i in range(${size}))
for attempt in range(3):
    s.sendto(payload, ("${PUBLIC}", 9000))
    try:
        got, peer = s.recvfrom(65535)
        print("ok" if got == payload and peer == ("${PUBLIC}", 9000) else "error:badreply"); sys.exit(0)
    except socket.timeout:
        pass
print("timeout")`;
  return (await runCommand(['ip', 'netns', 'exec', lab.namespaceOf('internet'), 'python3', '-c', script])).stdout.trim();
}

async function tcpFromInternet(): Promise<string> {
  const p: Probe = { id: 'tcp', proto: 'tcp', src: STRANGER, sport: nextPort++, dst: PUBLIC, dport: 80, timeout: 1 };
  return (await runProbes(lab.namespaceOf('internet'), [p]))[p.id];
}

describe.runIf(run)('the inbound NAT as an ingress chain on the gateway link', () => {
  beforeAll(async () => {
    lab = await Lab.up(estate(), names);
    await addInternetAddresses([STRANGER], names);
    await startEchoServers(lab.namespaceOf('i-0nat'), [80, 9000], [PRIVATE]);
  });
  afterAll(async () => {
    stopAllStarted();
    await lab?.down();
  });

  it('translates before defragmentation without breaking a fragmented datagram, both ways', async () => {
    const chain = (await runCommand(['ip', 'netns', 'exec', lab.routerNamespace('vpc-0nat'), 'nft', 'list', 'chain', 'inet', ROUTER_TABLE, 'nat_in'])).stdout;
    expect(chain).toContain(`hook ingress device "${GATEWAY_LINK}"`);
    expect(await bigDatagramEchoed(100)).toBe('ok');
    expect(await bigDatagramEchoed(4000)).toBe('ok');
    expect(await tcpFromInternet()).toBe('ok');
  });

  it('survives the gateway link going away: the table reloads without it, and the link made again is bound at once', async () => {
    const router = lab.routerNamespace('vpc-0nat');
    await runCommand(['ip', '-n', router, 'link', 'del', GATEWAY_LINK]);
    expect(await tcpFromInternet()).not.toBe('ok');
    // A full replace of the table while the link is missing (what the enforcer does after any failure).
    await lab.resync(estate());

    // The link made again exactly as the plan makes it; the table is not touched after this point.
    const gatewayVeth = lab.plan.veths.find((v) => v.a.namespace === router && v.a.link === GATEWAY_LINK)!;
    await ipBatch(undefined, [`link add ${gatewayVeth.a.link} netns ${gatewayVeth.a.namespace} type veth peer name ${gatewayVeth.b.link} netns ${gatewayVeth.b.namespace}`]);
    for (const n of lab.plan.namespaces.filter((p) => p.name === router || p.name === gatewayVeth.b.namespace)) {
      await ipBatchLenient(n.name, n.ipCommands);
      await setSysctls(n.name, n.linkSysctls);
    }
    expect(await tcpFromInternet()).toBe('ok');
    expect(await bigDatagramEchoed(4000)).toBe('ok');
  });
});
