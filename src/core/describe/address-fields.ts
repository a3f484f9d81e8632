/**
 * Addresses and CIDR blocks read from describe output, canonicalised with core/net (aws-semantics.md §3.3, fact 8:
 * EC2 stores the network address, so `10.0.0.5/16` reads as `10.0.0.0/16`). Messages follow EC2's own wording
 * for a bad CIDR ("Value (…) for parameter cidrIp is invalid. This is not a valid CIDR block.").
 */
import { parseCidr, type Cidr } from '../net/cidr.ts';
import { parseIp, type Family, type IpAddress } from '../net/ip.ts';
import type { DescribeItem } from './describe-item.ts';

export function requiredCidr(item: DescribeItem, key: string, family?: Family): Cidr {
  return cidrFromText(item, key, item.requiredString(key), family);
}

export function optionalCidr(item: DescribeItem, key: string, family?: Family): Cidr | undefined {
  const text = item.optionalString(key);
  return text === undefined ? undefined : cidrFromText(item, key, text, family);
}

function cidrFromText(item: DescribeItem, key: string, text: string, family?: Family): Cidr {
  const cidr = parseCidr(text, family);
  if (!cidr) {
    const kind = family === 6 ? 'IPv6 CIDR block' : family === 4 ? 'IPv4 CIDR block' : 'CIDR block';
    throw item.fail('InvalidParameterValue', `Value (${text}) for parameter ${lowerFirst(key)} is invalid. This is not a valid ${kind}.`, key);
  }
  return cidr;
}

export function requiredIp(item: DescribeItem, key: string, family?: Family): IpAddress {
  const ip = optionalIp(item, key, family);
  if (!ip) throw item.fail('MissingParameter', `the required key ${key} is missing`);
  return ip;
}

export function optionalIp(item: DescribeItem, key: string, family?: Family): IpAddress | undefined {
  const text = item.optionalString(key);
  if (text === undefined || text === '') return undefined;
  const ip = parseIp(text);
  if (!ip || (family !== undefined && ip.family !== family)) {
    const kind = family === 6 ? 'an IPv6 address' : family === 4 ? 'an IPv4 address' : 'an IP address';
    throw item.fail('InvalidParameterValue', `Value (${text}) for parameter ${lowerFirst(key)} is invalid. It is not ${kind}.`, key);
  }
  return ip;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
