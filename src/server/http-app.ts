/**
 * The HTTP wiring: the EC2 Query endpoint at `/` served from node:http ahead of fastify (query-route.ts: it is
 * every AWS client call, and fastify's per-request work cost a fifth of a describe), and fastify, with every body
 * kept as raw text (SigV4 hashes the exact bytes, stack.md), for Rampart's JSON API under `/_rampart/v1/`.
 */
import http from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SignedHttpRequest } from '../protocol/auth/sigv4.ts';
import type { HttpAnswer, QueryPipeline } from '../protocol/ec2-query/pipeline.ts';
import type { RampartApi } from '../protocol/json/rampart-api.ts';
import { BODY_LIMIT, QueryRoute, isQueryRoute } from './query-route.ts';

/** Fastify's own default: idle keep-alive connections stay open 72 s (it sets this only on servers it creates). */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

function signedRequest(req: FastifyRequest): SignedHttpRequest {
  return { method: req.method, url: req.url, headers: req.headers, body: typeof req.body === 'string' ? req.body : '' };
}

function send(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  return reply.code(answer.status).header('content-type', answer.contentType).send(answer.bytes ?? answer.body);
}

export function buildHttpApp(pipeline: QueryPipeline<unknown>, api: RampartApi): FastifyInstance {
  const queryRoute = new QueryRoute(pipeline);
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    serverFactory: (fastifyHandler) => {
      const server = http.createServer((req, res) => (isQueryRoute(req) ? queryRoute.serve(req, res) : fastifyHandler(req, res)));
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
  });
  app.addHook('preClose', (done) => {
    queryRoute.close();
    done();
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.get('/_rampart/v1/health', async (_req, reply) => send(reply, api.health()));
  app.post('/_rampart/v1/reset', async (req, reply) => send(reply, await api.reset(signedRequest(req))));
  app.post('/_rampart/v1/decide', async (req, reply) => send(reply, await api.decide(signedRequest(req))));
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: 'NotFound', message: `no route ${req.method} ${req.url.split('?')[0]}` } }));
  // Malformed bodies and oversized requests are client faults: never 5xx (SDKs retry 5xx).
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) process.stderr.write(`rampart: internal error: ${err.message}\n`);
    return reply.code(status).send({ error: { code: status === 500 ? 'InternalError' : 'BadRequest', message: err.message } });
  });
  return app;
}
