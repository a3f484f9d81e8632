/** DescribeRegions, DescribeAvailabilityZones and DescribeAccountAttributes: the account's view of where it can work. */
import type {
  DescribeAccountAttributesRequest,
  DescribeAccountAttributesResult,
  DescribeAvailabilityZonesRequest,
  DescribeAvailabilityZonesResult,
  DescribeRegionsRequest,
  DescribeRegionsResult,
} from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import type { Resource } from '../state/resource.ts';
import { applyFilters } from '../describe/filters.ts';
import { defaultVpcOf } from '../vpcs/lookup.ts';
import { findRegion, REGIONS, zonesOf, type RegionInfo, type ZoneInfo } from './catalogue.ts';

type RegionItem = Resource & { readonly info: RegionInfo };
type ZoneItem = Resource & { readonly zone: ZoneInfo };

export function describeRegions(input: DescribeRegionsRequest, _ctx: RequestContext): DescribeRegionsResult {
  let regions = REGIONS.map((info): RegionItem => ({ kind: 'region-info', id: info.name, info }));
  if (input.RegionNames && input.RegionNames.length > 0) {
    for (const name of input.RegionNames) {
      if (!findRegion(name)) throw ec2Error('InvalidParameterValue', `Invalid region: ${name}`);
    }
    regions = regions.filter((r) => input.RegionNames!.includes(r.id));
  }
  const filtered = applyFilters(regions, input.Filters, {
    endpoint: (r) => `ec2.${r.id}.amazonaws.com`,
    'region-name': (r) => r.id,
    'opt-in-status': (r) => r.info.optInStatus,
  });
  return {
    Regions: filtered.map((r) => ({ RegionName: r.id, Endpoint: `ec2.${r.id}.amazonaws.com`, OptInStatus: r.info.optInStatus })),
  };
}

export function describeAvailabilityZones(input: DescribeAvailabilityZonesRequest, ctx: RequestContext): DescribeAvailabilityZonesResult {
  let zones = zonesOf(findRegion(ctx.region)!).map((zone): ZoneItem => ({ kind: 'zone', id: zone.zoneName, zone }));
  if (input.ZoneNames?.length || input.ZoneIds?.length) {
    for (const n of input.ZoneNames ?? []) if (!zones.some((z) => z.zone.zoneName === n)) throw ec2Error('InvalidParameterValue', `The zone '${n}' does not exist.`);
    for (const n of input.ZoneIds ?? []) if (!zones.some((z) => z.zone.zoneId === n)) throw ec2Error('InvalidParameterValue', `The zone '${n}' does not exist.`);
    zones = zones.filter((z) => input.ZoneNames?.includes(z.zone.zoneName) || input.ZoneIds?.includes(z.zone.zoneId));
  }
  const filtered = applyFilters(zones, input.Filters, {
    'group-name': () => ctx.region,
    'opt-in-status': () => 'opt-in-not-required',
    'region-name': () => ctx.region,
    state: () => 'available',
    'zone-id': (z) => z.zone.zoneId,
    'zone-name': (z) => z.zone.zoneName,
    'zone-type': () => 'availability-zone',
  });
  return {
    AvailabilityZones: filtered.map((z) => ({
      State: 'available',
      OptInStatus: 'opt-in-not-required',
      Messages: [],
      RegionName: ctx.region,
      ZoneName: z.zone.zoneName,
      ZoneId: z.zone.zoneId,
      GroupName: ctx.region,
      NetworkBorderGroup: ctx.region,
      ZoneType: 'availability-zone',
    })),
  };
}

export function describeAccountAttributes(input: DescribeAccountAttributesRequest, ctx: RequestContext): DescribeAccountAttributesResult {
  const values: Record<string, string[]> = {
    'supported-platforms': ['VPC'],
    'default-vpc': [defaultVpcOf(ctx.view)?.id ?? 'none'],
    'max-instances': ['20'],
    'vpc-max-security-groups-per-interface': [String(ctx.quotas.securityGroupsPerInterface)],
    'max-elastic-ips': ['5'],
    'vpc-max-elastic-ips': ['5'],
  };
  const names = input.AttributeNames && input.AttributeNames.length > 0 ? input.AttributeNames : Object.keys(values);
  return {
    AccountAttributes: names
      .filter((n) => values[n] !== undefined)
      .map((n) => ({ AttributeName: n, AttributeValues: values[n].map((v) => ({ AttributeValue: v })) })),
  };
}
