/**
 * EC2 resource ids: a prefix and 17 lower-case hex digits (8 for resources created before 2016, which EC2 still
 * accepts), e.g. `sg-0123456789abcdef0`, `sgr-…`, `vpc-…` (aws-semantics.md §3, "Resource ID forms").
 * Pure: the caller supplies the random hex, so core stays free of I/O and randomness.
 */
export const ID_PREFIXES = {
  securityGroup: 'sg',
  securityGroupRule: 'sgr',
  vpc: 'vpc',
  vpcCidrAssociation: 'vpc-cidr-assoc',
  subnet: 'subnet',
  networkAcl: 'acl',
  networkAclAssociation: 'aclassoc',
  internetGateway: 'igw',
  routeTable: 'rtb',
  routeTableAssociation: 'rtbassoc',
  dhcpOptions: 'dopt',
  networkInterface: 'eni',
  networkInterfaceAttachment: 'eni-attach',
  instance: 'i',
  reservation: 'r',
  prefixList: 'pl',
  launchTemplate: 'lt',
  elasticIp: 'eipalloc',
  elasticIpAssociation: 'eipassoc',
  /** Images: there are none in Rampart, but RunInstances checks that an `ami-` id is well formed. */
  image: 'ami',
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

export const ID_HEX_DIGITS = 17;

export function formatId(prefix: IdPrefix, hex: string): string {
  return `${prefix}-${hex.slice(0, ID_HEX_DIGITS)}`;
}

const PATTERNS = new Map<string, RegExp>();

/** True for `prefix-` followed by 8 or 17 hex digits (EC2's two id lengths). */
export function isWellFormedId(prefix: IdPrefix, text: string): boolean {
  let re = PATTERNS.get(prefix);
  if (!re) PATTERNS.set(prefix, (re = new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`)));
  return re.test(text);
}

/** The prefix of an id (`sg` for `sg-…`, `vpc-cidr-assoc` for `vpc-cidr-assoc-…`), or undefined. */
export function idPrefixOf(text: string): IdPrefix | undefined {
  const m = /^([a-z-]+?)-[0-9a-f]+$/.exec(text);
  if (!m) return undefined;
  const all = Object.values(ID_PREFIXES) as string[];
  // Longest match first: `vpc-cidr-assoc-…` is not a `vpc-…`.
  const candidates = all.filter((p) => text.startsWith(`${p}-`)).sort((a, b) => b.length - a.length);
  return candidates[0] as IdPrefix | undefined;
}

/** A 12-digit AWS account id. */
export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}
