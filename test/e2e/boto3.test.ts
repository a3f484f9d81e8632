/**
 * The same control plane through the real boto3 (python3 test/e2e/boto3_workflow.py): the tutorial workflow, error
 * codes as botocore's ClientError reports them, pagination with botocore's own paginator, and a presigned URL.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBoto3, requireClient } from '../helpers/real-clients.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/server.ts';

const enabled = requireClient('boto3', hasBoto3());
let server: TestServer;

describe.skipIf(!enabled)('boto3', () => {
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs the workflow script and every step reports what EC2 would', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('python3', [join(REPO_ROOT, 'test/e2e/boto3_workflow.py')], { env: server.clientEnv }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const results = JSON.parse(out) as Record<string, unknown>;
    expect(results).toEqual({
      vpc_cidr: '10.0.0.0/16',
      web_ingress: [
        ['tcp', 80, 80, ['0.0.0.0/0']],
        ['tcp', 443, 443, ['0.0.0.0/0']],
        ['tcp', 22, 22, ['203.0.113.7/32']],
      ],
      web_egress: [['tcp', 443, 443, ['0.0.0.0/0']]],
      db_sources: [[server.accountId, 'APP']],
      duplicate: ['InvalidPermission.Duplicate', 400],
      delete_app: ['DependencyViolation', 400],
      delete_default: ['CannotDelete', 400],
      dry_run: ['DryRunOperation', 412],
      wrong_secret: ['SignatureDoesNotMatch', 403],
      paginated_groups: 13,
      pages: 3,
      presigned_status: 200,
      atomic_rules_after_failure: 0,
      cleanup: 'ok',
    });
  });
});
