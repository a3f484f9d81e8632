/**
 * A region feed over HTTP, for `rampart agent`: `GET /_rampart/v1/watch?since=N` (a long poll) and
 * `GET /_rampart/v1/snapshot`, SigV4-signed like every /_rampart/v1 call (service `ec2`, the region in the
 * signature's scope), with the caller's EC2 keys.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { decodeSnapshot } from './snapshot-json.ts';
import { sourceKey, type FeedSnapshot, type RegionFeed, type WatchAnswer } from './region-feed.ts';

export interface HttpFeedOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** How long the server may hold a watch (seconds). */
  readonly waitSeconds?: number;
}

export class FeedHttpError extends Error {}

export class HttpRegionFeed implements RegionFeed {
  readonly source: string;
  private readonly signer: SignatureV4;

  private constructor(
    private readonly options: HttpFeedOptions,
    readonly accountId: string,
  ) {
    this.source = sourceKey(accountId, options.region);
    this.signer = signerFor(options);
  }

  /** Asks the server who the credentials belong to (a watch that does not wait): fails early on a bad key or URL. */
  static async connect(options: HttpFeedOptions): Promise<HttpRegionFeed> {
    const body = (await signedGet(signerFor(options), options.endpoint, '/_rampart/v1/watch', { wait: '0' }, AbortSignal.timeout(30_000))) as { accountId?: unknown };
    if (typeof body.accountId !== 'string') throw new FeedHttpError('watch answered without an account id');
    return new HttpRegionFeed(options, body.accountId);
  }

  async watch(since: number | undefined, signal: AbortSignal): Promise<WatchAnswer> {
    const query: Record<string, string> = { wait: String(this.options.waitSeconds ?? 25) };
    if (since !== undefined) query.since = String(since);
    // The server answers within `wait`; a server that does not (a dead connection) is given up on a little later.
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(((this.options.waitSeconds ?? 25) + 15) * 1000)]);
    const body = (await signedGet(this.signer, this.options.endpoint, '/_rampart/v1/watch', query, bounded)) as Partial<WatchAnswer>;
    if (typeof body.revision !== 'number') throw new FeedHttpError('watch answered without a revision');
    return { revision: body.revision, changed: body.changed === true, resync: body.resync === true };
  }

  async snapshot(): Promise<FeedSnapshot> {
    const body = (await signedGet(this.signer, this.options.endpoint, '/_rampart/v1/snapshot', {}, AbortSignal.timeout(60_000))) as { revision?: unknown; snapshot?: unknown };
    if (typeof body.revision !== 'number') throw new FeedHttpError('snapshot answered without a revision');
    return { revision: body.revision, snapshot: decodeSnapshot(body.snapshot) };
  }
}

const signerFor = (options: HttpFeedOptions): SignatureV4 => new SignatureV4({ credentials: options.credentials, region: options.region, service: 'ec2', sha256: Sha256 });

/** Signs and sends one GET; answers the parsed JSON, or throws with the server's error. */
export async function signedGet(signer: SignatureV4, endpoint: string, path: string, query: Record<string, string>, signal: AbortSignal): Promise<unknown> {
  const url = new URL(path, endpoint);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const request = new HttpRequest({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: { host: url.host },
  });
  const signed = await signer.sign(request);
  const res = await fetch(url, { headers: signed.headers as Record<string, string>, signal });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new FeedHttpError(`${path} answered ${res.status} with a body that is not JSON`);
  }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } }).error;
    throw new FeedHttpError(`${path} answered ${res.status} ${err?.code ?? ''}: ${err?.message ?? text.slice(0, 200)}`);
  }
  return body;
}
