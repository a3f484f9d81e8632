/**
 * One EC2 Query request, end to end, with no per-operation code (style.md §5.3–§5.4):
 *
 *   parameters (query string + form body) → authenticate (SigV4) → Action → decode (generated schema)
 *   → authorise (read-only keys) → handler → DryRun → XML
 *
 * Every failure becomes the EC2 error document with the catalogue's status. Client faults are never 5xx (SDKs retry
 * 5xx); anything that is not an Ec2Error is an internal error: logged with its request id, answered 500 without a stack.
 */
import { randomUUID } from 'node:crypto';
import { OPERATIONS, type OperationSchema } from '../../api/ec2/operations.ts';
import { SIGNING_NAME } from '../../api/ec2/schema.ts';
import { Ec2Error, ec2Error, isEc2Error } from '../../core/errors/ec2-error.ts';
import { verifySigV4Quick } from '../auth/sigv4-quick.ts';
import { verifySigV4, type AccessKey, type AccessKeyLookup, type SignedHttpRequest } from '../auth/sigv4.ts';
import { decodeForm } from './decode-form.ts';
import { encodeError } from './encode-error.ts';
import { encodeSuccessDocument } from './encode-xml.ts';
import { requestParameters } from './form-parameters.ts';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** The same body already encoded as UTF-8 (large remembered answers, encodeSuccessDocument): what the server sends. */
  readonly bytes?: Buffer;
}

export interface CallScope {
  readonly accountId: string;
  readonly region: string;
  readonly requestId: string;
  readonly dryRun: boolean;
}

export type OperationHandler<Ctx> = (input: never, ctx: Ctx) => unknown;

export interface QueryPipelineOptions<Ctx> {
  /** `off` skips signature checks (throwaway use only); the caller's account is then its key's, else `fallbackAccountId`. */
  readonly auth: 'on' | 'off';
  readonly lookupKey: AccessKeyLookup;
  /** The key if it is in memory and current, without waiting (verifySigV4Quick); undefined sends the lookup the slow way. */
  readonly cachedKey?: (accessKeyId: string) => AccessKey | undefined;
  readonly fallbackAccountId: () => Promise<string>;
  readonly isKnownRegion: (region: string) => boolean;
  readonly handlers: Readonly<Partial<Record<string, OperationHandler<Ctx>>>>;
  readonly isReadOnlyOperation: (operation: string) => boolean;
  /** May answer synchronously (the common case: no await on the request's path). */
  readonly contextFor: (scope: CallScope) => Ctx | Promise<Ctx>;
  readonly onInternalError: (error: unknown, requestId: string, action: string | undefined) => void;
  readonly now?: () => Date;
}

const XML = 'text/xml;charset=UTF-8';
const DEFAULT_REGION = 'us-east-1';
const SCOPE_REGION = /Credential=[^/]+\/\d{8}\/([^/]+)\//;

interface Caller {
  readonly accountId: string;
  readonly region: string;
  readonly readOnly: boolean;
}

export class QueryPipeline<Ctx> {
  constructor(private readonly options: QueryPipelineOptions<Ctx>) {}

  async handle(req: SignedHttpRequest): Promise<HttpAnswer> {
    const requestId = randomUUID();
    let action: string | undefined;
    try {
      const params = requestParameters(req.url, req.body);
      const caller = this.quickCaller(req) ?? (await this.authenticate(req, params));
      action = params.get('Action');
      if (action === undefined || action === '') throw ec2Error('MissingAction');
      const operation = (OPERATIONS as Readonly<Record<string, OperationSchema>>)[action];
      if (!operation) throw ec2Error('InvalidAction', action);
      const handler = this.options.handlers[action];
      if (!handler) throw ec2Error('NotImplemented', action);
      const input = decodeForm(operation.input, params.entries());
      if (caller.readOnly && !this.options.isReadOnlyOperation(action)) throw ec2Error('UnauthorizedOperation');
      const dryRun = input.DryRun === true;
      // Contexts and read handlers usually answer synchronously; awaiting only promises saves microtask trips.
      const pendingCtx = this.options.contextFor({ accountId: caller.accountId, region: caller.region, requestId, dryRun });
      const ctx = pendingCtx instanceof Promise ? await pendingCtx : pendingCtx;
      const output = (handler as (i: unknown, c: Ctx) => unknown)(input, ctx);
      const result = output instanceof Promise ? await output : output;
      // Writes stop at DryRunOperation inside their transaction; reads reach here having validated everything.
      if (dryRun) throw ec2Error('DryRunOperation');
      return xmlAnswer(encodeSuccessDocument(action, operation.output, result, requestId));
    } catch (e) {
      return this.failure(e, requestId, action);
    }
  }

  /** The caller of a request verifySigV4Quick settles without waiting; undefined leaves it to authenticate(). */
  private quickCaller(req: SignedHttpRequest): Caller | undefined {
    const { cachedKey } = this.options;
    if (this.options.auth !== 'on' || cachedKey === undefined) return undefined;
    const now = this.options.now?.().getTime() ?? Date.now();
    const verified = verifySigV4Quick(req, { cachedKey, service: SIGNING_NAME, isKnownRegion: this.options.isKnownRegion, now });
    return verified && { accountId: verified.key.accountId, region: verified.region, readOnly: verified.key.readOnly };
  }

  private async authenticate(req: SignedHttpRequest, params: Map<string, string>): Promise<Caller> {
    if (this.options.auth === 'on') {
      const verified = await verifySigV4(req, {
        lookup: this.options.lookupKey,
        service: SIGNING_NAME,
        isKnownRegion: this.options.isKnownRegion,
        now: this.options.now?.() ?? new Date(),
      });
      return { accountId: verified.key.accountId, region: verified.region, readOnly: verified.key.readOnly };
    }
    const authorization = req.headers.authorization;
    const credential = typeof authorization === 'string' ? authorization : (params.get('X-Amz-Credential') ?? '');
    const keyId = /Credential=([^/,\s]+)\//.exec(credential)?.[1] ?? credential.split('/')[0];
    const key = keyId ? await this.options.lookupKey(keyId) : undefined;
    const scoped = SCOPE_REGION.exec(credential)?.[1] ?? credential.split('/')[2];
    const region = scoped !== undefined && this.options.isKnownRegion(scoped) ? scoped : DEFAULT_REGION;
    return { accountId: key?.accountId ?? (await this.options.fallbackAccountId()), region, readOnly: key?.readOnly ?? false };
  }

  private failure(e: unknown, requestId: string, action: string | undefined): HttpAnswer {
    const error: Ec2Error = isEc2Error(e) ? e : ec2Error('InternalError');
    if (!isEc2Error(e) || error.fault === 'server') this.options.onInternalError(e, requestId, action);
    return { status: error.status, contentType: XML, body: encodeError(error.wireCode, error.message, requestId) };
  }
}

function xmlAnswer(document: string | Buffer): HttpAnswer {
  if (typeof document === 'string') return { status: 200, contentType: XML, body: document };
  // Callers other than the HTTP server (tests) read the text; decoded only if asked for.
  return {
    status: 200,
    contentType: XML,
    bytes: document,
    get body() {
      return document.toString('utf8');
    },
  };
}
