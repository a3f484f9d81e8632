/**
 * The in-process EC2 Query stack the fuzz tests drive (issue 5 §8): a real SQLite store in a temp folder, one account,
 * the control plane and the same QueryPipeline the server uses, and a `send` that signs each request with the
 * account's key (SigV4, as a client would) — no HTTP, so thousands of requests take seconds.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QUOTAS } from '../../src/core/quotas.ts';
import { createAccount } from '../../src/service/accounts/account-registry.ts';
import { ControlPlane } from '../../src/service/control-plane.ts';
import { controlPlanePipeline, keyLookups } from '../../src/server/query-pipeline.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

export const FUZZ_REGION = 'us-east-1';

export interface FuzzHarness {
  readonly store: Store;
  readonly plane: ControlPlane;
  readonly accountId: string;
  /** Exceptions the pipeline turned into 500s: a fuzz run must end with none. */
  readonly internalErrors: unknown[];
  /** One signed POST; `tamper` appends a parameter after signing, so the signature must fail. */
  send(params: Array<[string, string]>, tamper: boolean): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function openFuzzHarness(options: { tmpPrefix: string; vpcsPerRegion: number; onEngineError?: (e: unknown) => void }): Promise<FuzzHarness> {
  const dir = mkdtempSync(join(tmpdir(), options.tmpPrefix));
  const store = await openStore(dir);
  const { key } = await createAccount(store);
  const plane = new ControlPlane({ store, quotas: { ...DEFAULT_QUOTAS, vpcsPerRegion: options.vpcsPerRegion }, onEngineError: options.onEngineError });
  const internalErrors: unknown[] = [];
  const pipeline = controlPlanePipeline({ plane, keys: keyLookups(store, plane), auth: 'on', onInternalError: (e) => internalErrors.push(e) });
  const signer = new SignatureV4({ credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }, region: FUZZ_REGION, service: 'ec2', sha256: Sha256 });
  return {
    store,
    plane,
    accountId: key.accountId,
    internalErrors,
    async send(params, tamper) {
      const body = new URLSearchParams(params).toString();
      const signed = await signer.sign(
        new HttpRequest({ method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' }, body }),
      );
      const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
      return pipeline.handle({ method: 'POST', url: '/', headers, body: tamper ? `${body}&Extra=1` : body });
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
