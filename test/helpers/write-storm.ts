/**
 * The durability check of issue 5 §8, for any store: four writers create groups as fast as the server answers, the
 * server is killed with -9 in the middle, and a restarted server must still hold every group whose creation was
 * acknowledged.
 */
import { CreateSecurityGroupCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { rmSync } from 'node:fs';
import { expect } from 'vitest';
import { ec2Client } from './ec2-client.ts';
import { startTestServer, type StartOptions, type TestServer } from './server.ts';

/**
 * Runs the storm on `server` until at least `acknowledgedBeforeKill` creations were answered, calls `whileRunning`
 * (checks on the live server), kills it with -9, and returns the ids of every acknowledged group.
 */
export async function killNineDuringWriteStorm(server: TestServer, acknowledgedBeforeKill: number, whileRunning: () => void = () => undefined): Promise<string[]> {
  const acknowledged: string[] = [];
  let stop = false;
  /** A writer's failure before the kill: a server bug, to report rather than wait on until the test times out. */
  let failure: unknown;
  const storm = async (writer: number): Promise<void> => {
    const ec2 = ec2Client(server);
    try {
      for (let i = 0; !stop; i++) {
        const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: `storm-${writer}-${i}`, Description: 'storm' }));
        acknowledged.push(GroupId!);
      }
    } catch (e) {
      // After the kill the server is gone, and anything unanswered was never acknowledged; before it, a failure is a bug.
      if (!stop) failure ??= e;
    } finally {
      ec2.destroy();
    }
  };
  const writers = Array.from({ length: 4 }, (_, w) => storm(w));
  try {
    while (acknowledged.length < acknowledgedBeforeKill) {
      if (failure !== undefined) throw failure;
      await new Promise((r) => setTimeout(r, 20));
    }
    whileRunning();
  } finally {
    await server.kill9();
    stop = true;
    await Promise.all(writers);
  }
  return acknowledged;
}

/** Restarts on the killed server's data (and store), checks every acknowledged group is there, stops, cleans up. */
export async function expectAcknowledgedGroupsAfterRestart(killed: TestServer, acknowledged: readonly string[], options: StartOptions = {}): Promise<void> {
  const second = await startTestServer({ ...options, dataDir: killed.dataDir });
  const ec2 = ec2Client(second);
  try {
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['storm-*'] }] }));
    const present = new Set(SecurityGroups!.map((g) => g.GroupId));
    expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
  } finally {
    ec2.destroy();
    await second.stop();
    rmSync(killed.dataDir, { recursive: true, force: true });
  }
}
