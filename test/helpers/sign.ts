/**
 * Hand-built SigV4 requests for the auth tests (what an SDK does, with the knobs an SDK does not expose: a wrong
 * secret, a skewed clock, another service, a presigned URL), signed with @smithy/signature-v4 as the JS SDK signs.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './server.ts';

export interface SignOptions {
  readonly credentials: Credentials;
  readonly region?: string;
  readonly service?: string;
  readonly signingDate?: Date;
}

function signer(o: SignOptions): SignatureV4 {
  return new SignatureV4({ credentials: o.credentials, region: o.region ?? 'us-east-1', service: o.service ?? 'ec2', sha256: Sha256 });
}

/** POSTs a signed form (EC2 Query) or JSON body; returns status and text. */
export async function signedPost(url: string, path: string, body: string, contentType: string, o: SignOptions): Promise<{ status: number; text: string }> {
  const u = new URL(path, url);
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    headers: { host: u.host, 'content-type': contentType },
    body,
  });
  const signed = await signer(o).sign(request, { signingDate: o.signingDate ?? new Date() });
  const res = await fetch(u, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  return { status: res.status, text: await res.text() };
}

export function signedQuery(url: string, params: Record<string, string>, o: SignOptions): Promise<{ status: number; text: string }> {
  return signedPost(url, '/', new URLSearchParams({ Version: '2016-11-15', ...params }).toString(), 'application/x-www-form-urlencoded; charset=utf-8', o);
}

/** A presigned GET URL for an EC2 action, as boto3's generate_presigned_url makes. */
export async function presignedUrl(url: string, params: Record<string, string>, o: SignOptions & { expiresIn?: number }): Promise<string> {
  const u = new URL('/', url);
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: '/',
    query: { Version: '2016-11-15', ...params },
    headers: { host: u.host },
  });
  const signed = await signer(o).presign(request, { signingDate: o.signingDate ?? new Date(), expiresIn: o.expiresIn ?? 60 });
  const qs = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `${url}/?${qs}`;
}

export const errorCode = (xml: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
