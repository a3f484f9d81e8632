/**
 * Rampart's own JSON API under /_rampart/v1/: `GET health` (no credentials), `POST reset` (only with --allow-reset)
 * and `POST decide`, both SigV4-signed with the caller's EC2 keys (service `ec2`) and acting for the caller's account
 * and the region of the signature's scope. Errors are `{"error": {"code", "message"}}` with the EC2 code's status.
 */
import { SIGNING_NAME } from '../../api/ec2/schema.ts';
import { isEc2Error } from '../../core/errors/ec2-error.ts';
import { verifySigV4, type AccessKeyLookup, type SignedHttpRequest } from '../auth/sigv4.ts';
import type { HttpAnswer } from '../ec2-query/pipeline.ts';

export interface RampartApiOptions {
  readonly auth: 'on' | 'off';
  readonly allowReset: boolean;
  readonly lookupKey: AccessKeyLookup;
  readonly fallbackAccountId: () => Promise<string>;
  readonly isKnownRegion: (region: string) => boolean;
  readonly version: string;
  readonly reset: () => Promise<void>;
  /** Runs the engine for the caller; throws InvalidParameterValue for a bad body. */
  readonly decide: (accountId: string, region: string, body: string) => Promise<unknown>;
  readonly onInternalError: (error: unknown) => void;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const json = (status: number, body: unknown): HttpAnswer => ({ status, contentType: JSON_TYPE, body: JSON.stringify(body) });
const error = (status: number, code: string, message: string): HttpAnswer => json(status, { error: { code, message } });

export class RampartApi {
  constructor(private readonly options: RampartApiOptions) {}

  health(): HttpAnswer {
    return json(200, { status: 'ok', service: 'rampart', version: this.options.version });
  }

  async reset(req: SignedHttpRequest): Promise<HttpAnswer> {
    return this.guarded(req, async () => {
      if (!this.options.allowReset) return error(403, 'ResetDisabled', 'reset is disabled: start the server with --allow-reset');
      await this.options.reset();
      return json(200, { reset: true });
    });
  }

  async decide(req: SignedHttpRequest): Promise<HttpAnswer> {
    return this.guarded(req, async (caller) => json(200, await this.options.decide(caller.accountId, caller.region, req.body)));
  }

  /**
   * Verifies the caller (SigV4, or the fallback account with --auth off) and runs `run` for its account and the
   * region of the signature; EC2 client errors become their status, anything else a logged 500. Public so that other
   * /_rampart/v1 endpoints (src/server/enforcement/) share one authentication path.
   */
  async guarded(req: SignedHttpRequest, run: (caller: { accountId: string; region: string }) => Promise<HttpAnswer>): Promise<HttpAnswer> {
    try {
      const caller =
        this.options.auth === 'on'
          ? await verifySigV4(req, { lookup: this.options.lookupKey, service: SIGNING_NAME, isKnownRegion: this.options.isKnownRegion, now: new Date() }).then(
              (v) => ({ accountId: v.key.accountId, region: v.region }),
            )
          : { accountId: await this.options.fallbackAccountId(), region: 'us-east-1' };
      return await run(caller);
    } catch (e) {
      if (isEc2Error(e) && e.fault === 'client') return error(e.status, e.wireCode, e.message);
      this.options.onInternalError(e);
      return error(500, 'InternalError', 'An internal error has occurred');
    }
  }
}
