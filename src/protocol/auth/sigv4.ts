/**
 * AWS Signature Version 4 verification for EC2 requests, in both forms the clients use: the `Authorization` header
 * (aws CLI, boto3, the JS SDK) and the presigned query string (`X-Amz-Credential`, `X-Amz-Signature`, …; boto3's
 * generate_presigned_url). The signature is recomputed with @smithy/signature-v4 from exactly the headers the client
 * listed in SignedHeaders (stack.md recipe), with Node's native SHA-256 and HMAC.
 *
 * Checks, in order, with the EC2 auth codes (aws-semantics.md §2): a signature present (MissingAuthenticationToken),
 * well formed (IncompleteSignature), scoped to the request's date, service `ec2` and a known region
 * (SignatureDoesNotMatch, AWS's wording), within 15 minutes of the server clock or before its presigned expiry
 * (RequestExpired), a known access key (AuthFailure), and an equal signature (SignatureDoesNotMatch).
 */
import { createHash, createHmac, hash as oneShotHash, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Ec2Error, ec2Error } from '../../core/errors/ec2-error.ts';
import { parseAmzDate } from './amz-date.ts';
import { equalSignatures, headerFormSignature } from './header-signature.ts';

/** An access key as the account registry knows it. */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly readOnly: boolean;
}

export type AccessKeyLookup = (accessKeyId: string) => AccessKey | undefined | Promise<AccessKey | undefined>;

export interface SignedHttpRequest {
  readonly method: string;
  /** Path and query string as received, e.g. `/?Action=…`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface VerifiedCaller {
  readonly key: AccessKey;
  /** The region of the credential scope: the region the request acts in. */
  readonly region: string;
}

export interface VerifyOptions {
  readonly lookup: AccessKeyLookup;
  readonly service: string;
  readonly isKnownRegion: (region: string) => boolean;
  readonly now: Date;
}

/** 15 minutes each way, as AWS allows (aws-semantics.md §2, RequestExpired). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

const AUTH_HEADER =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})\s*$/;
const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

/** SHA-256 and HMAC-SHA-256 from Node's crypto, in the Checksum shape @smithy/signature-v4 expects. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBytes = (d: SourceData): string | Buffer =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

class NodeSha256 {
  private state: Hash | Hmac;
  private readonly secret: string | Buffer | undefined;
  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : toBytes(secret);
    this.state = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: SourceData): void {
    this.state.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.state.digest());
  }
  reset(): void {
    this.state = this.fresh();
  }
}

interface SignatureParts {
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly amzDate: string;
  readonly presignedExpiresSeconds?: number;
}

function header(req: SignedHttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseSignature(req: SignedHttpRequest, query: URLSearchParams): SignatureParts {
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const m = AUTH_HEADER.exec(authorization);
    if (!m) throw ec2Error('IncompleteSignature', 'Authorization header requires Credential, SignedHeaders and Signature (AWS4-HMAC-SHA256).');
    const amzDate = header(req, 'x-amz-date');
    if (!amzDate) throw ec2Error('IncompleteSignature', 'Authorization header requires existence of either a X-Amz-Date or a Date header.');
    return { accessKeyId: m[1], scopeDate: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(';'), signature: m[6], amzDate };
  }
  const credential = query.get('X-Amz-Credential');
  if (credential === null) throw ec2Error('MissingAuthenticationToken');
  const m = CREDENTIAL.exec(credential);
  const signature = query.get('X-Amz-Signature') ?? '';
  const signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
  const amzDate = query.get('X-Amz-Date') ?? '';
  const expires = Number(query.get('X-Amz-Expires') ?? 'NaN');
  if (!m || query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !/^[0-9a-f]{64}$/.test(signature) || !signedHeaders || !amzDate) {
    throw ec2Error('IncompleteSignature', 'Presigned requests require X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Signature.');
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
    throw ec2Error('IncompleteSignature', 'X-Amz-Expires must be an integer between 1 and 604800.');
  }
  return {
    accessKeyId: m[1],
    scopeDate: m[2],
    region: m[3],
    service: m[4],
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    presignedExpiresSeconds: expires,
  };
}

function signatureMismatch(detail?: string): Ec2Error {
  return detail === undefined ? ec2Error('SignatureDoesNotMatch') : new Ec2Error('SignatureDoesNotMatch', detail);
}

/** EC2 clients post to `/` with everything in the body: that URL needs no parsing. Shared: never modified. */
const ROOT_URL = new URL('http://localhost/');

export async function verifySigV4(req: SignedHttpRequest, opts: VerifyOptions): Promise<VerifiedCaller> {
  const url = req.url === '/' ? ROOT_URL : new URL(req.url, 'http://localhost');
  const parts = parseSignature(req, url.searchParams);
  const signingDate = parseAmzDate(parts.amzDate);
  if (parts.amzDate.slice(0, 8) !== parts.scopeDate) {
    throw signatureMismatch(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parts.scopeDate}' != '${parts.amzDate.slice(0, 8)}', from '${parts.amzDate}'.`);
  }
  if (parts.service !== opts.service) throw signatureMismatch(`Credential should be scoped to correct service: '${opts.service}'.`);
  if (!opts.isKnownRegion(parts.region)) throw signatureMismatch('Credential should be scoped to a valid region.');

  const now = opts.now.getTime();
  if (parts.presignedExpiresSeconds === undefined) {
    if (Math.abs(now - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
      throw ec2Error('RequestExpired', `Request timestamp ${parts.amzDate} is more than 15 minutes away from the server time.`);
    }
  } else if (now > signingDate.getTime() + parts.presignedExpiresSeconds * 1000 || signingDate.getTime() - now > MAX_CLOCK_SKEW_MS) {
    throw ec2Error('RequestExpired', `Presigned request expired at ${new Date(signingDate.getTime() + parts.presignedExpiresSeconds * 1000).toISOString()}.`);
  }

  const key = await opts.lookup(parts.accessKeyId);
  if (!key) throw ec2Error('AuthFailure');

  const expected = await computeSignature(req, url, parts, key, signingDate);
  if (!equalSignatures(expected, parts.signature)) throw signatureMismatch();
  return { key, region: parts.region };
}

function quickHeaderSignature(method: string, url: URL, parts: SignatureParts, req: SignedHttpRequest, bodyHash: string, key: AccessKey): string | undefined {
  if (url.pathname !== '/') return undefined;
  return headerFormSignature(method, canonicalQuery(url.searchParams), parts.signedHeaders.join(';'), req.headers, bodyHash, parts, key.secretAccessKey);
}

const uriEscape = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(params: URLSearchParams): string {
  const pairs: [string, string][] = [];
  for (const [k, v] of params) if (k !== 'X-Amz-Signature') pairs.push([uriEscape(k), uriEscape(v)]);
  // By key, then by value (the spec's order; a plain sort of "k=v" strings differs when one key prefixes another).
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * Signers are kept per key, region and service: building one per request cost about a third of the verification
 * (bench/api.bench.ts, by-id describe). Keyed on the secret too, so a key whose secret changed gets a new signer.
 */
const SIGNERS = new Map<string, SignatureV4>();
const MAX_SIGNERS = 1000;

function signerFor(key: AccessKey, region: string, service: string): SignatureV4 {
  const cacheKey = `${key.accessKeyId}\n${key.secretAccessKey}\n${region}\n${service}`;
  let signer = SIGNERS.get(cacheKey);
  if (!signer) {
    if (SIGNERS.size >= MAX_SIGNERS) SIGNERS.clear();
    signer = new SignatureV4({
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      region,
      service,
      sha256: NodeSha256,
      applyChecksum: false,
    });
    SIGNERS.set(cacheKey, signer);
  }
  return signer;
}

async function computeSignature(req: SignedHttpRequest, url: URL, parts: SignatureParts, key: AccessKey, signingDate: Date): Promise<string> {
  const headers: Record<string, string> = {};
  for (const h of parts.signedHeaders) {
    const v = header(req, h);
    if (v === undefined) throw signatureMismatch(`The request signed header '${h}', which was not sent.`);
    headers[h] = v;
  }
  if (parts.presignedExpiresSeconds === undefined) {
    // smithy trusts an `x-amz-content-sha256` header as the payload hash; a client may send one (the JS SDK does), so
    // it must equal the hash of the body actually received, or a signed request's body could be swapped.
    const bodyHash = oneShotHash('sha256', req.body, 'hex');
    const declared = header(req, 'x-amz-content-sha256');
    if (declared !== undefined && declared !== bodyHash) {
      throw signatureMismatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    const quick = quickHeaderSignature(req.method, url, parts, req, bodyHash, key);
    if (quick !== undefined && quick === parts.signature) return quick;
  }
  // Only requests the quick path did not settle reach smithy: presigned URLs, other paths, and bad signatures.
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    if (k === 'X-Amz-Signature') continue;
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = signerFor(key, parts.region, parts.service);
  const hostHeader = headers.host ?? header(req, 'host') ?? 'localhost';
  if (parts.presignedExpiresSeconds === undefined) {
    const request = new HttpRequest({
      method: req.method,
      protocol: 'http:',
      hostname: hostHeader.split(':')[0],
      path: url.pathname,
      query,
      headers,
      body: req.body,
    });
    const signed = await signer.sign(request, { signingDate });
    return /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  }
  // Presigned URLs: botocore's SigV4QueryAuth and smithy hash the empty body; S3-style signers send
  // "UNSIGNED-PAYLOAD". The caller compares against both (smithy reads the payload hash from this header).
  const presignWith = async (payloadHash: string): Promise<string> => {
    const request = new HttpRequest({
      method: req.method,
      protocol: 'http:',
      hostname: hostHeader.split(':')[0],
      path: url.pathname,
      query,
      headers: { ...headers, 'x-amz-content-sha256': payloadHash },
    });
    const hidden = new Set(['x-amz-content-sha256']);
    const presigned = await signer.presign(request, {
      signingDate,
      expiresIn: parts.presignedExpiresSeconds,
      unsignableHeaders: hidden,
      unhoistableHeaders: hidden,
    });
    return String(presigned.query?.['X-Amz-Signature'] ?? '');
  };
  const emptyBody = await presignWith(EMPTY_SHA256);
  return emptyBody === parts.signature ? emptyBody : presignWith('UNSIGNED-PAYLOAD');
}
