/**
 * What `rampart check` answers with: the flow it asked about, the engine's decision, and the snapshot both refer to,
 * plus the endpoint and flow wording shared by the table and the JSON.
 */
import type { Decision, Endpoint, Flow } from '../../engine/index.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { formatIp } from '../../core/net/ip.ts';
import { hasPorts, isIcmp, protocolLabel } from '../../core/net/protocol.ts';
import { interfaceText } from './stage-explanation.ts';

export interface CheckReport {
  readonly snapshot: Snapshot;
  readonly flow: Flow;
  readonly decision: Decision;
}

/** "tcp port 22 (from port 49152)", "icmp type 8 code 0", "proto 50". */
export function flowText(flow: Flow): string {
  const name = protocolLabel(flow.protocol);
  if (hasPorts(flow.protocol)) return `${name} port ${flow.dstPort} (from port ${flow.srcPort})`;
  if (isIcmp(flow.protocol)) return `${name} type ${flow.icmpType} code ${flow.icmpCode}`;
  return name;
}

/** "203.0.113.10 (internet)", "54.210.167.204 → 10.0.1.10 eni-… (i-… web-1)". */
export function endpointText(typed: string, endpoint: Endpoint, snapshot: Snapshot): string {
  if (endpoint.kind === 'internet' || !endpoint.networkInterfaceId) return `${typed} (internet)`;
  const eni = interfaceText(endpoint.networkInterfaceId, snapshot);
  const where = endpoint.subnetId ? ` in ${endpoint.subnetId}` : '';
  return typed === endpoint.address ? `${typed} ${eni}${where}` : `${typed} → ${endpoint.address} ${eni}${where}`;
}

export function flowAddresses(flow: Flow): { from: string; to: string } {
  return { from: formatIp(flow.src), to: formatIp(flow.dst) };
}
