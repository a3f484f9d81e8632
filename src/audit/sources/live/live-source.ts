/**
 * `--endpoint URL` / `--live`: an EC2 API — a Rampart server or AWS itself — read with the AWS SDK v3 EC2
 * client, through the standard credential chain (environment, profile, SSO, instance role). Each region is one
 * estate. The SDK's describe outputs have the same shape as `aws ec2 describe-* --output json`, so the core's
 * describe reader turns them into the model: one path from API to checks for live data and snapshots alike.
 * Pagination is followed; an operation the endpoint does not implement is skipped with a note (a Rampart server
 * may not serve every describe call), anything else (credentials, network) is an error.
 */
import { snapshotFromDescribe } from '../../../core/describe/index.ts';
import type { AuditEstate } from '../../model/estate.ts';

export interface LiveSourceOptions {
  /** Endpoint URL; undefined for AWS's own endpoints. */
  readonly endpoint?: string;
  readonly region: string;
  /** Explicit credentials (tests); otherwise the default provider chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly onProgress?: (step: string) => void;
}

export class LiveSourceError extends Error {}

interface PermissionLike {
  readonly PrefixListIds?: ReadonlyArray<{ readonly PrefixListId?: string }>;
}
interface GroupLike {
  readonly IpPermissions?: readonly PermissionLike[];
  readonly IpPermissionsEgress?: readonly PermissionLike[];
}

/** Error names meaning "this endpoint does not implement the operation". */
const NOT_IMPLEMENTED = /InvalidAction|UnsupportedOperation|NotImplemented|UnknownOperation/i;

export async function readLive(options: LiveSourceOptions): Promise<AuditEstate> {
  // Loaded on demand: the SDK is large, and only this source needs it.
  const sdk = await import('@aws-sdk/client-ec2');
  const client = new sdk.EC2Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 3,
  });
  const notes: string[] = [];
  const docs: Array<{ name: string; doc: Record<string, unknown> }> = [];

  async function collect<T>(name: string, key: string, pages: () => AsyncIterable<T>, pick: (page: T) => unknown[] | undefined): Promise<unknown[]> {
    options.onProgress?.(name);
    const items: unknown[] = [];
    try {
      for await (const page of pages()) items.push(...(pick(page) ?? []));
    } catch (e) {
      const err = e as { name?: string; message?: string };
      if (NOT_IMPLEMENTED.test(err.name ?? '') || NOT_IMPLEMENTED.test(err.message ?? '')) {
        notes.push(`${name} is not implemented by ${options.endpoint ?? 'the endpoint'}; its resources are not audited`);
        return [];
      }
      throw new LiveSourceError(`${name} failed against ${options.endpoint ?? `AWS ${options.region}`}: ${err.name ?? 'Error'}: ${err.message ?? String(e)}`);
    }
    docs.push({ name: `${name} (${options.region})`, doc: { [key]: items } });
    return items;
  }

  const cfg = { client };
  try {
    await collect('DescribeVpcs', 'Vpcs', () => sdk.paginateDescribeVpcs(cfg, {}), (p) => p.Vpcs);
    await collect('DescribeSubnets', 'Subnets', () => sdk.paginateDescribeSubnets(cfg, {}), (p) => p.Subnets);
    const groups = await collect('DescribeSecurityGroups', 'SecurityGroups', () => sdk.paginateDescribeSecurityGroups(cfg, {}), (p) => p.SecurityGroups);
    await collect('DescribeSecurityGroupRules', 'SecurityGroupRules', () => sdk.paginateDescribeSecurityGroupRules(cfg, {}), (p) => p.SecurityGroupRules);
    await collect('DescribeNetworkAcls', 'NetworkAcls', () => sdk.paginateDescribeNetworkAcls(cfg, {}), (p) => p.NetworkAcls);
    await collect('DescribeNetworkInterfaces', 'NetworkInterfaces', () => sdk.paginateDescribeNetworkInterfaces(cfg, {}), (p) => p.NetworkInterfaces);
    await collect('DescribeInstances', 'Reservations', () => sdk.paginateDescribeInstances(cfg, {}), (p) => p.Reservations);
    await collect('DescribeRouteTables', 'RouteTables', () => sdk.paginateDescribeRouteTables(cfg, {}), (p) => p.RouteTables);
    await collect('DescribeInternetGateways', 'InternetGateways', () => sdk.paginateDescribeInternetGateways(cfg, {}), (p) => p.InternetGateways);
    // Prefix lists: only those the rules use; their entries are what the checks resolve.
    const used = new Set<string>();
    for (const g of groups as GroupLike[]) {
      for (const p of [...(g.IpPermissions ?? []), ...(g.IpPermissionsEgress ?? [])]) for (const l of p.PrefixListIds ?? []) if (l.PrefixListId) used.add(l.PrefixListId);
    }
    if (used.size > 0) {
      const lists = await collect('DescribeManagedPrefixLists', 'PrefixLists', () => sdk.paginateDescribeManagedPrefixLists(cfg, { PrefixListIds: [...used] }), (p) => p.PrefixLists);
      for (const list of lists as Array<{ PrefixListId?: string }>) {
        if (!list.PrefixListId) continue;
        const entries = await collect('GetManagedPrefixListEntries', 'Entries', () => sdk.paginateGetManagedPrefixListEntries(cfg, { PrefixListId: list.PrefixListId! }), (p) => p.Entries);
        // get-managed-prefix-list-entries does not name its list; the describe reader needs it beside the entries.
        docs[docs.length - 1].doc = { PrefixListId: list.PrefixListId, Entries: entries };
      }
    }
  } finally {
    client.destroy();
  }
  const snapshot = snapshotFromDescribe(docs.length > 0 ? docs.map((d) => d.doc) : [{ Vpcs: [] }], { documentNames: docs.map((d) => d.name) });
  return {
    source: 'live',
    origin: options.endpoint ?? `aws:${options.region}`,
    snapshot,
    region: options.region,
    locations: new Map(),
    unresolvedRules: [],
    implicitRuleIds: new Set(),
    notes,
  };
}
