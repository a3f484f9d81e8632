/**
 * The protocol and ports of a security-group rule as describe output prints them, validated with the same rules
 * and messages as AuthorizeSecurityGroupIngress (core/rules/permission.ts; aws-semantics.md §3.5): names or numbers
 * (`tcp`, `6`, `-1`), tcp/udp ports 0–65535, ICMP type/code with -1 wildcards.
 */
import { Ec2Error } from '../errors/ec2-error.ts';
import { validatePermissionPorts, type PermissionPorts } from '../rules/permission.ts';
import type { DescribeItem } from './describe-item.ts';

export function readRulePorts(item: DescribeItem): PermissionPorts {
  const ipProtocol = item.requiredString('IpProtocol');
  const fromPort = item.optionalInteger('FromPort');
  const toPort = item.optionalInteger('ToPort');
  try {
    return validatePermissionPorts({ ipProtocol, fromPort, toPort });
  } catch (e) {
    if (e instanceof Ec2Error) throw new Ec2Error(e.code, `${item.location}: ${e.message}`);
    throw e;
  }
}
