/**
 * Credentials, region and endpoint the way the aws CLI finds them, for `rampart agent`: explicit options first,
 * then the environment (AWS_ACCESS_KEY_ID…, AWS_REGION / AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_EC2 /
 * AWS_ENDPOINT_URL), then the profile (--profile, AWS_PROFILE, `default`) in the shared credentials and config
 * files (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, ~/.aws/…). Static keys only: no SSO, no roles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AwsProfile {
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly region?: string;
  readonly endpoint?: string;
}

/** `[section]` → key → value, for the aws CLI's ini files. */
function readIni(path: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  if (!existsSync(path)) return sections;
  let current: Map<string, string> | undefined;
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      sections.set(header[1], (current = new Map()));
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv && current) current.set(kv[1].toLowerCase(), kv[2]);
  }
  return sections;
}

export function resolveAwsProfile(options: { profile?: string; region?: string; endpoint?: string }, env: NodeJS.ProcessEnv = process.env): AwsProfile {
  const profile = options.profile ?? env.AWS_PROFILE ?? 'default';
  const credentialsFile = readIni(env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'));
  const configFile = readIni(env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config'));
  const config = configFile.get(profile === 'default' ? 'default' : `profile ${profile}`) ?? new Map<string, string>();
  const stored = credentialsFile.get(profile) ?? new Map<string, string>();

  const fromEnv = !options.profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY;
  const accessKeyId = fromEnv ? env.AWS_ACCESS_KEY_ID : (stored.get('aws_access_key_id') ?? config.get('aws_access_key_id'));
  const secretAccessKey = fromEnv ? env.AWS_SECRET_ACCESS_KEY : (stored.get('aws_secret_access_key') ?? config.get('aws_secret_access_key'));
  const sessionToken = fromEnv ? env.AWS_SESSION_TOKEN : (stored.get('aws_session_token') ?? config.get('aws_session_token'));
  return {
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.get('region'),
    endpoint: options.endpoint ?? env.AWS_ENDPOINT_URL_EC2 ?? env.AWS_ENDPOINT_URL ?? config.get('endpoint_url'),
  };
}
