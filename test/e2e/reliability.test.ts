/**
 * Concurrency and crash safety of the control plane (issue 5 §8): concurrent writers end in exactly the expected state;
 * after kill -9 in the middle of a write storm and a restart, every acknowledged write is there.
 */
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcCommand, DescribeSecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ec2Client } from '../helpers/ec2-client.ts';
import { startTestServer } from '../helpers/server.ts';
import { expectAcknowledgedGroupsAfterRestart, killNineDuringWriteStorm } from '../helpers/write-storm.ts';

const WRITERS = 8;
/** Operations per writer: the issue-5 figure, 1,000 (RAMPART_RELIABILITY_OPS for a quicker run). */
const OPS_PER_WRITER = Number(process.env.RAMPART_RELIABILITY_OPS ?? 1000);
const KEPT_PORTS = 10;

describe('reliability', () => {
  it(`${WRITERS} concurrent writers × ${OPS_PER_WRITER} operations end in exactly the expected state`, async () => {
    const server = await startTestServer();
    const ec2 = ec2Client(server);
    try {
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
      const groups = await Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => (await ec2.send(new CreateSecurityGroupCommand({ VpcId: Vpc!.VpcId, GroupName: `writer-${w}`, Description: 'w' }))).GroupId!),
      );
      // Each writer authorizes port p and revokes it again, except the first KEPT_PORTS ports, which stay.
      await Promise.all(
        groups.map(async (groupId) => {
          const perm = (port: number) => [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }];
          for (let op = 0, port = 1; op < OPS_PER_WRITER; port++) {
            await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: perm(port) }));
            op++;
            if (port > KEPT_PORTS && op < OPS_PER_WRITER) {
              await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: perm(port) }));
              op++;
            }
          }
        }),
      );
      const lastPort = KEPT_PORTS + Math.ceil((OPS_PER_WRITER - KEPT_PORTS) / 2);
      const expectedPorts = [...Array.from({ length: KEPT_PORTS }, (_, i) => i + 1), ...((OPS_PER_WRITER - KEPT_PORTS) % 2 === 1 ? [lastPort] : [])];
      for (const groupId of groups) {
        const { SecurityGroupRules } = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }));
        const ingress = SecurityGroupRules!.filter((r) => !r.IsEgress).map((r) => r.FromPort);
        expect(ingress.sort((a, b) => a! - b!)).toEqual(expectedPorts);
      }
    } finally {
      ec2.destroy();
      await server.stop();
    }
  });

  it('keeps every acknowledged write through kill -9 in the middle of a write storm', async () => {
    const first = await startTestServer();
    const acknowledged = await killNineDuringWriteStorm(first, 40);
    await expectAcknowledgedGroupsAfterRestart(first, acknowledged);
  });
});
