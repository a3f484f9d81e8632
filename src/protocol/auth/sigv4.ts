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
const AMZ_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

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

/** The last date parsed: every request signed within the same second carries the same text. */
let lastAmzDate: { readonly text: string; readonly date: Date } | undefined;

function parseAmzDate(text: string): Date {
  if (lastAmzDate?.text === text) return lastAmzDate.date;
  const date = parseAmzDateText(text);
  lastAmzDate = { text, date };
  return date;
}

function parseAmzDateOrUndefined(text: string): Date | undefined {
  try {
    return parseAmzDate(text);
  } catch {
    return undefined;
  }
}

function parseAmzDateText(text: string): Date {
  const m = AMZ_DATE.exec(text);
  if (!m) throw ec2Error('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${text}'.`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  // Date.UTC rolls over out-of-range fields (month 13, second 61); a date that does not read back the same is not one.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19).replace(/[-:]/g, '') !== text.slice(0, 15)) {
    throw ec2Error('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${text}'.`);
  }
  return date;
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

/**
 * The header-form signature computed directly with Node's SHA-256, for the common case (EC2 posts to `/`): the
 * canonical request of the SigV4 spec over exactly the headers the client signed, the full query string and the body
 * hash. A request is accepted here only when this equals the client's signature, which needs the secret; anything
 * else (another path, a mismatch) goes to @smithy/signature-v4, which stays the authority. Verification through smithy
 * alone was the largest part of a by-id describe's CPU time (bench/api.bench.ts).
 */
function headerFormSignature(
  method: string,
  query: string,
  signedHeaders: string,
  headers: SignedHttpRequest['headers'],
  bodyHash: string,
  scope: { readonly amzDate: string; readonly scopeDate: string; readonly region: string; readonly service: string },
  secret: string,
): string | undefined {
  // SigV4 lists signed headers sorted; a client that did not sort them signed them sorted all the same.
  const names = signedHeaders.split(';');
  const sorted = isSorted(names);
  if (!sorted) names.sort();
  let canonicalHeaders = '';
  for (const name of names) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (value === undefined) return undefined;
    canonicalHeaders += `${name}:${UNTRIMMED.test(value) ? value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '') : value}\n`;
  }
  const canonical = `${method}\n/\n${query}\n${canonicalHeaders}\n${sorted ? signedHeaders : names.join(';')}\n${bodyHash}`;
  const toSign = `AWS4-HMAC-SHA256\n${scope.amzDate}\n${scope.scopeDate}/${scope.region}/${scope.service}/aws4_request\n${oneShotHash('sha256', canonical, 'hex')}`;
  return signingKey(secret, scope.scopeDate, scope.region, scope.service).sign(toSign);
}

function isSorted(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1] > names[i]) return false;
  return true;
}

function quickHeaderSignature(method: string, url: URL, parts: SignatureParts, req: SignedHttpRequest, bodyHash: string, key: AccessKey): string | undefined {
  if (url.pathname !== '/') return undefined;
  return headerFormSignature(method, canonicalQuery(url.searchParams), parts.signedHeaders.join(';'), req.headers, bodyHash, parts, key.secretAccessKey);
}

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

/** Compares in time that depends only on the length (what timingSafeEqual does, without two Buffers per request). */
function equalSignatures(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}

/** A header value the canonical form changes: line breaks, tabs, runs of spaces, or spaces at either end. */
const UNTRIMMED = /[\r\n\t]| {2}|^ | $/;

const uriEscape = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(params: URLSearchParams): string {
  const pairs: [string, string][] = [];
  for (const [k, v] of params) if (k !== 'X-Amz-Signature') pairs.push([uriEscape(k), uriEscape(v)]);
  // By key, then by value (the spec's order; a plain sort of "k=v" strings differs when one key prefixes another).
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * HMAC-SHA-256 under one derived signing key, as two one-shot SHA-256 over the key's padded blocks (RFC 2104):
 * H((K ^ opad) || H((K ^ ipad) || m)). Node's createHmac builds a native object per call; this reuses two buffers
 * and costs half as much (bench/.data measurements: 1.1 vs 2.2 µs), on a path every request takes. Buffers are
 * filled and hashed synchronously, so sharing them is safe.
 */
class RequestSigner {
  private readonly inner: Buffer;
  private readonly outer: Buffer;

  constructor(private readonly key: Buffer) {
    this.inner = Buffer.alloc(64 + 512);
    this.outer = Buffer.alloc(64 + 32);
    for (let i = 0; i < 64; i++) {
      const k = i < key.length ? key[i] : 0;
      this.inner[i] = k ^ 0x36;
      this.outer[i] = k ^ 0x5c;
    }
  }

  /** The hex HMAC of an ASCII string to sign (a string to sign is ASCII: dates, the scope and a hex digest). */
  sign(text: string): string {
    if (text.length > this.inner.length - 64) return createHmac('sha256', this.key).update(text).digest('hex');
    const n = this.inner.write(text, 64, 'latin1');
    this.outer.write(oneShotHash('sha256', this.inner.subarray(0, 64 + n), 'binary'), 64, 'latin1');
    return oneShotHash('sha256', this.outer, 'hex');
  }
}

const SIGNING_KEYS = new Map<string, RequestSigner>();
/** The last signer used: a server mostly hears from one key in one region on one day. */
let lastSigner: { readonly secret: string; readonly date: string; readonly region: string; readonly service: string; readonly signer: RequestSigner } | undefined;

function signingKey(secret: string, date: string, region: string, service: string): RequestSigner {
  const last = lastSigner;
  if (last !== undefined && last.secret === secret && last.date === date && last.region === region && last.service === service) return last.signer;
  const signer = derivedSigner(secret, date, region, service);
  lastSigner = { secret, date, region, service, signer };
  return signer;
}

function derivedSigner(secret: string, date: string, region: string, service: string): RequestSigner {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let k = SIGNING_KEYS.get(cacheKey);
  if (!k) {
    if (SIGNING_KEYS.size >= 1000) SIGNING_KEYS.clear();
    const hmac = (keyBytes: string | Buffer, data: string): Buffer => createHmac('sha256', keyBytes).update(data).digest();
    k = new RequestSigner(hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request'));
    SIGNING_KEYS.set(cacheKey, k);
  }
  return k;
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
