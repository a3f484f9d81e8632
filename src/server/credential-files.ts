/**
 * DATA/credentials and DATA/config for the aws CLI, boto3 and the SDKs (issue 5 §5): profile `rampart` with the first
 * account's key, `region = us-east-1` and `endpoint_url` pointing at this server. With the three exported variables
 * printed at start, plain `aws ec2 …` talks to Rampart.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROFILE = 'rampart';

export function credentialsPath(dataDir: string): string {
  return resolve(join(dataDir, 'credentials'));
}

export function configPath(dataDir: string): string {
  return resolve(join(dataDir, 'config'));
}

export function writeCredentialsFile(dataDir: string, key: { accessKeyId: string; secretAccessKey: string }): void {
  writeFileSync(credentialsPath(dataDir), `[${PROFILE}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`, { mode: 0o600 });
}

/** Rewritten at every start: the port may differ from the last run. */
export function writeConfigFile(dataDir: string, endpointUrl: string): void {
  writeFileSync(configPath(dataDir), `[profile ${PROFILE}]\nregion = us-east-1\nendpoint_url = ${endpointUrl}\n`);
}

export function hasCredentialsFile(dataDir: string): boolean {
  return existsSync(credentialsPath(dataDir));
}

export function exportLines(dataDir: string): string[] {
  return [
    `export AWS_SHARED_CREDENTIALS_FILE=${credentialsPath(dataDir)}`,
    `export AWS_CONFIG_FILE=${configPath(dataDir)}`,
    `export AWS_PROFILE=${PROFILE}`,
  ];
}
