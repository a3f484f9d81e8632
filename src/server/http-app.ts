/**
 * The HTTP wiring: fastify with every body kept as raw text (SigV4 hashes the exact bytes, stack.md), the EC2 Query
 * endpoint at `/` (GET and POST) and Rampart's JSON API under `/_rampart/v1/`.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SignedHttpRequest } from '../protocol/auth/sigv4.ts';
import type { HttpAnswer, QueryPipeline } from '../protocol/ec2-query/pipeline.ts';
import type { RampartApi } from '../protocol/json/rampart-api.ts';

/** Large enough for any EC2 request Rampart serves (CreateTags on 1,000 resources is ~60 kB). */
const BODY_LIMIT = 4 * 1024 * 1024;

function signedRequest(req: FastifyRequest): SignedHttpRequest {
  return { method: req.method, url: req.url, headers: req.headers, body: typeof req.body === 'string' ? req.body : '' };
}

function send(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  return reply.code(answer.status).header('content-type', answer.contentType).send(answer.bytes ?? answer.body);
}

export function buildHttpApp(pipeline: QueryPipeline<unknown>, api: RampartApi): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, return503OnClosing: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.route({ method: ['GET', 'POST'], url: '/', handler: async (req, reply) => send(reply, await pipeline.handle(signedRequest(req))) });
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
