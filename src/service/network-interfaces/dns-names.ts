/**
 * EC2's DNS names for addresses (CLI-EX outputs): `ip-10-0-0-157.ec2.internal` in us-east-1 and
 * `ip-10-0-0-157.<region>.compute.internal` elsewhere; public `ec2-3-80-1-2.compute-1.amazonaws.com` in us-east-1 and
 * `ec2-….<region>.compute.amazonaws.com` elsewhere. Public names exist only in VPCs with DNS hostnames enabled,
 * which without ModifyVpcAttribute means the default VPC (VPC-DNS: enabled there, disabled in other VPCs).
 */
const dashed = (ip: string): string => ip.replaceAll('.', '-');

export function privateDnsName(ip: string, region: string): string {
  return region === 'us-east-1' ? `ip-${dashed(ip)}.ec2.internal` : `ip-${dashed(ip)}.${region}.compute.internal`;
}

export function publicDnsName(ip: string, region: string, vpcHasDnsHostnames: boolean): string {
  if (!vpcHasDnsHostnames) return '';
  return region === 'us-east-1' ? `ec2-${dashed(ip)}.compute-1.amazonaws.com` : `ec2-${dashed(ip)}.${region}.compute.amazonaws.com`;
}
