/**
 * verifySigV4 against requests signed by @smithy/signature-v4 (the JS SDK's signer): the forms clients send, with
 * the header variations the canonical form normalises, a query string, a wrong secret, and malformed dates.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { isEc2Error } from '../../core/errors/ec2-error.ts';
import { verifySigV4Quick } from './sigv4-quick.ts';
import { verifySigV4, type AccessKey, type SignedHttpRequest } from './sigv4.ts';

const KEY: AccessKey = { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', accountId: '123456789012', readOnly: false };
const NOW = new Date('2026-11-23T12:00:00Z');
const BODY = 'Action=DescribeSecurityGroups&Version=2016-11-15&GroupId.1=sg-0123456789abcdef0';

async function signed(o: { path?: string; query?: Record<string, string>; headers?: Record<string, string>; secret?: string } = {}): Promise<SignedHttpRequest> {
  const signer = new SignatureV4({ credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: o.secret ?? KEY.secretAccessKey }, region: 'us-east-1', service: 'ec2', sha256: Sha256 });
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 8787,
    path: o.path ?? '/',
    query: o.query,
    headers: { host: '127.0.0.1:8787', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...o.headers },
    body: BODY,
  });
  const s = await signer.sign(request, { signingDate: NOW });
  const headers = Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const qs = new URLSearchParams(o.query ?? {}).toString();
  return { method: 'POST', url: `${o.path ?? '/'}${qs ? `?${qs}` : ''}`, headers, body: BODY };
}

const verify = (req: SignedHttpRequest) => verifySigV4(req, { lookup: (id) => (id === KEY.accessKeyId ? KEY : undefined), service: 'ec2', isKnownRegion: (r) => r === 'us-east-1', now: NOW });

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (isEc2Error(e)) return e.code;
    throw e;
  }
}

describe('verifySigV4', () => {
  it('accepts the JS SDK signature of a form post, with a query string, and with headers the canonical form trims', async () => {
    expect((await verify(await signed())).key.accountId).toBe(KEY.accountId);
    expect((await verify(await signed({ query: { Action: 'DescribeVpcs', b: 'x y', a: '1' } }))).region).toBe('us-east-1');
    expect((await verify(await signed({ headers: { 'x-amz-meta': '  two  spaces\tand a tab ' } }))).key.accessKeyId).toBe(KEY.accessKeyId);
  });

  it('refuses a wrong secret, a changed body, an unknown key and impossible dates', async () => {
    expect(await codeOf(verify(await signed({ secret: 'not-the-secret' })))).toBe('SignatureDoesNotMatch');
    expect(await codeOf(verify({ ...(await signed()), body: `${BODY}&GroupId.2=sg-1` }))).toBe('SignatureDoesNotMatch');
    const good = await signed();
    const otherKey = String(good.headers.authorization).replace(KEY.accessKeyId, 'AKIAUNKNOWNUNKNOWN00');
    expect(await codeOf(verify({ ...good, headers: { ...good.headers, authorization: otherKey } }))).toBe('AuthFailure');
    // Month 13 and second 61 are no dates, whatever Date.UTC would roll them over to.
    for (const amzDate of ['20261323T120000Z', '20261123T120061Z']) {
      const scoped = String(good.headers.authorization).replace('/20261123/', `/${amzDate.slice(0, 8)}/`);
      expect(await codeOf(verify({ ...good, headers: { ...good.headers, 'x-amz-date': amzDate, authorization: scoped } }))).toBe('IncompleteSignature');
    }
  });
});

describe('verifySigV4Quick', () => {
  const quick = (req: SignedHttpRequest, o: { cached?: boolean; now?: Date } = {}) =>
    verifySigV4Quick(req, {
      cachedKey: (id) => (o.cached !== false && id === KEY.accessKeyId ? KEY : undefined),
      service: 'ec2',
      isKnownRegion: (r) => r === 'us-east-1',
      now: (o.now ?? NOW).getTime(),
    });

  it('settles a good header-signed post to / without waiting, with the same answer as verifySigV4', async () => {
    const req = await signed();
    expect(quick(req)).toEqual(await verify(req));
    // Headers the canonical form trims are signed the same way by both paths.
    const trimmed = await signed({ headers: { 'x-amz-meta': '  two  spaces\tand a tab ' } });
    expect(quick(trimmed)?.key.accountId).toBe(KEY.accountId);
  });

  it('leaves everything else to verifySigV4: it never accepts what the full check refuses', async () => {
    const good = await signed();
    const cases: [string, SignedHttpRequest, { cached?: boolean; now?: Date }?][] = [
      ['wrong secret', await signed({ secret: 'not-the-secret' })],
      ['changed body', { ...good, body: `${BODY}&GroupId.2=sg-1` }],
      ['query string', await signed({ query: { Action: 'DescribeVpcs' } })],
      ['key not in memory', good, { cached: false }],
      ['clock skew', good, { now: new Date(NOW.getTime() + 16 * 60 * 1000) }],
      ['declared payload hash differs', { ...good, headers: { ...good.headers, 'x-amz-content-sha256': '0'.repeat(64) } }],
      ['signed header missing', { ...good, headers: { ...good.headers, host: undefined } }],
      ['no Authorization header', { ...good, headers: { ...good.headers, authorization: undefined } }],
      ['unknown region', { ...good, headers: { ...good.headers, authorization: String(good.headers.authorization).replace('/us-east-1/', '/xx-east-9/') } }],
    ];
    for (const [what, req, o] of cases) expect(quick(req, o), what).toBeUndefined();
  });
});
