/**
 * The body of `POST /_rampart/v1/decide`, as `rampart check` takes it: `{"from": "10.0.1.5", "to": "203.0.113.9",
 * "proto": "tcp", "port": 443}`; `protocol` is accepted for `proto`, `icmpType`/`icmpCode` for ICMP, `srcPort` for the
 * source port (default 49152, the first IANA ephemeral port). Addresses are IPv4 or IPv6. `"stateful": true` judges the
 * flow as one packet through the account's connection tracker (docs/semantics.md §5): a reply of a tracked flow is
 * admitted by conntrack, and the packet leaves tracking state behind for the next call.
 */
import { parseIp } from '../../core/net/ip.ts';
import { ICMP, ICMPV6, parseProtocolText } from '../../core/net/protocol.ts';
import type { Flow } from '../../engine/index.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';

const port = (v: unknown, name: string, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) throw ec2Error('InvalidParameterValue', `${name} must be an integer 0-65535`);
  return n;
};

export interface DecideRequest {
  readonly flow: Flow;
  readonly stateful: boolean;
}

export function parseDecideRequest(body: string): DecideRequest {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw ec2Error('InvalidParameterValue', 'the body must be a JSON object');
  }
  if (typeof json !== 'object' || json === null) throw ec2Error('InvalidParameterValue', 'the body must be a JSON object');
  const src = typeof json.from === 'string' ? parseIp(json.from) : undefined;
  const dst = typeof json.to === 'string' ? parseIp(json.to) : undefined;
  if (!src) throw ec2Error('InvalidParameterValue', '"from" must be an IP address');
  if (!dst) throw ec2Error('InvalidParameterValue', '"to" must be an IP address');
  if (src.family !== dst.family) throw ec2Error('InvalidParameterValue', '"from" and "to" must be of one address family');
  const protoText = json.proto ?? json.protocol ?? 'tcp';
  const protocol = parseProtocolText(String(protoText));
  if (protocol === undefined || protocol < 0) throw ec2Error('InvalidParameterValue', '"proto" must be tcp, udp, icmp, icmpv6 or a protocol number 0-255');
  const icmp = protocol === ICMP || protocol === ICMPV6;
  const icmpValue = (v: unknown, name: string): number => {
    if (v === undefined) return icmp ? 0 : -1;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) throw ec2Error('InvalidParameterValue', `${name} must be an integer 0-255`);
    return v;
  };
  const hasPorts = protocol === 6 || protocol === 17;
  if (json.stateful !== undefined && typeof json.stateful !== 'boolean') throw ec2Error('InvalidParameterValue', '"stateful" must be true or false');
  const flow: Flow = {
    src,
    dst,
    protocol,
    srcPort: hasPorts ? port(json.srcPort, 'srcPort', 49152) : 0,
    dstPort: hasPorts ? port(json.port, 'port', 0) : 0,
    icmpType: icmpValue(json.icmpType, 'icmpType'),
    icmpCode: icmpValue(json.icmpCode, 'icmpCode'),
  };
  return { flow, stateful: json.stateful === true };
}
