/**
 * A minimal EC2 Query client for the API benchmark: form-encoded POSTs over a node:http keep-alive agent, signed with
 * SigV4 (header form, as botocore and the JS SDK sign) using Node's native HMAC/SHA-256, so the load generator spends
 * as little CPU as possible per request on this 2-core machine. moto accepts any signature; Rampart verifies it.
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';

export interface SigningKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

export interface QueryAnswer {
  readonly status: number;
  readonly body: string;
}

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

  /** One socket per client (`maxSockets: 1`): a load-generator connection is one client. */
  constructor(
    endpoint: string,
    key: SigningKey,
    private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 }),
  ) {
    this.url = new URL(endpoint);
    this.signer = new SigV4Signer(key);
  }

  post(body: string): Promise<QueryAnswer> {
    const headers = { ...this.signer.headers(this.url.host, body), 'content-length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.url.hostname, port: this.url.port, path: '/', method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
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
    this.agent.destroy();
  }
}

export const errorCodeOf = (xml: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
export const firstTag = (xml: string, tag: string): string | undefined => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
