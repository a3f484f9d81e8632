/**
 * Network ACL evaluation at 40 entries (goal G12), in rulegen's shape: block-list denies first, then allows
 * (performance.md §3.5/§4 G12). Random flows: uniform IPv4 remote addresses, mostly TCP, half to commonly probed
 * ports. The engine's packed first-match scan (`evaluateNetworkAcl`) is compared with a naive scan over the
 * entry objects, and every flow's deciding rule number must agree.
 */
import type { NetworkAclEntry } from '../../src/core/model/network-acl.ts';
import { cidrOf, parseCidr } from '../../src/core/net/cidr.ts';
import { NACL_NO_MATCH, NACL_STRIDE, N_RULE_NUMBER, evaluateNetworkAcl, packNetworkAclEntries } from '../../src/engine/index.ts';
import { measureRate, type RateRuns } from '../support/measure.ts';
import { SeededRandom } from '../support/random.ts';

export interface NaclFigures {
  readonly entries: number;
  readonly engine: RateRuns;
  readonly naive: RateRuns;
  readonly disagreements: number;
}

function entriesOf40(rng: SeededRandom): NetworkAclEntry[] {
  const out: NetworkAclEntry[] = [];
  let number = 100;
  const add = (e: Omit<NetworkAclEntry, 'ruleNumber' | 'egress'>) => out.push({ ruleNumber: number++, egress: false, ...e });
  for (let i = 0; i < 30; i++) {
    const length = [32, 24, 16][rng.below(3)];
    add({ action: 'deny', protocol: -1, cidr: cidrOf({ family: 4, words: [rng.nextUint32(), 0, 0, 0] }, length) });
  }
  const any = parseCidr('0.0.0.0/0')!;
  for (const port of [443, 80, 22, 8080, 8443]) add({ action: 'allow', protocol: 6, cidr: any, portRange: { from: port, to: port } });
  add({ action: 'allow', protocol: 17, cidr: any, portRange: { from: 53, to: 53 } });
  add({ action: 'allow', protocol: 1, cidr: any, icmp: { type: 8, code: -1 } });
  add({ action: 'allow', protocol: -1, cidr: parseCidr('10.0.0.0/16')! });
  add({ action: 'allow', protocol: 6, cidr: any, portRange: { from: 1024, to: 65535 } });
  add({ action: 'allow', protocol: 17, cidr: any, portRange: { from: 1024, to: 65535 } });
  return out;
}

const PROBED = [21, 22, 23, 25, 80, 110, 135, 139, 443, 445, 3306, 3389, 5432, 8080];

export function measureNacl(flows: number, runs: number): NaclFigures {
  const rng = new SeededRandom(0xac1);
  const entries = entriesOf40(rng);
  const packed = packNetworkAclEntries(entries, false);
  const remote = new Int32Array(flows);
  const protocol = new Uint8Array(flows);
  const dstPort = new Int32Array(flows);
  for (let i = 0; i < flows; i++) {
    remote[i] = rng.nextUint32() | 0;
    protocol[i] = [6, 6, 6, 17, 1][rng.below(5)];
    dstPort[i] = protocol[i] === 1 ? 0 : rng.below(2) === 0 ? PROBED[rng.below(PROBED.length)] : rng.below(65536);
  }
  const icmpType = (i: number) => (protocol[i] === 1 ? 8 : -1);
  const icmpCode = (i: number) => (protocol[i] === 1 ? 0 : -1);
  const engineNumbers = new Int32Array(flows);
  const engine = measureRate(runs, flows, () => {
    for (let i = 0; i < flows; i++) {
      const k = evaluateNetworkAcl(packed, 4, remote[i], 0, 0, 0, protocol[i], dstPort[i], icmpType(i), icmpCode(i));
      engineNumbers[i] = k === NACL_NO_MATCH ? 32767 : packed[k * NACL_STRIDE + N_RULE_NUMBER];
    }
  });
  const naiveNumbers = new Int32Array(flows);
  const naive = measureRate(Math.min(runs, 3), flows, () => {
    for (let i = 0; i < flows; i++) {
      let decided = 32767;
      for (const e of entries) {
        if (((remote[i] & e.cidr.mask[0]) >>> 0) !== e.cidr.words[0]) continue;
        if (e.protocol !== -1 && e.protocol !== protocol[i]) continue;
        if (e.portRange && (dstPort[i] < e.portRange.from || dstPort[i] > e.portRange.to)) continue;
        if (e.icmp && ((e.icmp.type !== -1 && e.icmp.type !== icmpType(i)) || (e.icmp.code !== -1 && e.icmp.code !== icmpCode(i)))) continue;
        decided = e.ruleNumber;
        break;
      }
      naiveNumbers[i] = decided;
    }
  });
  let disagreements = 0;
  for (let i = 0; i < flows; i++) if (engineNumbers[i] !== naiveNumbers[i]) disagreements++;
  return { entries: entries.length, engine, naive, disagreements };
}
