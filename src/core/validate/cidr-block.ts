/**
 * VPC and subnet CIDR blocks (aws-semantics.md §3.13–§3.14): IPv4, canonicalised, /16 to /28.
 */
import { ec2Error } from '../errors/ec2-error.ts';
import { parseCidr, type Cidr } from '../net/cidr.ts';

export const MIN_BLOCK_PREFIX = 16;
export const MAX_BLOCK_PREFIX = 28;

function parseBlock(text: string, parameter: string): Cidr {
  const cidr = parseCidr(text.trim(), 4);
  if (!cidr) throw ec2Error('InvalidParameterValue', `Value (${text}) for parameter ${parameter} is invalid. This is not a valid CIDR block.`);
  return cidr;
}

export function parseVpcCidrBlock(text: string): Cidr {
  const cidr = parseBlock(text, 'cidrBlock');
  if (cidr.prefixLength < MIN_BLOCK_PREFIX || cidr.prefixLength > MAX_BLOCK_PREFIX) throw ec2Error('InvalidVpcRange', text);
  return cidr;
}

export function parseSubnetCidrBlock(text: string): Cidr {
  const cidr = parseBlock(text, 'cidrBlock');
  if (cidr.prefixLength < MIN_BLOCK_PREFIX || cidr.prefixLength > MAX_BLOCK_PREFIX) throw ec2Error('InvalidSubnet.Range', text);
  return cidr;
}
