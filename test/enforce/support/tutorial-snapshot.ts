/**
 * The tutorial estate (README "Lab"): one VPC with a public subnet (web, office bastion) and a private subnet
 * (database) behind a custom NACL, an internet gateway, IPv4 and IPv6.
 *   sg-web:   tcp 80, 443 and 8080 from anywhere (v4 + v6), ICMP echo from the VPC, all egress
 *   sg-ssh:   tcp 22 from the office /32 only
 *   sg-app:   members talk to the database; egress all
 *   sg-db:    tcp 3306 from sg-app only; no egress rules (replies leave through conntrack)
 */
import type { Snapshot } from '../../../src/core/model/snapshot.ts';
import { all, icmp, SnapshotBuilder, tcp } from './snapshot-builder.ts';

export const OFFICE_IP = '198.51.100.7';

export function tutorialSnapshot(): Snapshot {
  return new SnapshotBuilder()
    .vpc('vpc-0tutorial', '10.20.0.0/16', '2001:db8:20::/56')
    .subnet('subnet-0public', 'vpc-0tutorial', '10.20.1.0/24', '2001:db8:20:1::/64')
    .subnet('subnet-0private', 'vpc-0tutorial', '10.20.2.0/24', '2001:db8:20:2::/64')
    .internetGateway('igw-0tutorial', 'vpc-0tutorial')
    .routeTable('rtb-0main', 'vpc-0tutorial', { main: true, routes: [['10.20.0.0/16', 'local'], ['2001:db8:20::/56', 'local']] })
    .routeTable('rtb-0public', 'vpc-0tutorial', {
      subnets: ['subnet-0public'],
      routes: [['10.20.0.0/16', 'local'], ['2001:db8:20::/56', 'local'], ['0.0.0.0/0', 'igw-0tutorial'], ['::/0', 'igw-0tutorial']],
    })
    .group('sg-0web', 'vpc-0tutorial', {
      ingress: [tcp(80, '0.0.0.0/0'), tcp(443, '0.0.0.0/0'), tcp(8080, '0.0.0.0/0'), tcp(80, '::/0'), icmp(8, -1, '10.20.0.0/16')],
      egress: [all('0.0.0.0/0'), all('::/0')],
    })
    .group('sg-0ssh', 'vpc-0tutorial', { ingress: [tcp(22, `${OFFICE_IP}/32`)] })
    .group('sg-0app', 'vpc-0tutorial', { egress: [all('0.0.0.0/0')] })
    .group('sg-0db', 'vpc-0tutorial', { ingress: [tcp(3306, 'sg-0app')] })
    .nacl('acl-0private', 'vpc-0tutorial', ['subnet-0private'], [
      { n: 100, egress: false, action: 'allow', protocol: 6, cidr: '10.20.1.0/24', ports: [3306, 3306] },
      { n: 110, egress: false, action: 'allow', protocol: 6, cidr: '10.20.1.0/24', ports: [1024, 65535] },
      { n: 100, egress: true, action: 'allow', protocol: 6, cidr: '10.20.1.0/24', ports: [1024, 65535] },
      { n: 110, egress: true, action: 'allow', protocol: 6, cidr: '10.20.1.0/24', ports: [3306, 3306] },
    ])
    .nacl('acl-0default', 'vpc-0tutorial', ['subnet-0public'], [
      { n: 100, egress: false, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' },
      { n: 101, egress: false, action: 'allow', protocol: -1, cidr: '::/0' },
      { n: 100, egress: true, action: 'allow', protocol: -1, cidr: '0.0.0.0/0' },
      { n: 101, egress: true, action: 'allow', protocol: -1, cidr: '::/0' },
    ], true)
    .instance('i-0web', { subnetId: 'subnet-0public', privateIps: ['10.20.1.10'], ipv6: ['2001:db8:20:1::10'], publicIp: '203.0.113.10', groups: ['sg-0web', 'sg-0ssh', 'sg-0app'] })
    .instance('i-0other', { subnetId: 'subnet-0public', privateIps: ['10.20.1.20'], publicIp: '203.0.113.20', groups: ['sg-0web'] })
    .instance('i-0db', { subnetId: 'subnet-0private', privateIps: ['10.20.2.30'], ipv6: ['2001:db8:20:2::30'], groups: ['sg-0db'] })
    .build();
}
