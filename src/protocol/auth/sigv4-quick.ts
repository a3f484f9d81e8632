/**
 * SigV4 verification of the common request without waiting for anything (the pipeline's fast path; sigv4.ts is the
 * authority and gives every error).
 */
import { hash as oneShotHash } from 'node:crypto';
import { parseAmzDateOrUndefined } from './amz-date.ts';
import { equalSignatures, headerFormSignature } from './header-signature.ts';
import { MAX_CLOCK_SKEW_MS, type AccessKey, type SignedHttpRequest, type VerifiedCaller } from './sigv4.ts';

/**
 * The common request settled without waiting for anything: signed in the `Authorization` header, posted to `/` with no
 * query string, by a key the caller holds in memory (`cachedKey`), within the clock-skew limit, with a matching
 * signature. Anything else answers undefined, and the caller runs verifySigV4, which decides it and gives the exact
 * error. Why a second entry point: verifySigV4 is async for the rare cases (a key read from the database, smithy's
 * signer), and every await on a request's path is a trip through the microtask queue; this one has none.
 */
export function verifySigV4Quick(req: SignedHttpRequest, opts: QuickVerifyOptions): VerifiedCaller | undefined {
  if (req.url !== '/') return undefined;
  const authorization = req.headers.authorization;
  const amzDate = req.headers['x-amz-date'];
  if (typeof authorization !== 'string' || typeof amzDate !== 'string') return undefined;
  const a = splitAuthorization(authorization);
  if (a === undefined || amzDate.slice(0, 8) !== a.scopeDate || a.service !== opts.service || !opts.isKnownRegion(a.region)) return undefined;
  const signingDate = parseAmzDateOrUndefined(amzDate);
  if (signingDate === undefined || Math.abs(opts.now - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) return undefined;
  const key = opts.cachedKey(a.accessKeyId);
  if (!key) return undefined;
  const bodyHash = oneShotHash('sha256', req.body, 'hex');
  const declared = req.headers['x-amz-content-sha256'];
  if (declared !== undefined && declared !== bodyHash) return undefined;
  const scope = { amzDate, scopeDate: a.scopeDate, region: a.region, service: a.service };
  const expected = headerFormSignature(req.method, '', a.signedHeaders, req.headers, bodyHash, scope, key.secretAccessKey);
  return expected !== undefined && equalSignatures(expected, a.signature) ? { key, region: a.region } : undefined;
}

const CREDENTIAL_PREFIX = 'AWS4-HMAC-SHA256 Credential=';
const SIGNED_HEADERS_SEPARATOR = ', SignedHeaders=';
const SIGNATURE_SEPARATOR = ', Signature=';
const SIGNED_HEADER_NAMES = /^[a-z0-9;_.-]+$/;

/**
 * The Authorization header exactly as the AWS SDKs, the aws CLI and boto3 write it —
 * `AWS4-HMAC-SHA256 Credential=AK/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=<64 hex>` — split
 * by position: matching AUTH_HEADER was 7% of a verification. Any other spelling (more spaces, another order) answers
 * undefined and is left to verifySigV4, whose AUTH_HEADER accepts a superset of this.
 */
function splitAuthorization(h: string): { accessKeyId: string; scopeDate: string; region: string; service: string; signedHeaders: string; signature: string } | undefined {
  if (!h.startsWith(CREDENTIAL_PREFIX)) return undefined;
  const headersAt = h.indexOf(SIGNED_HEADERS_SEPARATOR, CREDENTIAL_PREFIX.length);
  const signatureAt = headersAt < 0 ? -1 : h.indexOf(SIGNATURE_SEPARATOR, headersAt);
  if (signatureAt < 0 || h.length !== signatureAt + SIGNATURE_SEPARATOR.length + 64) return undefined;
  const scope = h.slice(CREDENTIAL_PREFIX.length, headersAt).split('/');
  const signedHeaders = h.slice(headersAt + SIGNED_HEADERS_SEPARATOR.length, signatureAt);
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !SIGNED_HEADER_NAMES.test(signedHeaders)) return undefined;
  return { accessKeyId: scope[0], scopeDate: scope[1], region: scope[2], service: scope[3], signedHeaders, signature: h.slice(signatureAt + SIGNATURE_SEPARATOR.length) };
}

export interface QuickVerifyOptions {
  /** The access key if the caller holds it in memory and it is current; undefined sends the request the slow way. */
  readonly cachedKey: (accessKeyId: string) => AccessKey | undefined;
  readonly service: string;
  readonly isKnownRegion: (region: string) => boolean;
  /** The server clock, in milliseconds. */
  readonly now: number;
}
