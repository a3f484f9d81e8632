import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAwsProfile } from './aws-profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-profile-'));
const credentials = join(dir, 'credentials');
const config = join(dir, 'config');
writeFileSync(credentials, '[default]\naws_access_key_id = AKDEFAULT\naws_secret_access_key = sdefault\n\n[rampart]\naws_access_key_id = AKRAMPART\naws_secret_access_key = srampart\n');
writeFileSync(config, '[default]\nregion = eu-west-1\n\n[profile rampart]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:8787\n');
const files = { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveAwsProfile', () => {
  it('reads the profile from the files the server writes, as the aws CLI does', () => {
    expect(resolveAwsProfile({}, { ...files, AWS_PROFILE: 'rampart' })).toEqual({
      credentials: { accessKeyId: 'AKRAMPART', secretAccessKey: 'srampart' },
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:8787',
    });
    expect(resolveAwsProfile({}, files)).toMatchObject({ credentials: { accessKeyId: 'AKDEFAULT' }, region: 'eu-west-1' });
  });

  it('prefers options, then the environment', () => {
    const env = { ...files, AWS_PROFILE: 'rampart', AWS_ACCESS_KEY_ID: 'AKENV', AWS_SECRET_ACCESS_KEY: 'senv', AWS_REGION: 'ap-south-1' };
    expect(resolveAwsProfile({}, env)).toMatchObject({ credentials: { accessKeyId: 'AKENV' }, region: 'ap-south-1' });
    // An explicit --profile means that profile's keys, whatever the environment holds.
    expect(resolveAwsProfile({ profile: 'rampart', region: 'us-west-2', endpoint: 'http://x' }, env)).toMatchObject({ credentials: { accessKeyId: 'AKRAMPART' }, region: 'us-west-2', endpoint: 'http://x' });
  });

  it('answers no credentials for an unknown profile', () => {
    expect(resolveAwsProfile({ profile: 'nope' }, files).credentials).toBeUndefined();
  });
});
