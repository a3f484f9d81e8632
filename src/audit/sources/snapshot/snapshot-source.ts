/**
 * `--snapshot DIR`: the `aws ec2 describe-* --output json` files that `rampart check` reads, turned into an
 * estate by the core's describe reader (src/core/describe). Files are streamed (json-stream.ts) and each
 * security group is converted as soon as it is parsed, so a 100,000-group estate never exists as one string or
 * one parsed document, and each group's parse tree is garbage before the next one is read.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotFromDescribe } from '../../../core/describe/index.ts';
import type { SecurityGroup } from '../../../core/model/security-group.ts';
import type { AuditEstate } from '../../model/estate.ts';
import { readTopLevel, type TopLevelSink } from './json-stream.ts';
import { PARALLEL_SCAN_MIN_BYTES, ParallelScan } from './parallel-scan.ts';
import { LeanSecurityGroupReader } from './security-group-reader.ts';

export interface SnapshotSourceOptions {
  readonly region?: string;
  /** Bytes read so far and the total, for a progress bar. */
  readonly onProgress?: (read: number, total: number) => void;
}

export async function readSnapshotDirectory(dir: string, options: SnapshotSourceOptions = {}): Promise<AuditEstate> {
  const files = await snapshotFiles(dir);
  const sizes = (await Promise.all(files.map((f) => stat(f.path)))).map((s) => s.size);
  const total = sizes.reduce((n, s) => n + s, 0);
  // Large files are scanned on a second thread, started now so it runs ahead while the files before it are read.
  const scans = new Map(files.flatMap((f, i) => (sizes[i] >= PARALLEL_SCAN_MIN_BYTES ? [[f.path, new ParallelScan(f.path, f.name)] as const] : [])));
  try {
    return await readFiles(dir, files, scans, total, options);
  } finally {
    await Promise.all([...scans.values()].map((s) => s.close()));
  }
}

async function readFiles(
  dir: string,
  files: ReadonlyArray<{ name: string; path: string }>,
  scans: ReadonlyMap<string, ParallelScan>,
  total: number,
  options: SnapshotSourceOptions,
): Promise<AuditEstate> {
  let read = 0;
  const onBytes = (n: number) => {
    read += n;
    options.onProgress?.(read, total);
  };

  const groups = new Map<string, SecurityGroup>();
  const lean = new LeanSecurityGroupReader();
  const ruleItems: Array<{ name: string; items: unknown[] }> = [];
  const otherDocs: Array<Record<string, unknown>> = [];
  const otherNames: string[] = [];
  for (const file of files) {
    const doc: Record<string, unknown> = {};
    let count = 0;
    const readGroup = (item: unknown) => {
      const g = lean.read(item) ?? coreReadGroup(item, count, file.name);
      if (!groups.has(g.groupId)) groups.set(g.groupId, g); // first capture wins, as in the describe reader
      count++;
    };
    const sink: TopLevelSink = (event) => {
      if (event.kind === 'item' && event.key === 'SecurityGroups') readGroup(event.value);
      else if (event.kind === 'item') ((doc[event.key] ??= []) as unknown[]).push(event.value);
      else doc[event.key] = event.value;
    };
    const scan = scans.get(file.path);
    await (scan ? scan.read(sink, onBytes) : readTopLevel(file.path, file.name, sink, onBytes));
    if (count > 0 && Object.keys(doc).length === 0) continue;
    if (count > 0) doc.SecurityGroups ??= [];
    if (Array.isArray(doc.SecurityGroupRules)) {
      ruleItems.push({ name: file.name, items: doc.SecurityGroupRules });
      delete doc.SecurityGroupRules;
      if (Object.keys(doc).length === 0) continue;
    }
    otherDocs.push(doc);
    otherNames.push(file.name);
  }
  if (otherDocs.length === 0 && groups.size === 0 && ruleItems.length === 0) {
    throw new Error(`${dir}: no describe JSON files (*.json) found`);
  }

  // describe-security-group-rules carries real rule ids and replaces the groups' rules; the reader pairs it with
  // the groups it belongs to, so hand it the groups' identities again.
  if (ruleItems.length > 0) {
    const stubs = [...groups.values()].map((g) => ({ GroupId: g.groupId, GroupName: g.groupName, VpcId: g.vpcId, OwnerId: g.ownerId, Description: g.description }));
    const withRules = snapshotFromDescribe(
      [{ SecurityGroups: stubs }, ...ruleItems.map((r) => ({ SecurityGroupRules: r.items }))],
      { documentNames: ['security groups', ...ruleItems.map((r) => r.name)] },
    );
    for (const g of withRules.securityGroups) {
      const original = groups.get(g.groupId)!;
      groups.set(g.groupId, { ...original, ingress: g.ingress, egress: g.egress });
    }
  }
  const rest = otherDocs.length > 0 ? snapshotFromDescribe(otherDocs, { documentNames: otherNames }) : undefined;
  const snapshot = {
    vpcs: rest?.vpcs ?? [],
    subnets: rest?.subnets ?? [],
    securityGroups: [...groups.values()],
    networkAcls: rest?.networkAcls ?? [],
    networkInterfaces: rest?.networkInterfaces ?? [],
    prefixLists: rest?.prefixLists ?? [],
    routeTables: rest?.routeTables ?? [],
    internetGateways: rest?.internetGateways ?? [],
    instances: rest?.instances ?? [],
  };
  return {
    source: 'snapshot',
    origin: dir,
    snapshot,
    ...(options.region ? { region: options.region } : {}),
    locations: new Map(),
    unresolvedRules: [],
    implicitRuleIds: new Set(),
  };
}

/**
 * A group the lean reader does not accept goes through the core reader, which says exactly what is wrong. The item
 * sits at its own index of an otherwise empty (holey) list, which the core reader skips, so the message names
 * `SecurityGroups[index]` as in the file.
 */
function coreReadGroup(item: unknown, index: number, fileName: string): SecurityGroup {
  const items: unknown[] = [];
  items[index] = item;
  const [group] = snapshotFromDescribe([{ SecurityGroups: items }], { documentNames: [fileName] }).securityGroups;
  return group;
}

async function snapshotFiles(dir: string): Promise<Array<{ name: string; path: string }>> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => ({ name: e.name, path: join(dir, e.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
