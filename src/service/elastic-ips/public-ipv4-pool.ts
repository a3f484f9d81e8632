/**
 * Amazon's pool of public IPv4 addresses, for Elastic IPs and for the public address an interface gets at launch.
 * Rampart draws at random from 3.80.0.0/12 (part of Amazon's us-east-1 space; which block a real region uses is
 * immaterial here, UNCONFIRMED per region), avoiding addresses this account and region already hold. The block lies
 * outside the private, documentation (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and shared ranges, so a
 * client address such as 203.0.113.10 is always "the internet" to the engine.
 */
import { randomInt } from 'node:crypto';
import { formatIpv4Number, parseIpv4Number } from '../../core/net/ip.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { ResourceView } from '../state/resource.ts';
import type { ElasticIpRecord } from './records.ts';

const POOL_BASE = parseIpv4Number('3.80.0.0')!;
const POOL_SIZE = 2 ** 20;

export function publicAddressesInUse(view: ResourceView): Set<string> {
  const used = new Set<string>();
  for (const e of view.list<ElasticIpRecord>('elastic-ip')) used.add(e.publicIp);
  for (const eni of view.list<NetworkInterfaceRecord>('network-interface')) {
    for (const a of eni.privateAddresses) if (a.association) used.add(a.association.publicIp);
  }
  return used;
}

/** A public address nobody in this account and region holds; `taken` is updated. */
export function drawPublicIpv4(taken: Set<string>): string {
  for (;;) {
    // Skip .0 and .255 of each /24 so no address looks like a network or broadcast address.
    const n = POOL_BASE + randomInt(POOL_SIZE);
    if ((n & 255) === 0 || (n & 255) === 255) continue;
    const text = formatIpv4Number(n);
    if (!taken.has(text)) {
      taken.add(text);
      return text;
    }
  }
}
