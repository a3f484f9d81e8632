/**
 * The real aws CLI and boto3 (issue 5 §7). Outside CI a missing client skips its tests with a loud message; with
 * CI=true a missing client is a failure, so CI can never pass by skipping them.
 */
import { spawnSync } from 'node:child_process';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export function hasAwsCli(): boolean {
  return spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
}

export function hasBoto3(): boolean {
  return spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' }).status === 0;
}

/** True when the tests may run; false (after a loud warning) when they must be skipped; throws in CI. */
export function requireClient(name: string, available: boolean): boolean {
  if (available) return true;
  const message = `*** ${name} is not installed: its end-to-end tests are SKIPPED. Install it to run them. ***`;
  if (IN_CI) throw new Error(`${name} is required in CI (CI=true) but is not installed`);
  process.stderr.write(`\n${message}\n\n`);
  return false;
}
