/**
 * `lab exec`: runs a command inside an instance's namespace or the internet namespace. With `--source-ip`, an
 * internet command runs in a small host namespace of its own that owns that address and hangs off the internet
 * namespace, so any public source address can be used without touching the commands' socket options.
 */
import { spawn } from 'node:child_process';
import { parseIp, formatIp } from '../../core/net/ip.ts';

import { instanceLink, internetHostLink, LabNames, TRANSIT } from './lab-names.ts';
import { ipBatch, listNamespaces, setSysctls } from './system.ts';

export class LabTargetError extends Error {}

/** Creates (once) the namespace of an internet host with `address`, and returns its name. */
export async function ensureInternetHost(addressText: string, labNames = new LabNames()): Promise<string> {
  const INTERNET_NAMESPACE = labNames.internet;
  const address = parseIp(addressText);
  if (!address) throw new LabTargetError(`--source-ip ${addressText} is not an IP address`);
  const text = formatIp(address);
  const ns = labNames.internetHost(text);
  const existing = await listNamespaces();
  if (!existing.includes(INTERNET_NAMESPACE)) throw new LabTargetError('the lab is not up (no internet namespace); run `rampart lab up` first');
  if (existing.includes(ns)) return ns;
  const outer = internetHostLink(text);
  const inner = instanceLink(0);
  const v6 = address.family === 6;
  await ipBatch(undefined, [`netns add ${ns}`]);
  await setSysctls(ns, ['net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0', 'net.ipv4.ping_group_range=0 2147483647']);
  await ipBatch(undefined, [`link add ${outer} netns ${INTERNET_NAMESPACE} type veth peer name ${inner} netns ${ns}`]);
  await ipBatch(ns, [
    'link set lo up',
    `address add ${TRANSIT.routerV6}/64 dev ${inner} nodad`,
    v6 ? `address add ${text}/128 dev ${inner} nodad` : `address add ${text}/32 dev ${inner}`,
    `link set ${inner} up`,
    `route add default via ${TRANSIT.internetV4} dev ${inner} onlink`,
    `route add ::/0 via ${TRANSIT.internetV6} dev ${inner}`,
  ]);
  await ipBatch(INTERNET_NAMESPACE, [
    `address add ${TRANSIT.internetV6}/64 dev ${outer} nodad`,
    `link set ${outer} up`,
    v6 ? `route add ${text}/128 via ${TRANSIT.routerV6} dev ${outer}` : `route add ${text}/32 dev ${outer}`,
  ]);
  return ns;
}

/** The namespace a target names: `internet` (optionally as a given source address) or an instance id. */
export async function resolveExecNamespace(target: string, sourceIp: string | undefined, labNames = new LabNames()): Promise<string> {
  if (target === 'internet') return sourceIp ? ensureInternetHost(sourceIp, labNames) : labNames.internet;
  if (sourceIp) throw new LabTargetError('--source-ip applies to `internet` only; an instance sends from its own addresses');
  const ns = labNames.instance(target);
  if (!(await listNamespaces()).includes(ns)) throw new LabTargetError(`no lab namespace for ${target} (expected ${ns}); is the lab up, and is ${target} in its snapshot?`);
  return ns;
}

/** Runs `command` in the namespace with the terminal attached; resolves to its exit code. */
export function execInNamespace(namespace: string, command: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', namespace, ...command], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Adds extra addresses to the internet namespace itself (tests use many sources without a namespace each). */
export async function addInternetAddresses(addresses: readonly string[], labNames = new LabNames()): Promise<void> {
  await ipBatch(labNames.internet, addresses.map((a) => (a.includes(':') ? `address add ${a}/128 dev lo nodad` : `address add ${a}/32 dev lo`)));
}

