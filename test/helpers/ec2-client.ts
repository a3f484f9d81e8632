/** An @aws-sdk/client-ec2 client for a test server: no retries, so a 5xx or a throttle shows up as a failure. */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { Credentials, TestServer } from './server.ts';

export function ec2Client(server: Pick<TestServer, 'url' | 'credentials'>, options: { credentials?: Credentials; region?: string } = {}): EC2Client {
  return new EC2Client({
    endpoint: server.url,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? server.credentials,
    maxAttempts: 1,
  });
}

/** The EC2 error code and HTTP status of a failed SDK call (fails the test if the call succeeded). */
export async function ec2Failure(call: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
