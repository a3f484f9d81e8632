import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../core/net/cidr.ts';
import { emptySnapshot } from '../../core/model/snapshot.ts';
import type { NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { SecurityGroupRule } from '../../core/model/security-group.ts';
import { networkAclEntryText, securityGroupRuleText } from './rule-text.ts';

const snapshot = {
  ...emptySnapshot(),
  securityGroups: [{ groupId: 'sg-0app', groupName: 'app', description: '', vpcId: 'vpc-1', ownerId: '1', ingress: [], egress: [] }],
  prefixLists: [{ prefixListId: 'pl-1', prefixListName: 'offices', addressFamily: 4 as const, maxEntries: 5, version: 1, entries: [] }],
};
const rule = (r: Partial<SecurityGroupRule>): SecurityGroupRule => ({
  ruleId: 'sgr-1',
  groupId: 'sg-1',
  direction: 'ingress',
  protocol: 6,
  fromPort: 22,
  toPort: 22,
  peer: { kind: 'cidr', cidr: parseCidr('203.0.113.10/32')! },
  ...r,
});
const entry = (e: Partial<NetworkAclEntry>): NetworkAclEntry => ({ ruleNumber: 100, egress: false, action: 'allow', protocol: -1, cidr: parseCidr('0.0.0.0/0')!, ...e });

describe('securityGroupRuleText', () => {
  it('says protocol, ports or ICMP type/code, and the peer', () => {
    expect(securityGroupRuleText(rule({ description: 'office' }), snapshot)).toBe('tcp 22 from 203.0.113.10/32 "office"');
    expect(securityGroupRuleText(rule({ protocol: 17, fromPort: 1024, toPort: 65535 }), snapshot)).toBe('udp 1024-65535 from 203.0.113.10/32');
    expect(securityGroupRuleText(rule({ fromPort: 0, toPort: 65535 }), snapshot)).toBe('tcp all ports from 203.0.113.10/32');
    expect(securityGroupRuleText(rule({ protocol: -1, fromPort: -1, toPort: -1, direction: 'egress', peer: { kind: 'cidr', cidr: parseCidr('::/0')! } }), snapshot)).toBe(
      'all traffic to ::/0',
    );
    expect(securityGroupRuleText(rule({ protocol: 1, fromPort: 8, toPort: -1 }), snapshot)).toBe('icmp type 8 code any from 203.0.113.10/32');
    expect(securityGroupRuleText(rule({ protocol: 58, fromPort: -1, toPort: -1 }), snapshot)).toBe('icmpv6 from 203.0.113.10/32');
    expect(securityGroupRuleText(rule({ protocol: 50, fromPort: -1, toPort: -1 }), snapshot)).toBe('proto 50 from 203.0.113.10/32');
  });

  it('names referenced groups and prefix lists when the snapshot knows them', () => {
    expect(securityGroupRuleText(rule({ peer: { kind: 'group', groupId: 'sg-0app' } }), snapshot)).toBe('tcp 22 from sg-0app (app)');
    expect(securityGroupRuleText(rule({ peer: { kind: 'group', groupId: 'sg-0gone' } }), snapshot)).toBe('tcp 22 from sg-0gone');
    expect(securityGroupRuleText(rule({ peer: { kind: 'prefix-list', prefixListId: 'pl-1' } }), snapshot)).toBe('tcp 22 from pl-1 (offices)');
  });
});

describe('networkAclEntryText', () => {
  it('says the action, the traffic and the CIDR, from inbound and to outbound', () => {
    expect(networkAclEntryText(entry({}))).toBe('allow all traffic from 0.0.0.0/0');
    expect(networkAclEntryText(entry({ action: 'deny', protocol: 6, portRange: { from: 22, to: 22 } }))).toBe('deny tcp 22 from 0.0.0.0/0');
    expect(networkAclEntryText(entry({ egress: true, protocol: 6, portRange: { from: 1024, to: 65535 }, cidr: parseCidr('10.0.0.0/16')! }))).toBe(
      'allow tcp 1024-65535 to 10.0.0.0/16',
    );
    expect(networkAclEntryText(entry({ protocol: 1, icmp: { type: 3, code: 4 } }))).toBe('allow icmp type 3 code 4 from 0.0.0.0/0');
    expect(networkAclEntryText(entry({ protocol: 6 }))).toBe('allow tcp from 0.0.0.0/0');
  });
});
