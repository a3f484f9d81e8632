import { describe, expect, it } from 'vitest';
import { compileRouterRuleset } from './compile.ts';
import { renderFullLoad } from './render.ts';
import { tutorialSnapshot } from '../../../test/enforce/support/tutorial-snapshot.ts';
import { SnapshotBuilder, all, icmp, icmpv6, tcp, udp } from '../../../test/enforce/support/snapshot-builder.ts';

/** Golden files: review changes to them like code; `vitest -u` rewrites them (never under CI). */
describe('compileRouterRuleset (golden)', () => {
  it('compiles the tutorial estate', async () => {
    const text = renderFullLoad(compileRouterRuleset(tutorialSnapshot(), { vpcId: 'vpc-0tutorial', table: 'rampart-vpc' }));
    await expect(text).toMatchFileSnapshot('./testdata/tutorial.nft');
  });

  it('compiles overlapping CIDR rules into disjoint set elements, prefix lists, ICMP and other protocols', async () => {
    const s = new SnapshotBuilder()
      .vpc('vpc-1', '10.0.0.0/16', '2001:db8:1::/56')
      .subnet('subnet-1', 'vpc-1', '10.0.1.0/24', '2001:db8:1:1::/64')
      .prefixList('pl-office', 4, ['192.0.2.0/24', '192.0.2.128/25', '198.51.100.0/24'])
      .group('sg-mixed', 'vpc-1', {
        ingress: [
          tcp(80, '10.0.0.0/8', 443),
          tcp(400, '10.1.0.0/16', 500),
          tcp(22, '10.1.2.3/32'),
          udp(53, '10.0.0.0/8'),
          all('172.16.0.0/12'),
          all('172.16.5.0/24'),
          icmp(3, 4, '10.0.0.0/8'),
          icmp(-1, -1, '0.0.0.0/0'),
          icmpv6(128, -1, '::/0'),
          { protocol: 47, peer: '10.0.0.0/8' },
          tcp(8443, 'pl-office'),
          tcp(5432, 'sg-mixed'),
          tcp(9000, '2001:db8::/32', 9100),
        ],
        egress: [all('0.0.0.0/0')],
      })
      .instance('i-1', { subnetId: 'subnet-1', privateIps: ['10.0.1.5', '10.0.1.6'], ipv6: ['2001:db8:1:1::5'], groups: ['sg-mixed'] })
      .build();
    const text = renderFullLoad(compileRouterRuleset(s, { vpcId: 'vpc-1', table: 'rampart-vpc' }));
    await expect(text).toMatchFileSnapshot('./testdata/mixed-rules.nft');
  });

  it('is deterministic: the order of the snapshot does not change the output', () => {
    const snapshot = tutorialSnapshot();
    const reversed = {
      ...snapshot,
      securityGroups: [...snapshot.securityGroups].reverse(),
      networkInterfaces: [...snapshot.networkInterfaces].reverse(),
      networkAcls: [...snapshot.networkAcls].reverse(),
      subnets: [...snapshot.subnets].reverse(),
    };
    const a = renderFullLoad(compileRouterRuleset(snapshot, { vpcId: 'vpc-0tutorial', table: 'rampart-vpc' }));
    const b = renderFullLoad(compileRouterRuleset(reversed, { vpcId: 'vpc-0tutorial', table: 'rampart-vpc' }));
    expect(b).toBe(a);
  });

  it('refuses a table name without the rampart- prefix', () => {
    expect(() => compileRouterRuleset(tutorialSnapshot(), { vpcId: 'vpc-0tutorial', table: 'filter' })).toThrow(/rampart-/);
  });
});
