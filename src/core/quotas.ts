/**
 * Service quotas the control plane enforces, with EC2's defaults (aws-semantics.md §7, fact 24). All are per account
 * and region unless the name says otherwise; `rampart serve --quota name=value` overrides them.
 */
export interface Quotas {
  /** VPC security groups per Region: 2,500. */
  readonly securityGroupsPerRegion: number;
  /** Inbound or outbound rules per group, counted separately for IPv4 and IPv6: 60. */
  readonly rulesPerSecurityGroup: number;
  /** Security groups per network interface: 5 (max 16). */
  readonly securityGroupsPerInterface: number;
  /** VPCs per Region: 5 (the default VPC counts). */
  readonly vpcsPerRegion: number;
  /** Subnets per VPC: 200. */
  readonly subnetsPerVpc: number;
  /** Network ACLs per VPC: 200. */
  readonly networkAclsPerVpc: number;
  /** Rules per network ACL per direction and address family, including the `*` rule: 20. */
  readonly networkAclEntriesPerAcl: number;
  /** Tags per resource: 50. */
  readonly tagsPerResource: number;
  /** Elastic IP addresses per Region: 5 (EC2's default "EC2-VPC Elastic IPs" quota). */
  readonly elasticIpsPerRegion: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  securityGroupsPerRegion: 2500,
  rulesPerSecurityGroup: 60,
  securityGroupsPerInterface: 5,
  vpcsPerRegion: 5,
  subnetsPerVpc: 200,
  networkAclsPerVpc: 200,
  networkAclEntriesPerAcl: 20,
  tagsPerResource: 50,
  elasticIpsPerRegion: 5,
};

export function isQuotaName(name: string): name is keyof Quotas {
  return Object.hasOwn(DEFAULT_QUOTAS, name);
}

/** Applies `name=value` overrides; returns an error message for a bad one. */
export function withOverrides(base: Quotas, overrides: readonly string[]): Quotas | string {
  const out: Record<string, number> = { ...base };
  for (const o of overrides) {
    const m = /^([a-zA-Z]+)=(\d+)$/.exec(o);
    if (!m || !isQuotaName(m[1])) return `unknown quota override '${o}' (known: ${Object.keys(DEFAULT_QUOTAS).join(', ')})`;
    out[m[1]] = Number(m[2]);
  }
  return out as unknown as Quotas;
}
