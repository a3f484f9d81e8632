/**
 * `rampart check`: is this flow allowed, and why? Loads a describe-JSON snapshot, resolves the two endpoints to
 * addresses, asks the engine (`decide`) and prints the verdict with its explanation. Exit codes: 0 allowed,
 * 1 denied, 2 the question could not be asked (bad option, unknown id, unreadable snapshot). docs/check.md.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { decide, type Flow } from '../../engine/index.ts';
import { Ec2Error, ec2Error } from '../../core/errors/ec2-error.ts';
import type { NetworkInterface } from '../../core/model/network.ts';
import type { Snapshot } from '../../core/model/snapshot.ts';
import { parseCidr } from '../../core/net/cidr.ts';
import { ipEquals, parseIp, type Family, type IpAddress } from '../../core/net/ip.ts';
import { ICMP, ICMPV6, hasPorts, isIcmp, parseProtocolText } from '../../core/net/protocol.ts';
import { loadSnapshot } from '../snapshot-files.ts';
import { checkReportJson } from '../format/check-json.ts';
import { checkReportTable } from '../format/check-table.ts';

/** An endpoint as typed: an address, or the id of an interface or instance in the snapshot. */
type EndpointArg =
  | { readonly kind: 'address'; readonly ip: IpAddress }
  | { readonly kind: 'interface'; readonly id: string }
  | { readonly kind: 'instance'; readonly id: string };

interface CheckOptions {
  readonly snapshot: string;
  readonly from: EndpointArg;
  readonly to: EndpointArg;
  readonly proto: number;
  readonly port?: number;
  readonly sourcePort?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly json?: boolean;
}

/** Source port when none is given: the first IANA ephemeral port. Rules match destination ports only (§4.5, §6.10). */
const DEFAULT_SOURCE_PORT = 49152;

export function register(program: Command): void {
  program
    .command('check')
    .description('Decide whether a flow is allowed by the security groups and network ACLs of a snapshot, and explain why')
    .requiredOption('--snapshot <path>', 'folder of `aws ec2 describe-*` JSON files, or one merged JSON file')
    .requiredOption('--from <endpoint>', 'source: an IP address, eni-… or i-…', parseEndpointArg)
    .requiredOption('--to <endpoint>', 'destination: an IP address (private or public), eni-… or i-…', parseEndpointArg)
    .requiredOption('--proto <protocol>', 'tcp, udp, icmp, icmpv6 or a protocol number 0-255', parseProtocolArg)
    .option('--port <n>', 'destination port (tcp, udp)', (v) => parseIntegerArg(v, 0, 65535, 'a port'))
    .option('--source-port <n>', `source port (tcp, udp; default ${DEFAULT_SOURCE_PORT})`, (v) => parseIntegerArg(v, 0, 65535, 'a port'))
    .option('--icmp-type <n>', 'ICMP type (default: echo request, 8 or 128)', (v) => parseIntegerArg(v, 0, 255, 'an ICMP type'))
    .option('--icmp-code <n>', 'ICMP code (default 0)', (v) => parseIntegerArg(v, 0, 255, 'an ICMP code'))
    .option('--json', 'print the decision as JSON')
    .action((options: CheckOptions) => {
      try {
        process.exitCode = runCheck(options);
      } catch (e) {
        // Every failure here is a question that could not be asked: exit 2 with one line (docs/check.md).
        process.stderr.write(`error: ${(e as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}

function runCheck(options: CheckOptions): number {
  const flowShape = flowShapeOf(options);
  const snapshot = loadSnapshot(options.snapshot);
  const { src, dst } = resolveEndpoints(snapshot, options.from, options.to, options.proto);
  const flow: Flow = { src, dst, ...flowShape };
  const decision = decide(snapshot, flow);
  const report = { snapshot, flow, decision };
  process.stdout.write(options.json ? `${JSON.stringify(checkReportJson(report), null, 2)}\n` : `${checkReportTable(report)}\n`);
  return decision.allowed ? 0 : 1;
}

/** Protocol, ports and ICMP fields; refuses options that do not fit the protocol. */
function flowShapeOf(o: CheckOptions): Omit<Flow, 'src' | 'dst'> {
  if (hasPorts(o.proto)) {
    if (o.port === undefined) throw new Error(`--port is required with --proto ${o.proto === 6 ? 'tcp' : 'udp'}`);
    if (o.icmpType !== undefined || o.icmpCode !== undefined) throw new Error('--icmp-type and --icmp-code apply to icmp and icmpv6 only');
    return { protocol: o.proto, srcPort: o.sourcePort ?? DEFAULT_SOURCE_PORT, dstPort: o.port, icmpType: -1, icmpCode: -1 };
  }
  if (o.port !== undefined || o.sourcePort !== undefined) throw new Error('--port and --source-port apply to tcp and udp only');
  if (isIcmp(o.proto)) {
    const echoRequest = o.proto === ICMP ? 8 : 128;
    return { protocol: o.proto, srcPort: 0, dstPort: 0, icmpType: o.icmpType ?? echoRequest, icmpCode: o.icmpCode ?? 0 };
  }
  if (o.icmpType !== undefined || o.icmpCode !== undefined) throw new Error('--icmp-type and --icmp-code apply to icmp and icmpv6 only');
  return { protocol: o.proto, srcPort: 0, dstPort: 0, icmpType: -1, icmpCode: -1 };
}

/**
 * Ids become addresses: an instance is its primary interface (device 0), an interface its primary private address
 * (or first IPv6 address when the question is about IPv6). When the source is an internet host, a destination id
 * means its public address: that is how the internet reaches it (docs/semantics.md §1); without one, the private
 * address is used and the engine answers that it is not reachable from the internet.
 */
function resolveEndpoints(snapshot: Snapshot, from: EndpointArg, to: EndpointArg, protocol: number): { src: IpAddress; dst: IpAddress } {
  const family: Family = from.kind === 'address' ? from.ip.family : to.kind === 'address' ? to.ip.family : protocol === ICMPV6 ? 6 : 4;
  const src = from.kind === 'address' ? from.ip : interfaceAddress(interfaceOf(snapshot, from), family, false);
  const sourceIsInternet = !isSnapshotAddress(snapshot, src);
  const dst = to.kind === 'address' ? to.ip : interfaceAddress(interfaceOf(snapshot, to), family, sourceIsInternet);
  if (sourceIsInternet && !isSnapshotAddress(snapshot, dst)) {
    throw new Error('both --from and --to are outside the snapshot (internet addresses); one end must be an interface of the snapshot');
  }
  if (src.family !== dst.family) throw new Error('--from and --to are of different address families (IPv4 and IPv6)');
  return { src, dst };
}

function interfaceOf(snapshot: Snapshot, arg: Exclude<EndpointArg, { kind: 'address' }>): NetworkInterface {
  let eniId = arg.id;
  if (arg.kind === 'instance') {
    const instance = snapshot.instances.find((i) => i.instanceId === arg.id);
    if (!instance) throw notFound(ec2Error('InvalidInstanceID.NotFound', arg.id));
    if (instance.networkInterfaceIds.length === 0) throw new Error(`instance ${arg.id} has no network interface in the snapshot (state ${instance.state})`);
    eniId = instance.networkInterfaceIds[0];
  }
  const eni = snapshot.networkInterfaces.find((i) => i.networkInterfaceId === eniId);
  if (!eni) throw notFound(ec2Error('InvalidNetworkInterfaceID.NotFound', eniId));
  return eni;
}

function notFound(e: Ec2Error): Error {
  return new Error(`${e.message} in the snapshot`);
}

function interfaceAddress(eni: NetworkInterface, family: Family, fromInternet: boolean): IpAddress {
  if (family === 6) {
    if (eni.ipv6Addresses[0]) return eni.ipv6Addresses[0];
    throw new Error(`${eni.networkInterfaceId} has no IPv6 address`);
  }
  if (fromInternet && eni.publicIp) return eni.publicIp;
  if (eni.privateIps[0]) return eni.privateIps[0];
  throw new Error(`${eni.networkInterfaceId} has no private IPv4 address`);
}

function isSnapshotAddress(snapshot: Snapshot, ip: IpAddress): boolean {
  return snapshot.networkInterfaces.some(
    (i) => i.privateIps.some((a) => ipEquals(a, ip)) || i.ipv6Addresses.some((a) => ipEquals(a, ip)) || (i.publicIp !== undefined && ipEquals(i.publicIp, ip)),
  );
}

// --- option parsers: commander reports an InvalidArgumentError as a usage error, which main.ts exits with 2.

function parseEndpointArg(value: string): EndpointArg {
  if (/^eni-[0-9a-z]+$/i.test(value)) return { kind: 'interface', id: value };
  if (/^i-[0-9a-z]+$/i.test(value)) return { kind: 'instance', id: value };
  const ip = parseIp(value);
  if (ip) return { kind: 'address', ip };
  if (value.includes('/')) {
    const [base, prefix] = value.split('/', 2);
    const baseIp = parseIp(base);
    if (baseIp && !parseCidr(value)) {
      throw new InvalidArgumentError(`not an address, and not even a valid CIDR: /${prefix} is not a prefix length for IPv${baseIp.family} (0-${baseIp.family === 4 ? 32 : 128}).`);
    }
    throw new InvalidArgumentError('a CIDR block is not one address: give one IP address, an eni-… or an i-… id.');
  }
  throw new InvalidArgumentError('not an IP address, an eni-… or an i-… id.');
}

function parseProtocolArg(value: string): number {
  const protocol = parseProtocolText(value);
  if (protocol === undefined) throw new InvalidArgumentError('unknown protocol: use tcp, udp, icmp, icmpv6 or a number 0-255.');
  if (protocol === -1) throw new InvalidArgumentError('-1 means "all protocols" in a rule, but a packet has one protocol: give tcp, udp, icmp, icmpv6 or a number 0-255.');
  return protocol;
}

function parseIntegerArg(value: string, min: number, max: number, what: string): number {
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`not ${what} (${min}-${max}).`);
  return n;
}
