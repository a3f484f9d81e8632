/**
 * ConnectionTrackingSpecification on interfaces (aws-semantics.md §5.8–§5.9, fact 17): TCP established 60–432,000 s
 * (default 432,000), UDP 30–60 s (default 30), UDP stream 60–180 s (default 180). A value out of range is refused with
 * InvalidParameterValue (code and wording UNCONFIRMED, §5.9).
 */
import type { ConnectionTrackingSpecificationRequest, ConnectionTrackingConfiguration } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { DEFAULT_CONNECTION_TRACKING, type ConnectionTrackingTimeouts } from '../../core/model/network.ts';
import type { ConnectionTrackingRecord } from './records.ts';

const RANGES = {
  TcpEstablishedTimeout: [60, 432_000],
  UdpStreamTimeout: [60, 180],
  UdpTimeout: [30, 60],
} as const;

function seconds(name: keyof typeof RANGES, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const [min, max] = RANGES[name];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw ec2Error('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid. It must be between ${min} and ${max} seconds.`);
  }
  return value;
}

/** The timeouts a request sets, merged over `base` (what the interface had). Undefined when none is set. */
export function connectionTrackingFrom(
  spec: ConnectionTrackingSpecificationRequest | undefined,
  base: ConnectionTrackingRecord | undefined = undefined,
): ConnectionTrackingRecord | undefined {
  if (!spec) return base;
  const tcp = seconds('TcpEstablishedTimeout', spec.TcpEstablishedTimeout) ?? base?.tcpEstablishedTimeout;
  const udpStream = seconds('UdpStreamTimeout', spec.UdpStreamTimeout) ?? base?.udpStreamTimeout;
  const udp = seconds('UdpTimeout', spec.UdpTimeout) ?? base?.udpTimeout;
  if (tcp === undefined && udpStream === undefined && udp === undefined) return undefined;
  return {
    ...(tcp !== undefined ? { tcpEstablishedTimeout: tcp } : {}),
    ...(udpStream !== undefined ? { udpStreamTimeout: udpStream } : {}),
    ...(udp !== undefined ? { udpTimeout: udp } : {}),
  };
}

/** The timeouts the engine applies: the caller's, defaults for the rest. */
export function effectiveTimeouts(c: ConnectionTrackingRecord | undefined): ConnectionTrackingTimeouts {
  return {
    tcpEstablishedTimeout: c?.tcpEstablishedTimeout ?? DEFAULT_CONNECTION_TRACKING.tcpEstablishedTimeout,
    udpTimeout: c?.udpTimeout ?? DEFAULT_CONNECTION_TRACKING.udpTimeout,
    udpStreamTimeout: c?.udpStreamTimeout ?? DEFAULT_CONNECTION_TRACKING.udpStreamTimeout,
  };
}

/**
 * `connectionTrackingConfiguration` as describes show it: present once a timeout was set, with all three values
 * (UNCONFIRMED whether EC2 shows it on interfaces that never had one set; Rampart omits it there).
 */
export function connectionTrackingToWire(c: ConnectionTrackingRecord | undefined): ConnectionTrackingConfiguration | undefined {
  if (!c) return undefined;
  const t = effectiveTimeouts(c);
  return { TcpEstablishedTimeout: t.tcpEstablishedTimeout, UdpStreamTimeout: t.udpStreamTimeout, UdpTimeout: t.udpTimeout };
}
