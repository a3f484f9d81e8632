/**
 * A flow: the first packet of a connection (or any later packet, for the stateful path), as numbers.
 * Ports are 0 when the protocol has none; ICMP type/code are -1 when the protocol is not ICMP.
 */
import type { IpAddress } from '../core/net/ip.ts';

export interface Flow {
  readonly src: IpAddress;
  readonly dst: IpAddress;
  /** IP protocol number, 0–255. */
  readonly protocol: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
}
