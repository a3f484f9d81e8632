/**
 * Validation of one security-group permission's protocol and ports, with EC2's rules and messages
 * (aws-semantics.md §3.5, fact 10): tcp/udp need both ports in 0–65535; icmp needs type and code (-1 = all,
 * type -1 forces code -1); icmpv6 may omit them (all types and codes); -1 and other protocol numbers ignore
 * whatever ports were sent and are stored as -1/-1, which is how DescribeSecurityGroupRules shows them.
 */
import { ec2Error } from '../errors/ec2-error.ts';
import { ICMP, ICMPV6, hasPorts, parseSecurityGroupProtocol } from '../net/protocol.ts';

export interface PermissionInput {
  readonly ipProtocol: string | undefined;
  readonly fromPort?: number | undefined;
  readonly toPort?: number | undefined;
}

/** Stored form: protocol number (-1 = all), and ports (tcp/udp) or ICMP type/code in fromPort/toPort. */
export interface PermissionPorts {
  readonly protocol: number;
  readonly fromPort: number;
  readonly toPort: number;
}

export function validatePermissionPorts(input: PermissionInput): PermissionPorts {
  if (input.ipProtocol === undefined || input.ipProtocol === '') {
    throw ec2Error('MissingParameter', 'IpProtocol');
  }
  const protocol = parseSecurityGroupProtocol(input.ipProtocol);
  const { fromPort, toPort } = input;
  if (hasPorts(protocol)) {
    if (fromPort === undefined || toPort === undefined) {
      throw ec2Error('InvalidParameterValue', "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
    }
    for (const p of [fromPort, toPort]) {
      if (!Number.isInteger(p) || p < 0 || p > 65535) {
        throw ec2Error('InvalidPermission.Malformed', `TCP/UDP port (${p}) out of range`);
      }
    }
    if (fromPort > toPort) {
      // Code UNCONFIRMED (aws-semantics.md §3.5); InvalidParameterValue is what the other port checks use.
      throw ec2Error('InvalidParameterValue', `Invalid TCP/UDP port range: from port (${fromPort}) is greater than to port (${toPort}).`);
    }
    return { protocol, fromPort, toPort };
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    if (fromPort === undefined && toPort === undefined && protocol === ICMPV6) {
      return { protocol, fromPort: -1, toPort: -1 };
    }
    if (fromPort === undefined || toPort === undefined) {
      throw ec2Error('InvalidParameterValue', "Invalid value 'Must specify both from and to ports with ICMP.' for portRange.");
    }
    if (!Number.isInteger(fromPort) || fromPort < -1 || fromPort > 255) {
      throw ec2Error('InvalidParameterValue', `ICMP type (${fromPort}) out of range`);
    }
    if (!Number.isInteger(toPort) || toPort < -1 || toPort > 255) {
      throw ec2Error('InvalidParameterValue', `ICMP code (${toPort}) out of range`);
    }
    if (fromPort === -1 && toPort !== -1) {
      throw ec2Error('InvalidParameterValue', `Invalid value 'ICMP code (${toPort}) must be -1 when ICMP type is -1.' for icmpCode.`);
    }
    return { protocol, fromPort, toPort };
  }
  // -1 and every other protocol number: all ports, "regardless of any port range you specify" (M).
  return { protocol, fromPort: -1, toPort: -1 };
}
