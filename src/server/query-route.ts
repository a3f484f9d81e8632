/**
 * The EC2 Query endpoint (`GET|POST /`) served straight from node:http, ahead of fastify.
 *
 * Why not a fastify route: every AWS client call lands here, and fastify's per-request machinery (content-type
 * parsing, routing, hooks, the Reply object) cost ~30 µs of CPU per request on this machine — a third of what a
 * do-nothing server costs and a fifth of a whole describe by id (bench/api-floor.bench.ts, docs/api.md "Speed").
 * The route needs none of it: the body is read as text (SigV4 hashes the exact bytes), the pipeline answers with a
 * status, a content type and a body, and it never throws. Fastify keeps everything else (`/_rampart/v1/…`, 404s).
 * The behaviour fastify gave this route is kept: a 4 MB body limit answered 413, 503 while the server is closing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SignedHttpRequest } from '../protocol/auth/sigv4.ts';
import type { HttpAnswer, QueryPipeline } from '../protocol/ec2-query/pipeline.ts';

/** Large enough for any EC2 request Rampart serves (CreateTags on 1,000 resources is ~60 kB). */
export const BODY_LIMIT = 4 * 1024 * 1024;

/** `/` with or without a query string: where EC2 clients send every call (HEAD as fastify exposed it for GET). */
export function isQueryRoute(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return (req.method === 'POST' || req.method === 'GET' || req.method === 'HEAD') && (url === '/' || url.startsWith('/?'));
}

function writeAnswer(res: ServerResponse, answer: HttpAnswer): void {
  const payload = answer.bytes ?? answer.body;
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** The JSON error shape fastify's error handler gives the rest of the server (http-app.ts). */
function writeJsonError(res: ServerResponse, status: number, code: string, message: string, close: boolean): void {
  const body = JSON.stringify({ error: { code, message } });
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

export class QueryRoute {
  private closing = false;

  constructor(private readonly pipeline: QueryPipeline<unknown>) {}

  /** From now on answer 503 (fastify's return503OnClosing), so a shutting-down server takes no new calls. */
  close(): void {
    this.closing = true;
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    if (this.closing) {
      writeJsonError(res, 503, 'ServiceUnavailable', 'the server is shutting down', true);
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > BODY_LIMIT) {
      writeJsonError(res, 413, 'BadRequest', 'Request body is too large', true);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT && !tooLarge) {
        tooLarge = true;
        writeJsonError(res, 413, 'BadRequest', 'Request body is too large', true);
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      const body = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
      const signed: SignedHttpRequest = { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body };
      this.pipeline
        .handle(signed)
        .then((answer) => writeAnswer(res, answer))
        .catch((e: unknown) => {
          // The pipeline turns every failure into an EC2 error answer, so reaching here is a bug (in it or in writing
          // the answer). It is still never an unhandled rejection, which would stop the server.
          process.stderr.write(`rampart: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
          if (!res.headersSent) writeJsonError(res, 500, 'InternalError', 'internal error', false);
          else res.destroy();
        });
    });
    // A client that goes away mid-request leaves nothing to answer.
    req.on('error', () => res.destroy());
  }
}
