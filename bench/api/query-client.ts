/**
 * A minimal EC2 Query client for the API benchmark: form-encoded POSTs over one keep-alive socket (raw-connection.ts),
 * signed with SigV4 (header form, as botocore and the JS SDK sign) using Node's native HMAC/SHA-256, so the load
 * generator spends as little CPU as possible per request on this 2-core machine. moto accepts any signature; Rampart
 * verifies it.
 */
import { createHash, createHmac } from 'node:crypto';
import { RawConnection, type RawAnswer } from './raw-connection.ts';

export interface SigningKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

export type QueryAnswer = RawAnswer;

const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
const SERVICE = 'ec2';

const sha256Hex = (data: string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** The SigV4 headers for a POST of `body` to `/` on `host`. The derived signing key is cached per day. */
export class SigV4Signer {
  private keyDate = '';
  private signingKey: Buffer = Buffer.alloc(0);

  constructor(private readonly key: SigningKey) {}

  headers(host: string, body: string, now = new Date()): Record<string, string> {
    const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    if (date !== this.keyDate) {
      const kDate = hmac(`AWS4${this.key.secretAccessKey}`, date);
      this.signingKey = hmac(hmac(hmac(kDate, this.key.region), SERVICE), 'aws4_request');
      this.keyDate = date;
    }
    const signedHeaders = 'content-type;host;x-amz-date';
    const canonical = ['POST', '/', '', `content-type:${CONTENT_TYPE}`, `host:${host}`, `x-amz-date:${amzDate}`, '', signedHeaders, sha256Hex(body)].join('\n');
    const scope = `${date}/${this.key.region}/${SERVICE}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
    const signature = createHmac('sha256', this.signingKey).update(toSign).digest('hex');
    return {
      'content-type': CONTENT_TYPE,
      'x-amz-date': amzDate,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.key.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    };
  }
}

/** EC2 Query parameters → form body (`Action`, `Version` first). */
export function formBody(action: string, params: Readonly<Record<string, string | number>> = {}): string {
  const p = new URLSearchParams({ Action: action, Version: '2016-11-15' });
  for (const [k, v] of Object.entries(params)) p.append(k, String(v));
  return p.toString();
}

export class QueryClient {
  private readonly url: URL;
  private readonly signer: SigV4Signer;
  /** One socket per client: a load-generator connection is one client. */
  private readonly connection: RawConnection;

  constructor(endpoint: string, key: SigningKey) {
    this.url = new URL(endpoint);
    this.signer = new SigV4Signer(key);
    this.connection = new RawConnection(this.url.hostname, Number(this.url.port || 80));
  }

  post(body: string): Promise<QueryAnswer> {
    const h = this.signer.headers(this.url.host, body);
    const head =
      `POST / HTTP/1.1\r\nhost: ${this.url.host}\r\ncontent-type: ${h['content-type']}\r\nx-amz-date: ${h['x-amz-date']}\r\n` +
      `authorization: ${h.authorization}\r\ncontent-length: ${Buffer.byteLength(body)}`;
    return this.connection.request(head, body);
  }

  call(action: string, params: Readonly<Record<string, string | number>> = {}): Promise<QueryAnswer> {
    return this.post(formBody(action, params));
  }

  /** Like `call`, but a non-200 answer throws with the EC2 error code. */
  async ok(action: string, params: Readonly<Record<string, string | number>> = {}): Promise<string> {
    const a = await this.call(action, params);
    if (a.status !== 200) throw new Error(`${action} answered ${a.status}: ${errorCodeOf(a.body) ?? a.body.slice(0, 300)}`);
    return a.body;
  }

  close(): void {
    this.connection.close();
  }
}

export const errorCodeOf = (xml: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
export const firstTag = (xml: string, tag: string): string | undefined => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
