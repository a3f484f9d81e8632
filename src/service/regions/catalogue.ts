/**
 * EC2's public commercial regions and their usual zone names (issue 5 §5). Zone ids follow AWS's `use1-az1` form;
 * AWS maps zone names to ids differently per account, Rampart uses one fixed mapping (UNCONFIRMED by design: the
 * mapping is not observable in any SG/NACL semantics).
 */
export interface RegionInfo {
  readonly name: string;
  /** `opt-in-not-required` for the regions every account has; `opted-in` for the opt-in ones (enabled here). */
  readonly optInStatus: 'opt-in-not-required' | 'opted-in';
  readonly zoneIdPrefix: string;
  /** Zone letters, in order: the default VPC gets one default subnet per zone. */
  readonly zones: string;
}

const R = (name: string, zoneIdPrefix: string, zones: string, optIn = false): RegionInfo => ({
  name,
  optInStatus: optIn ? 'opted-in' : 'opt-in-not-required',
  zoneIdPrefix,
  zones,
});

export const REGIONS: readonly RegionInfo[] = [
  R('af-south-1', 'afs1', 'abc', true),
  R('ap-east-1', 'ape1', 'abc', true),
  R('ap-northeast-1', 'apne1', 'acd'),
  R('ap-northeast-2', 'apne2', 'abcd'),
  R('ap-northeast-3', 'apne3', 'abc'),
  R('ap-south-1', 'aps1', 'abc'),
  R('ap-south-2', 'aps2', 'abc', true),
  R('ap-southeast-1', 'apse1', 'abc'),
  R('ap-southeast-2', 'apse2', 'abc'),
  R('ap-southeast-3', 'apse3', 'abc', true),
  R('ap-southeast-4', 'apse4', 'abc', true),
  R('ap-southeast-5', 'apse5', 'abc', true),
  R('ap-southeast-7', 'apse7', 'abc', true),
  R('ca-central-1', 'cac1', 'abd'),
  R('ca-west-1', 'caw1', 'abc', true),
  R('eu-central-1', 'euc1', 'abc'),
  R('eu-central-2', 'euc2', 'abc', true),
  R('eu-north-1', 'eun1', 'abc'),
  R('eu-south-1', 'eus1', 'abc', true),
  R('eu-south-2', 'eus2', 'abc', true),
  R('eu-west-1', 'euw1', 'abc'),
  R('eu-west-2', 'euw2', 'abc'),
  R('eu-west-3', 'euw3', 'abc'),
  R('il-central-1', 'ilc1', 'abc', true),
  R('me-central-1', 'mec1', 'abc', true),
  R('me-south-1', 'mes1', 'abc', true),
  R('mx-central-1', 'mxc1', 'abc', true),
  R('sa-east-1', 'sae1', 'abc'),
  R('us-east-1', 'use1', 'abcdef'),
  R('us-east-2', 'use2', 'abc'),
  R('us-west-1', 'usw1', 'ab'),
  R('us-west-2', 'usw2', 'abcd'),
];

const BY_NAME = new Map(REGIONS.map((r) => [r.name, r]));

export function findRegion(name: string): RegionInfo | undefined {
  return BY_NAME.get(name);
}

export function isKnownRegion(name: string): boolean {
  return BY_NAME.has(name);
}

export interface ZoneInfo {
  readonly zoneName: string;
  readonly zoneId: string;
  readonly regionName: string;
}

export function zonesOf(region: RegionInfo): ZoneInfo[] {
  return [...region.zones].map((letter, i) => ({
    zoneName: `${region.name}${letter}`,
    zoneId: `${region.zoneIdPrefix}-az${i + 1}`,
    regionName: region.name,
  }));
}
