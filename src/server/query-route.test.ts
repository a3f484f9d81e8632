import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { HttpAnswer, QueryPipeline } from '../protocol/ec2-query/pipeline.ts';
import type { SignedHttpRequest } from '../protocol/auth/sigv4.ts';
import type { RampartApi } from '../protocol/json/rampart-api.ts';
import { buildHttpApp } from './http-app.ts';
import { BODY_LIMIT, QueryRoute } from './query-route.ts';

/** A pipeline that answers with what it received, so the route's reading of method, URL and body shows. */
const echo = {
  handle: async (req: SignedHttpRequest): Promise<HttpAnswer> => ({
    status: 200,
    contentType: 'text/xml;charset=UTF-8',
    body: `<Echo>${req.method} ${req.url} ${req.body.length} ${req.body.slice(0, 20)}</Echo>`,
  }),
} as unknown as QueryPipeline<unknown>;
const api = { health: (): HttpAnswer => ({ status: 200, contentType: 'application/json', body: '{"status":"ok"}' }) } as unknown as RampartApi;

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(pipeline: QueryPipeline<unknown> = echo): Promise<string> {
  app = buildHttpApp(pipeline, api);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('the EC2 Query route ahead of fastify', () => {
  it('hands POST and GET on / to the pipeline with the exact body and URL', async () => {
    const base = await start();
    const post = await fetch(`${base}/`, { method: 'POST', body: 'Action=DescribeVpcs&Version=2016-11-15', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.status).toBe(200);
    expect(post.headers.get('content-type')).toBe('text/xml;charset=UTF-8');
    expect(await post.text()).toBe('<Echo>POST / 38 Action=DescribeVpcs&</Echo>');
    const get = await fetch(`${base}/?Action=DescribeVpcs`);
    expect(await get.text()).toBe('<Echo>GET /?Action=DescribeVpcs 0 </Echo>');
  });

  it('keeps a multi-byte body intact across chunks', async () => {
    const base = await start();
    const body = `Action=CreateTags&Tag.1.Value=${encodeURIComponent('é'.repeat(100_000))}`;
    const answer = await fetch(`${base}/`, { method: 'POST', body });
    expect(await answer.text()).toContain(`POST / ${body.length} `);
  });

  it('refuses a body over the limit with 413, never a 5xx', async () => {
    const base = await start();
    const answer = await fetch(`${base}/`, { method: 'POST', body: 'x'.repeat(BODY_LIMIT + 1) });
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('BadRequest');
  });

  it('leaves the JSON API and unknown paths to fastify', async () => {
    const base = await start();
    expect(await (await fetch(`${base}/_rampart/v1/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/elsewhere`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('answers 503 once closing begins, without calling the pipeline', async () => {
    let calls = 0;
    const counting = { handle: async (req: SignedHttpRequest) => (calls++, echo.handle(req)) } as unknown as QueryPipeline<unknown>;
    const route = new QueryRoute(counting);
    const server = http.createServer((req, res) => route.serve(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/`, { method: 'POST', body: 'a' })).status).toBe(200);
      route.close();
      const late = await fetch(`${base}/`, { method: 'POST', body: 'b' });
      expect(late.status).toBe(503);
      expect(late.headers.get('connection')).toBe('close');
      expect(calls).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('answers 500 and stays up when the pipeline fails, which it never should', async () => {
    const broken = { handle: async (): Promise<HttpAnswer> => Promise.reject(new Error('boom')) } as unknown as QueryPipeline<unknown>;
    const base = await start(broken);
    const answer = await fetch(`${base}/`, { method: 'POST', body: 'Action=DescribeVpcs' });
    expect(answer.status).toBe(500);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('InternalError');
    expect((await fetch(`${base}/_rampart/v1/health`)).status).toBe(200);
  });

  it('gives every request of a batch its own answer when many arrive together', async () => {
    const base = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    try {
      // The number first: the echo shows the first 20 characters.
      const bodies = Array.from({ length: 64 }, (_, i) => `N=${i}&Action=DescribeVpcs`);
      const answers = await Promise.all(
        bodies.map(
          (body) =>
            new Promise<string>((resolve, reject) => {
              const req = http.request(`${base}/`, { method: 'POST', agent }, (res) => {
                let text = '';
                res.on('data', (d: Buffer) => (text += d.toString()));
                res.on('end', () => resolve(text));
              });
              req.on('error', reject);
              req.end(body);
            }),
        ),
      );
      answers.forEach((text, i) => expect(text).toBe(`<Echo>POST / ${bodies[i].length} ${bodies[i].slice(0, 20)}</Echo>`));
    } finally {
      agent.destroy();
    }
  });

  it('answers 500 and stays up when writing an answer fails', async () => {
    const unwritable = {
      handle: async () => ({
        status: 200,
        contentType: 'text/xml',
        get body(): string {
          throw new Error('cannot encode');
        },
      }),
    } as unknown as QueryPipeline<unknown>;
    const base = await start(unwritable);
    const answer = await fetch(`${base}/`, { method: 'POST', body: 'Action=DescribeVpcs' });
    expect(answer.status).toBe(500);
    expect((await fetch(`${base}/_rampart/v1/health`)).status).toBe(200);
  });
});
