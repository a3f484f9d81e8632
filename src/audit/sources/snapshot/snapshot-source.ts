/**
 * `--snapshot DIR`: the `aws ec2 describe-* --output json` files that `rampart check` reads, turned into an
 * estate by the core's describe reader (src/core/describe). Files are streamed (json-stream.ts) and security
 * groups converted in batches, so a 100,000-group estate never exists as one string or one parsed document.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotFromDescribe } from '../../../core/describe/index.ts';
import type { SecurityGroup } from '../../../core/model/security-group.ts';
import type { AuditEstate } from '../../model/estate.ts';
import { streamTopLevel } from './json-stream.ts';
import { LeanSecurityGroupReader } from './security-group-reader.ts';

export interface SnapshotSourceOptions {
  readonly region?: string;
  /** Bytes read so far and the total, for a progress bar. */
  readonly onProgress?: (read: number, total: number) => void;
}

/** Security groups converted per call of the describe reader. */
const BATCH = 2000;

export async function readSnapshotDirectory(dir: string, options: SnapshotSourceOptions = {}): Promise<AuditEstate> {
  const files = await snapshotFiles(dir);
  const total = (await Promise.all(files.map((f) => stat(f.path)))).reduce((n, s) => n + s.size, 0);
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
    let batch: unknown[] = [];
    let batchStart = 0;
    let count = 0;
    const flush = () => {
      if (batch.length === 0) return;
      const name = `${file.name}: SecurityGroups[${batchStart}…${batchStart + batch.length - 1}]`;
      const fast = batch.map((item) => lean.read(item));
      // Anything the lean reader does not accept goes through the core reader, which says exactly what is wrong.
      const read = fast.every((g) => g !== undefined) ? fast : snapshotFromDescribe([{ SecurityGroups: batch }], { documentNames: [name] }).securityGroups;
      for (const g of read) {
        if (!groups.has(g.groupId)) groups.set(g.groupId, g); // first capture wins, as in the describe reader
      }
      batchStart += batch.length;
      batch = [];
    };
    for await (const event of streamTopLevel(file.path, file.name, onBytes)) {
      if (event.kind === 'item' && event.key === 'SecurityGroups') {
        batch.push(event.value);
        count++;
        if (batch.length >= BATCH) flush();
      } else if (event.kind === 'item') {
        ((doc[event.key] ??= []) as unknown[]).push(event.value);
      } else {
        doc[event.key] = event.value;
      }
    }
    flush();
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

async function snapshotFiles(dir: string): Promise<Array<{ name: string; path: string }>> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => ({ name: e.name, path: join(dir, e.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
